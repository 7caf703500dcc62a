package dev.convscope.gateway.batch;

/**
 * One image of a data set.
 *
 * @param name how people find it again: "item 42" or its object key
 * @param png the image as PNG or JPEG bytes
 * @param label its class index, or -1 when unlabelled
 */
public record DatasetItem(String name, byte[] png, int label) {}
