package dev.convscope.cli.gateway;

import java.util.regex.Pattern;

/**
 * Names the files a run is saved as: {@code conv1-activation-tiles.png}, and the values {@code
 * conv1-activation.npy}.
 */
final class PictureFiles {

  /** Anything but letters, digits, dot, dash and underscore: no layer name leaves its folder. */
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private static final int MAX_NAME_LENGTH = 120;

  private PictureFiles() {}

  static String name(String layer, String kind, String pictureKind) {
    return safe(layer) + "-" + kind + "-" + pictureKind + ".png";
  }

  static String valuesName(String layer, String kind) {
    return safe(layer) + "-" + kind + ".npy";
  }

  private static String safe(String layer) {
    String safeLayer = UNSAFE.matcher(layer).replaceAll("_");
    // No empty names, and none hidden or standing for a folder ("..").
    if (safeLayer.isEmpty() || safeLayer.startsWith(".")) {
      safeLayer = "_" + safeLayer;
    }
    if (safeLayer.length() > MAX_NAME_LENGTH) {
      safeLayer = safeLayer.substring(0, MAX_NAME_LENGTH);
    }
    return safeLayer;
  }
}
