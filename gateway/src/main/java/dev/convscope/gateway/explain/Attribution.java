package dev.convscope.gateway.explain;

/**
 * One method's map for one class, as the inference service stored it.
 *
 * @param layer the Grad-CAM layer; empty for the other methods
 * @param score the class's score (its logit) for the image
 * @param pictureKey the map drawn alone
 * @param overlayKey the map over the image as the network saw it
 * @param mapKey the raw map as .npy (float32, height by width)
 */
public record Attribution(
    int classIndex,
    String label,
    String method,
    String layer,
    float score,
    int width,
    int height,
    float min,
    float max,
    float mean,
    String pictureKey,
    String overlayKey,
    String mapKey) {}
