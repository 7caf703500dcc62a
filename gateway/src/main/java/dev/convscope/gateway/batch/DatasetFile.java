package dev.convscope.gateway.batch;

/**
 * An uploaded data-set file as a list shows it.
 *
 * @param key where it is in the bucket, as a job names it
 * @param kind {@value #IMAGES}, {@value #LABELS} or {@value #OTHER} (not an IDX file)
 * @param items images or labels in the file; 0 for another file
 * @param rows an image's height, for an image file
 * @param cols an image's width, for an image file
 * @param uploadedAt when it was stored, ISO-8601
 * @param labels the key of the label file uploaded for an image file, or null
 */
public record DatasetFile(
    String key,
    String name,
    String kind,
    int items,
    int rows,
    int cols,
    long sizeBytes,
    String uploadedAt,
    String labels) {

  public static final String IMAGES = "images";
  public static final String LABELS = "labels";
  public static final String OTHER = "other";

  DatasetFile withLabels(String labelsKey) {
    return new DatasetFile(key, name, kind, items, rows, cols, sizeBytes, uploadedAt, labelsKey);
  }
}
