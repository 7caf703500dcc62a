package dev.convscope.inference.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageIntegrityTest {

  @Test
  void wholeFilesPass() throws IOException {
    assertThat(ImageIntegrity.problemWith(encode("png"), "png")).isNull();
    assertThat(ImageIntegrity.problemWith(encode("jpeg"), "jpeg")).isNull();
  }

  @Test
  void aPngCutShortAnywhereIsRefused() throws IOException {
    byte[] png = encode("png");
    for (int cut = 8; cut < png.length; cut++) {
      assertThat(ImageIntegrity.problemWith(Arrays.copyOf(png, cut), "png"))
          .as("cut at %d of %d", cut, png.length)
          .isNotNull();
    }
  }

  @Test
  void aPngWithAnyDamagedByteAfterItsSignatureIsRefused() throws IOException {
    byte[] png = encode("png");
    for (int at = 8; at < png.length; at++) {
      byte[] damaged = png.clone();
      damaged[at] ^= 0x10;
      assertThat(ImageIntegrity.problemWith(damaged, "png")).as("byte %d", at).isNotNull();
    }
  }

  @Test
  void aJpegWithoutItsEndIsRefused() throws IOException {
    byte[] jpeg = encode("jpeg");
    assertThat(ImageIntegrity.problemWith(Arrays.copyOf(jpeg, jpeg.length - 1), "jpeg"))
        .contains("end-of-image");
    assertThat(ImageIntegrity.problemWith(Arrays.copyOf(jpeg, jpeg.length / 2), "jpeg"))
        .isNotNull();
    byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 3);
    assertThat(ImageIntegrity.problemWith(padded, "jpeg")).isNull();
  }

  private static byte[] encode(String format) throws IOException {
    BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, (x * 16) << 16 | (y * 20) << 8 | 90);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
