package dev.convscope.visualization.store;

import dev.convscope.contract.options.View;
import dev.convscope.render.DrawingOptions;

/**
 * Content-addressed object keys (DESIGN.md's storage layout). The same tensor and options always
 * give the same key:
 *
 * <ul>
 *   <li>weights of a model: {@code models/{modelDigest}/weights/{layer}/{view}-{options}.png}
 *   <li>activations of a run: {@code runs/{modelDigest}/{imageDigest}/{layer}/{view}-{options}.png}
 *   <li>any other tensor: {@code tensors/{sha256 of its dtype, shape and
 *       bytes}/{view}-{options}.png}
 * </ul>
 *
 * <p>A tensor's values, when asked for, are stored in the same folder as {@code values.npy}: they
 * depend on no drawing option.
 */
public final class PictureKeys {

  private PictureKeys() {}

  /**
   * @param modelDigest hex SHA-256 of the model, or empty
   * @param imageDigest hex SHA-256 of the image, or empty (always empty for weights)
   * @param contentDigest hex SHA-256 of the tensor itself; used only when the tensor belongs to no
   *     model run
   * @param colourData whether the tensor is drawn as colour images (three planes)
   */
  public static String of(
      String layer,
      boolean weights,
      String modelDigest,
      String imageDigest,
      java.util.function.Supplier<String> contentDigest,
      View view,
      DrawingOptions options,
      boolean colourData) {
    String file = view.keyName() + "-" + options.keyPart(colourData) + ".png";
    return folder(layer, weights, modelDigest, imageDigest, contentDigest) + file;
  }

  /** Where the tensor's values are stored as .npy: beside its pictures. */
  public static String valuesOf(
      String layer,
      boolean weights,
      String modelDigest,
      String imageDigest,
      java.util.function.Supplier<String> contentDigest) {
    return folder(layer, weights, modelDigest, imageDigest, contentDigest) + "values.npy";
  }

  private static String folder(
      String layer,
      boolean weights,
      String modelDigest,
      String imageDigest,
      java.util.function.Supplier<String> contentDigest) {
    if (!modelDigest.isEmpty() && weights) {
      return "models/" + modelDigest + "/weights/" + layer + "/";
    }
    if (!modelDigest.isEmpty() && !imageDigest.isEmpty()) {
      return "runs/" + modelDigest + "/" + imageDigest + "/" + layer + "/";
    }
    return "tensors/" + contentDigest.get() + "/";
  }
}
