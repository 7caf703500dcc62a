package dev.convscope.gateway.batch;

import dev.convscope.datasets.idx.IdxFile;
import dev.convscope.datasets.idx.IdxImages;
import dev.convscope.datasets.idx.IdxLabels;
import dev.convscope.datasets.idx.LabelledImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Grey images in an IDX file (MNIST, Fashion-MNIST), gzipped or not, with an optional label file;
 * each item is handed to the network as a PNG, as a person would upload it.
 */
final class IdxDataset implements Dataset {

  private final IdxImages images;
  private final IdxLabels labels;

  private IdxDataset(IdxImages images, IdxLabels labels) {
    this.images = images;
    this.labels = labels;
  }

  /**
   * Reads the files' bytes; {@code labelFile} may be null, and each label must lie in 0..classes-1.
   * Throws IllegalArgumentException naming the file and what does not add up.
   */
  static IdxDataset read(
      String imageName, byte[] imageFile, String labelName, byte[] labelFile, int classes) {
    IdxImages images = IdxFile.readImages(imageName, imageFile);
    if (labelFile == null) {
      return new IdxDataset(images, null);
    }
    LabelledImages pair =
        new LabelledImages(images, IdxFile.readLabels(labelName, labelFile, classes));
    return new IdxDataset(pair.images(), pair.labels());
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public boolean labelled() {
    return labels != null;
  }

  @Override
  public DatasetItem item(int index) {
    int rows = images.rows();
    int cols = images.cols();
    BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, cols, rows, slice(index));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int label = labels == null ? -1 : labels.label(index);
    return new DatasetItem("item " + index, png.toByteArray(), label);
  }

  private byte[] slice(int index) {
    byte[] image = new byte[images.pixelsPerImage()];
    System.arraycopy(images.pixels(), index * image.length, image, 0, image.length);
    return image;
  }
}
