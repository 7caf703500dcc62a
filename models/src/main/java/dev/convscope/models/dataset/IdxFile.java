package dev.convscope.models.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files MNIST and Fashion-MNIST come in, gzipped or plain (told apart by the gzip
 * signature, not the file name). A header of big-endian ints — magic, count, and for images rows
 * and cols — then unsigned bytes. Anything that does not add up is rejected with the file's name
 * and the reason, before a network ever trains on it.
 */
public final class IdxFile {

  /** Unsigned bytes, three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Unsigned bytes, one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxFile() {}

  public static IdxImages readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      checkMagic(file, readHeaderInt(in, file), IMAGES_MAGIC, "an image");
      int count = readHeaderInt(in, file);
      int rows = readHeaderInt(in, file);
      int cols = readHeaderInt(in, file);
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw new IllegalArgumentException(
            file
                + ": the header promises "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + " pixels");
      }
      long size = (long) count * rows * cols;
      if (size > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(
            file
                + ": "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + " are too many to hold in memory at once");
      }
      byte[] pixels = readData(in, file, (int) size, count + " images of " + rows + "x" + cols);
      return new IdxImages(file.toString(), count, rows, cols, pixels);
    }
  }

  /** Labels of a {@code classes}-class data set: each one must lie in 0..classes-1. */
  public static IdxLabels readLabels(Path file, int classes) throws IOException {
    try (DataInputStream in = open(file)) {
      checkMagic(file, readHeaderInt(in, file), LABELS_MAGIC, "a label");
      int count = readHeaderInt(in, file);
      if (count < 0) {
        throw new IllegalArgumentException(file + ": the header promises " + count + " labels");
      }
      byte[] labels = readData(in, file, count, count + " labels");
      for (int i = 0; i < labels.length; i++) {
        int label = Byte.toUnsignedInt(labels[i]);
        if (label >= classes) {
          throw new IllegalArgumentException(
              file
                  + ": label "
                  + label
                  + " of item "
                  + i
                  + " is outside 0.."
                  + (classes - 1)
                  + " (mislabelled)");
        }
      }
      return new IdxLabels(file.toString(), labels);
    }
  }

  /** An image file and its label file, which must hold as many items as each other. */
  public static LabelledImages readPair(Path images, Path labels, int classes) throws IOException {
    return new LabelledImages(readImages(images), readLabels(labels, classes));
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    InputStream raw = gzipped ? new GZIPInputStream(in, 1 << 16) : in;
    return new DataInputStream(gzipped ? new BufferedInputStream(raw, 1 << 16) : raw);
  }

  private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + ": truncated, the file ends inside the IDX header");
    }
  }

  private static void checkMagic(Path file, int magic, int expected, String kind) {
    if (magic != expected) {
      throw new IllegalArgumentException(
          String.format(
              "%s: magic number 0x%08x (%d) is not %s file's 0x%08x (%d)",
              file, magic, magic, kind, expected, expected));
    }
  }

  private static byte[] readData(DataInputStream in, Path file, int size, String promised)
      throws IOException {
    byte[] data = new byte[size];
    int read;
    try {
      read = in.readNBytes(data, 0, size);
    } catch (EOFException e) { // a gzip stream cut off mid-way
      throw new IllegalArgumentException(
          file
              + ": truncated, the compressed data ends before the "
              + promised
              + " the header promises");
    }
    if (read < size) {
      throw new IllegalArgumentException(
          file
              + ": truncated, "
              + read
              + " data bytes where the header promises "
              + promised
              + " ("
              + size
              + " bytes)");
    }
    return data;
  }
}
