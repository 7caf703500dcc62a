package dev.convscope.gateway.api;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Images made in the tests, so no fixture files are needed. */
public final class TestImages {

  private TestImages() {}

  /**
   * A 256x256 colour PNG (for ImageNet models): a warm gradient with a blue disc, whose centre
   * moves with {@code variant} so each variant is another image.
   */
  public static byte[] colourPng(int variant) {
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        image.setRGB(x, y, new Color(x, (x + y) / 2, 255 - y).getRGB());
      }
    }
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(new Color(30, 60, 220));
    graphics.fillOval(60 + 10 * variant, 70, 110, 110);
    graphics.dispose();
    return png(image);
  }

  /** Random colour pixels: a PNG that hardly compresses, about 3 bytes per pixel. */
  public static byte[] noisyPng(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return png(image);
  }

  /** A 28x28 gray PNG of random pixels: each seed another image, for many runs nobody made. */
  public static byte[] grayNoisePng(int seed) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    java.util.Random random = new java.util.Random(seed);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int level = random.nextInt(256);
        image.setRGB(x, y, new Color(level, level, level).getRGB());
      }
    }
    return png(image);
  }

  /** A 28x28 gray PNG in Fashion-MNIST's style: a light boot-like shape on black. */
  public static byte[] bootPng() {
    return shiftedBootPng(0);
  }

  /**
   * The boot moved {@code shift} pixels to the right: another image (another digest, so another
   * run) of the same kind, for tests that need a run nobody made before.
   */
  public static byte[] shiftedBootPng(int shift) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.BLACK);
    graphics.fillRect(0, 0, 28, 28);
    graphics.setColor(new Color(200, 200, 200));
    graphics.fillRect(14 + shift, 4, 8, 16); // the shaft
    graphics.fillRect(4 + shift, 16, 20 - shift, 8); // the foot
    graphics.dispose();
    return png(image);
  }

  /** A black grey PNG of the given size: a few kilobytes, however many pixels. */
  public static byte[] blackPng(int width, int height) {
    return png(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY));
  }

  private static byte[] png(BufferedImage image) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
