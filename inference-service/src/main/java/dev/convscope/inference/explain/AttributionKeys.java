package dev.convscope.inference.explain;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.attribution.AttributionMethod;
import java.nio.charset.StandardCharsets;

/**
 * Where an attribution's two pictures are stored: keys that name everything the pictures were made
 * from (model, image, class, method and its setting, colormap), so that the same request always
 * finds the same objects and a different one never overwrites them.
 *
 * <pre>
 * attributions/MODEL_DIGEST/IMAGE_DIGEST/CLASS/METHOD[-SETTING]/COLORMAP.png
 * attributions/MODEL_DIGEST/IMAGE_DIGEST/CLASS/METHOD[-SETTING]/COLORMAP.overlay.png
 * attributions/MODEL_DIGEST/IMAGE_DIGEST/CLASS/METHOD[-SETTING]/map.npy
 * </pre>
 *
 * @param picture the map drawn alone
 * @param overlay the map over the image as the network saw it
 * @param map the raw map, which no colormap changes
 */
public record AttributionKeys(String picture, String overlay, String map) {

  /**
   * @param setting the Grad-CAM layer, SmoothGrad's samples or integrated gradients' steps; empty
   *     for the other methods
   */
  static AttributionKeys of(
      String modelDigest,
      String imageDigest,
      int classIndex,
      AttributionMethod method,
      String setting,
      String colormap) {
    String folder =
        "attributions/"
            + modelDigest
            + "/"
            + imageDigest
            + "/"
            + classIndex
            + "/"
            + method.id()
            + (setting.isEmpty() ? "" : "-" + safe(setting))
            + "/";
    return new AttributionKeys(
        folder + colormap + ".png", folder + colormap + ".overlay.png", folder + "map.npy");
  }

  /**
   * A layer name as one path segment: characters outside {@code [A-Za-z0-9._-]} (ONNX names hold
   * '/') become '_', and the name's digest is added so that two names never share a key.
   */
  private static String safe(String setting) {
    String safe = setting.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.equals(setting)
        ? safe
        : safe + "." + Sha256.hex(setting.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }
}
