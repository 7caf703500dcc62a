package dev.convscope.cli.gateway;

import dev.convscope.models.dataset.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The Fashion-MNIST test set (Debian's dataset-fashion-mnist), as the client commands send it. */
public final class FashionMnistImages {

  private FashionMnistImages() {}

  /** The test set's image {@code index} as a PNG. */
  public static byte[] png(int index) {
    try {
      var images = FashionMnist.in(FashionMnist.DEBIAN_DIRECTORY).test().images();
      BufferedImage image =
          new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
      int size = images.rows() * images.cols();
      for (int pixel = 0; pixel < size; pixel++) {
        int gray = images.pixels()[index * size + pixel] & 0xFF;
        image.getRaster().setSample(pixel % images.cols(), pixel / images.cols(), 0, gray);
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test set's IDX file {@code name}. */
  public static Path file(String name) {
    return FashionMnist.DEBIAN_DIRECTORY.resolve(name);
  }
}
