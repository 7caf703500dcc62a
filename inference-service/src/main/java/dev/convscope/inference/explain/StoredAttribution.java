package dev.convscope.inference.explain;

/**
 * One method's map for one class, drawn and stored.
 *
 * @param layer the Grad-CAM layer; empty for the other methods
 * @param score the class's logit for the image
 */
public record StoredAttribution(
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
    AttributionKeys keys) {}
