package dev.convscope.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 1000 ILSVRC 2012 class names in the order of Caffe's and DIGITS' synset_words.txt (WordNet
 * ids sorted), without the ids: "tench, Tinca tinca", "goldfish, Carassius auratus", ... Shipped as
 * a resource, never downloaded.
 */
public final class ImageNetLabels {

  static final String RESOURCE = "/labels/imagenet.txt";
  public static final int COUNT = 1000;

  private static volatile List<String> labels;

  private ImageNetLabels() {}

  /** ImageNet's names for a 1000-class output; no labels for any other size. */
  public static List<String> forClasses(int classes) {
    return classes == COUNT ? all() : List.of();
  }

  public static List<String> all() {
    List<String> known = labels;
    if (known == null) {
      known = read();
      labels = known;
    }
    return known;
  }

  private static List<String> read() {
    try (InputStream in = ImageNetLabels.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      List<String> read =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .lines()
              .filter(line -> !line.isBlank())
              .toList();
      if (read.size() != COUNT) {
        throw new IllegalStateException(
            RESOURCE + " holds " + read.size() + " labels, not " + COUNT);
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
