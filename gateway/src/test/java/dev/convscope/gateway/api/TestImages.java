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

  /** A 28x28 gray PNG in Fashion-MNIST's style: a light boot-like shape on black. */
  public static byte[] bootPng() {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.BLACK);
    graphics.fillRect(0, 0, 28, 28);
    graphics.setColor(new Color(200, 200, 200));
    graphics.fillRect(14, 4, 8, 16); // the shaft
    graphics.fillRect(4, 16, 20, 8); // the foot
    graphics.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
