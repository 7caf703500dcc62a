package dev.convscope.bench;

import dev.convscope.render.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The baseline the project's own encoder replaces: copy the RGB bytes into a {@code TYPE_3BYTE_BGR}
 * BufferedImage (whose bytes are stored blue first) and hand it to the JDK's PNG writer with its
 * default settings (adaptive per-row filters; in JDK 9 and later, deflate level 4). The copy is
 * part of the measured cost: a server using ImageIO has to make it.
 *
 * <p>ImageIO's disk cache is switched off, so the writer works in memory as the project's encoder
 * does; with the cache on, every write goes through a temporary file.
 */
public final class ImageIoPng {

  static {
    ImageIO.setUseCache(false);
  }

  private ImageIoPng() {}

  public static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage buffered =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
    byte[] rgb = image.pixels();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return buffered;
  }

  public static byte[] encode(RgbImage image) {
    ByteArrayOutputStream png = new ByteArrayOutputStream(image.pixels().length / 4 + 128);
    try {
      if (!ImageIO.write(toBufferedImage(image), "png", png)) {
        throw new IllegalStateException("no ImageIO writer for png");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }
}
