package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.contract.options.Colormap;
import org.junit.jupiter.api.Test;

class AttributionPictureTest {

  private static final Colormap JET = Colormap.named("jet");

  /** The colormap's colour at a share of its range. */
  private static int colour(float share) {
    byte[] rgb = new byte[3];
    JET.paint(share * 255f, rgb, 0);
    return (rgb[0] & 0xFF) << 16 | (rgb[1] & 0xFF) << 8 | (rgb[2] & 0xFF);
  }

  @Test
  void theMapIsNormalisedFromItsSmallestToItsLargestValue() {
    RgbImage picture = AttributionPicture.map(new float[] {-2, 0, 2, 6}, 2, 2, JET);

    assertThat(picture.rgbAt(0, 0)).isEqualTo(colour(0f));
    assertThat(picture.rgbAt(0, 1)).isEqualTo(colour(0.5f));
    assertThat(picture.rgbAt(1, 1)).isEqualTo(colour(1f));
  }

  @Test
  void theOverlayLeavesTheImageWhereTheMapIsZeroAndTintsItMostWhereItIsLargest() {
    byte[] grey = new byte[3 * 3];
    java.util.Arrays.fill(grey, (byte) 100);
    RgbImage seen = new RgbImage(3, 1, grey);

    RgbImage overlay = AttributionPicture.overlay(seen, new float[] {0, -4, 2}, JET);

    assertThat(overlay.rgbAt(0, 0)).isEqualTo(0x646464);
    int strongest = colour(1f);
    for (int shift : new int[] {16, 8, 0}) {
      int expected =
          Math.round(
              100 * (1 - AttributionPicture.STRONGEST)
                  + (strongest >> shift & 0xFF) * AttributionPicture.STRONGEST);
      assertThat(overlay.rgbAt(1, 0) >> shift & 0xFF).isEqualTo(expected);
    }
    assertThat(overlay.rgbAt(2, 0)).isNotEqualTo(0x646464).isNotEqualTo(overlay.rgbAt(1, 0));
    assertThat(seen.rgbAt(1, 0)).as("the image is left as it was").isEqualTo(0x646464);
  }

  @Test
  void aMapOfAnotherSizeIsRefused() {
    assertThatThrownBy(() -> AttributionPicture.map(new float[5], 2, 2, JET))
        .hasMessageContaining("2x2 map has 4 values, not 5");
  }
}
