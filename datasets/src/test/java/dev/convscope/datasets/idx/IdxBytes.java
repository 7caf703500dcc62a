package dev.convscope.datasets.idx;

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
}
