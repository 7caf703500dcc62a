package dev.convscope.datasets.idx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST come in, gzipped or plain (told apart by the gzip
 * signature, not the file name), from a file or from bytes already in memory (an object from the
 * bucket). A header of big-endian ints — magic, count, and for images rows and cols — then unsigned
 * bytes. Anything that does not add up is rejected with an IllegalArgumentException that starts
 * with the file's name and says why, before a network ever trains on it or a job runs over it. Data
 * is read as it arrives, never allocated up front from what a header claims, so a hostile header
 * cannot ask for gigabytes.
 */
public final class IdxFile {

  /** Unsigned bytes, three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Unsigned bytes, one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int BUFFER_BYTES = 1 << 16;

  private IdxFile() {}

  public static IdxImages readImages(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return readImages(file.toString(), in);
    }
  }

  /** An image file's bytes, named {@code source} in messages. */
  public static IdxImages readImages(String source, byte[] file) {
    try (InputStream in = new ByteArrayInputStream(file)) {
      return readImages(source, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // bytes in memory: only decompression fails, and is mapped
    }
  }

  /** Labels of a {@code classes}-class data set: each one must lie in 0..classes-1. */
  public static IdxLabels readLabels(Path file, int classes) throws IOException {
    try (InputStream in = open(file)) {
      return readLabels(file.toString(), in, classes);
    }
  }

  /** A label file's bytes, named {@code source} in messages; see {@link #readLabels(Path, int)}. */
  public static IdxLabels readLabels(String source, byte[] file, int classes) {
    try (InputStream in = new ByteArrayInputStream(file)) {
      return readLabels(source, in, classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An image file and its label file, which must hold as many items as each other. */
  public static LabelledImages readPair(Path images, Path labels, int classes) throws IOException {
    return new LabelledImages(readImages(images), readLabels(labels, classes));
  }

  private static IdxImages readImages(String source, InputStream file) throws IOException {
    try (DataInputStream in = decompressed(source, file)) {
      return readImages(source, in);
    }
  }

  private static IdxImages readImages(String source, DataInputStream in) throws IOException {
    checkMagic(source, readHeaderInt(in, source), IMAGES_MAGIC, "an image");
    int count = readHeaderInt(in, source);
    int rows = readHeaderInt(in, source);
    int cols = readHeaderInt(in, source);
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          source
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
          source
              + ": "
              + count
              + " images of "
              + rows
              + "x"
              + cols
              + " are too many to hold in memory at once");
    }
    byte[] pixels = readData(in, source, (int) size, count + " images of " + rows + "x" + cols);
    return new IdxImages(source, count, rows, cols, pixels);
  }

  private static IdxLabels readLabels(String source, InputStream file, int classes)
      throws IOException {
    try (DataInputStream in = decompressed(source, file)) {
      return readLabels(source, in, classes);
    }
  }

  private static IdxLabels readLabels(String source, DataInputStream in, int classes)
      throws IOException {
    checkMagic(source, readHeaderInt(in, source), LABELS_MAGIC, "a label");
    int count = readHeaderInt(in, source);
    if (count < 0) {
      throw new IllegalArgumentException(source + ": the header promises " + count + " labels");
    }
    byte[] labels = readData(in, source, count, count + " labels");
    for (int i = 0; i < labels.length; i++) {
      int label = Byte.toUnsignedInt(labels[i]);
      if (label >= classes) {
        throw new IllegalArgumentException(
            source
                + ": label "
                + label
                + " of item "
                + i
                + " is outside 0.."
                + (classes - 1)
                + " (mislabelled)");
      }
    }
    return new IdxLabels(source, labels);
  }

  private static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    return Files.newInputStream(file);
  }

  /** The file's bytes, through gunzip when they start with the gzip signature. */
  private static DataInputStream decompressed(String source, InputStream file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(file, BUFFER_BYTES);
    in.mark(2);
    boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    if (!gzipped) {
      return new DataInputStream(in);
    }
    try {
      return new DataInputStream(
          new BufferedInputStream(new GZIPInputStream(in, BUFFER_BYTES), BUFFER_BYTES));
    } catch (EOFException | ZipException e) {
      throw corrupt(source, e);
    }
  }

  private static int readHeaderInt(DataInputStream in, String source) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          source + ": truncated, the file ends inside the IDX header");
    } catch (ZipException e) {
      throw corrupt(source, e);
    }
  }

  private static void checkMagic(String source, int magic, int expected, String kind) {
    if (magic != expected) {
      throw new IllegalArgumentException(
          String.format(
              "%s: magic number 0x%08x (%d) is not %s file's 0x%08x (%d)",
              source, magic, magic, kind, expected, expected));
    }
  }

  private static byte[] readData(DataInputStream in, String source, int size, String promised)
      throws IOException {
    byte[] data;
    try {
      data = in.readNBytes(size); // grows as bytes arrive, whatever the header claims
    } catch (EOFException e) { // a gzip stream cut off mid-way
      throw new IllegalArgumentException(
          source
              + ": truncated, the compressed data ends before the "
              + promised
              + " the header promises");
    } catch (ZipException e) {
      throw corrupt(source, e);
    }
    if (data.length < size) {
      throw new IllegalArgumentException(
          source
              + ": truncated, "
              + data.length
              + " data bytes where the header promises "
              + promised
              + " ("
              + size
              + " bytes)");
    }
    return data;
  }

  private static IllegalArgumentException corrupt(String source, IOException e) {
    return new IllegalArgumentException(
        source + ": the compressed data is corrupt or truncated (" + e.getMessage() + ")", e);
  }
}
