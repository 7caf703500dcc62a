package dev.convscope.inference.explain;

import dev.convscope.models.attribution.AttributionMethod;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An explanation asked for, its defaults filled in and its names checked.
 *
 * @param classIndex the class to explain; empty for the {@code topK} most probable
 * @param layer Grad-CAM's layer; empty for the model's default
 */
public record ExplainRequestSpec(
    String model,
    byte[] image,
    OptionalInt classIndex,
    int topK,
    Set<AttributionMethod> methods,
    String layer,
    int samples,
    int steps,
    String colormap) {}
