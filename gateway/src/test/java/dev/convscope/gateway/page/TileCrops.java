package dev.convscope.gateway.page;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/** A map the page cut out of a stored picture, compared with that tile of the picture. */
final class TileCrops {

  private TileCrops() {}

  /** The tile's pixels in the picture, row by row. */
  static int[] region(BufferedImage picture, TileGeometry tile) {
    return picture.getRGB(tile.x(), tile.y(), tile.width(), tile.height(), null, 0, tile.width());
  }

  /**
   * How many of the tile's pixels the element shows otherwise, read from a screenshot of it: each
   * pixel a square of {@code scale} on the page, read at its middle, away from edge rounding.
   */
  static int differingPixels(WebElement shown, int scale, BufferedImage picture, TileGeometry tile)
      throws IOException {
    BufferedImage drawn =
        ImageIO.read(new ByteArrayInputStream(shown.getScreenshotAs(OutputType.BYTES)));
    if (drawn.getWidth() != tile.width() * scale) {
      throw new AssertionError(
          "shown " + drawn.getWidth() + " px wide, not " + tile.width() + " × " + scale);
    }
    int[] expected = region(picture, tile);
    int differing = 0;
    for (int y = 0; y < tile.height(); y++) {
      for (int x = 0; x < tile.width(); x++) {
        int colour = drawn.getRGB(x * scale + scale / 2, y * scale + scale / 2);
        if (!sameColour(colour, expected[y * tile.width() + x])) {
          differing++;
        }
      }
    }
    return differing;
  }

  /** Equal within 2 per component: the browser may round colours on their way to the screen. */
  private static boolean sameColour(int a, int b) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 2) {
        return false;
      }
    }
    return true;
  }
}
