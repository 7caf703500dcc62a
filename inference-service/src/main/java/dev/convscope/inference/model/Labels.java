package dev.convscope.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Class labels shipped with the service. */
public final class Labels {

  private static final String IMAGENET = "/labels/imagenet.txt";

  private Labels() {}

  /** ImageNet's 1000 class names for a 1000-class output, when shipped; otherwise none. */
  public static List<String> forClasses(int classes) {
    if (classes != 1000) {
      return List.of();
    }
    List<String> imagenet = resource(IMAGENET);
    return imagenet.size() == 1000 ? imagenet : List.of();
  }

  /** The non-empty lines of a class-path resource, or an empty list when there is none. */
  public static List<String> resource(String path) {
    try (InputStream in = Labels.class.getResourceAsStream(path)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(line -> !line.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
