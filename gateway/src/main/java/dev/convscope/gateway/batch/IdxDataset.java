package dev.convscope.gateway.batch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Grey images in an IDX file (MNIST, Fashion-MNIST), gzipped or not, with an optional label file;
 * each item is handed to the network as a PNG, as a person would upload it.
 */
final class IdxDataset implements Dataset {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;
  private final byte[] labels;

  private IdxDataset(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Reads the files' bytes; {@code labelFile} may be null. Throws IllegalArgumentException naming
   * the file and what does not add up.
   */
  static IdxDataset read(String imageName, byte[] imageFile, String labelName, byte[] labelFile) {
    try (DataInputStream in = open(imageFile)) {
      requireMagic(imageName, in.readInt(), IMAGES_MAGIC, "an IDX image");
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            imageName + ": the header promises " + count + " images of " + rows + "x" + cols);
      }
      byte[] pixels = readFully(in, count * rows * cols, imageName);
      byte[] labels = null;
      if (labelFile != null) {
        try (DataInputStream labelIn = open(labelFile)) {
          requireMagic(labelName, labelIn.readInt(), LABELS_MAGIC, "an IDX label");
          int labelCount = labelIn.readInt();
          if (labelCount != count) {
            throw new IllegalArgumentException(
                labelName + " holds " + labelCount + " labels for " + count + " images");
          }
          labels = readFully(labelIn, count, labelName);
        }
      }
      return new IdxDataset(count, rows, cols, pixels, labels);
    } catch (IOException e) {
      throw new IllegalArgumentException(imageName + ": truncated (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public boolean labelled() {
    return labels != null;
  }

  @Override
  public DatasetItem item(int index) {
    BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, cols, rows, slice(index));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int label = labels == null ? -1 : Byte.toUnsignedInt(labels[index]);
    return new DatasetItem("item " + index, png.toByteArray(), label);
  }

  private byte[] slice(int index) {
    byte[] image = new byte[rows * cols];
    System.arraycopy(pixels, index * rows * cols, image, 0, image.length);
    return image;
  }

  private static DataInputStream open(byte[] file) throws IOException {
    boolean gzipped = file.length > 1 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b;
    InputStream in = new ByteArrayInputStream(file);
    return new DataInputStream(gzipped ? new GZIPInputStream(in, 1 << 16) : in);
  }

  private static void requireMagic(String name, int magic, int expected, String kind) {
    if (magic != expected) {
      throw new IllegalArgumentException(
          String.format(
              "%s: magic number 0x%08x is not %s file's 0x%08x", name, magic, kind, expected));
    }
  }

  private static byte[] readFully(DataInputStream in, int size, String name) throws IOException {
    byte[] data = in.readNBytes(size);
    if (data.length < size) {
      throw new IllegalArgumentException(
          name + ": truncated, " + data.length + " of the " + size + " data bytes promised");
    }
    return data;
  }
}
