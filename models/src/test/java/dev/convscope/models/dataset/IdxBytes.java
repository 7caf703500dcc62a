package dev.convscope.models.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files byte by byte, so tests can make every kind of broken one. */
public final class IdxBytes {

  private IdxBytes() {}

  public static byte[] images(int count, int rows, int cols, byte[] pixels) {
    return ByteBuffer.allocate(16 + pixels.length)
        .putInt(IdxFile.IMAGES_MAGIC)
        .putInt(count)
        .putInt(rows)
        .putInt(cols)
        .put(pixels)
        .array();
  }

  public static byte[] labels(int count, byte[] labels) {
    return ByteBuffer.allocate(8 + labels.length)
        .putInt(IdxFile.LABELS_MAGIC)
        .putInt(count)
        .put(labels)
        .array();
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Fashion-MNIST-shaped directory of {@code train} and {@code test} random 28×28 images with
   * labels cycling through the ten classes, gzipped like the real files.
   */
  public static Path fakeFashionMnist(Path directory, int train, int test, long seed) {
    java.util.Random random = new java.util.Random(seed);
    writePair(directory, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, train, random);
    writePair(directory, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, test, random);
    return directory;
  }

  private static void writePair(
      Path directory, String images, String labels, int count, java.util.Random random) {
    byte[] pixels = new byte[count * 28 * 28];
    random.nextBytes(pixels);
    byte[] classes = new byte[count];
    for (int i = 0; i < count; i++) {
      classes[i] = (byte) (i % 10);
    }
    write(directory.resolve(images), gzip(images(count, 28, 28, pixels)));
    write(directory.resolve(labels), gzip(labels(count, classes)));
  }
}
