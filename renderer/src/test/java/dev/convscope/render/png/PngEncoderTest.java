package dev.convscope.render.png;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.render.RgbImage;
import dev.convscope.render.conformance.Conformance;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every filter and compression setting round-trips through ImageIO, an independent decoder. */
class PngEncoderTest {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private static RgbImage random(int width, int height, long seed) {
    byte[] pixels = new byte[width * height * 3];
    new Random(seed).nextBytes(pixels);
    return new RgbImage(width, height, pixels);
  }

  /**
   * Repeating tiles with white padding lines, as the renderer draws them: what Up and Sub are for.
   */
  private static RgbImage tiles(int width, int height) {
    RgbImage image = RgbImage.white(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (x % 8 != 7 && y % 8 != 7) {
          int offset = (y * width + x) * 3;
          image.pixels()[offset] = (byte) (x * 9);
          image.pixels()[offset + 1] = (byte) (y * 5 + x);
          image.pixels()[offset + 2] = (byte) (255 - x % 8 * 30);
        }
      }
    }
    return image;
  }

  static List<Arguments> settingsAndPictures() {
    List<Arguments> all = new ArrayList<>();
    Object[][] pictures = {
      {"random 37x23", random(37, 23, 1)},
      {"random 1x1", random(1, 1, 2)},
      {"random 1000x1", random(1000, 1, 3)},
      {"random 1x300", random(1, 300, 4)},
      {"tiles 120x95", tiles(120, 95)},
      {"white 1x1", RgbImage.white(1, 1)},
      {"tiles 777x1", tiles(777, 1)},
    };
    for (PngEncoder.Filter filter : PngEncoder.Filter.values()) {
      for (PngEncoder encoder :
          new PngEncoder[] {
            new PngEncoder(filter, 0, false),
            new PngEncoder(filter, 1, false),
            new PngEncoder(filter, 6, false),
            new PngEncoder(filter, 9, false),
            new PngEncoder(filter, 1, true)
          }) {
        for (Object[] picture : pictures) {
          all.add(Arguments.of(encoder, picture[0], picture[1]));
        }
      }
    }
    return all;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("settingsAndPictures")
  void decodesToExactlyTheSamePixels(PngEncoder encoder, String name, RgbImage picture) {
    byte[] png = encoder.encode(picture);

    RgbImage decoded = Conformance.decode(png);

    Conformance.assertPixelsMatch(decoded, picture, 0);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("settingsAndPictures")
  void isWellFormed(PngEncoder encoder, String name, RgbImage picture) {
    byte[] png = encoder.encode(picture);
    ByteBuffer in = ByteBuffer.wrap(png); // PNG is big-endian

    byte[] signature = new byte[8];
    in.get(signature);
    assertThat(signature).containsExactly(SIGNATURE);

    // IHDR first: width, height, 8 bits per sample, colour type 2 (RGB), deflate, filter 0, no
    // interlace.
    List<String> types = new ArrayList<>();
    while (in.hasRemaining()) {
      int length = in.getInt();
      byte[] typeAndData = new byte[4 + length];
      in.get(typeAndData);
      int crc = in.getInt();
      CRC32 expected = new CRC32();
      expected.update(typeAndData);
      String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
      assertThat(crc).as("CRC of %s", type).isEqualTo((int) expected.getValue());
      types.add(type);
      if (type.equals("IHDR")) {
        ByteBuffer ihdr = ByteBuffer.wrap(typeAndData, 4, length);
        assertThat(length).isEqualTo(13);
        assertThat(ihdr.getInt()).as("width").isEqualTo(picture.width());
        assertThat(ihdr.getInt()).as("height").isEqualTo(picture.height());
        assertThat(ihdr.get()).as("bit depth").isEqualTo((byte) 8);
        assertThat(ihdr.get()).as("colour type").isEqualTo((byte) 2);
        assertThat(ihdr.get()).as("compression").isZero();
        assertThat(ihdr.get()).as("filter method").isZero();
        assertThat(ihdr.get()).as("interlace").isZero();
      }
    }
    assertThat(types.get(0)).isEqualTo("IHDR");
    assertThat(types).contains("IDAT").endsWith("IEND");
  }

  @Test
  void upFilterShrinksRepeatingRows() {
    // Rows that repeat vertically become zeros under Up: a real use of the filter, not just a byte.
    RgbImage picture = tiles(600, 600);

    int none = new PngEncoder(PngEncoder.Filter.NONE, 1, false).encode(picture).length;
    int up = new PngEncoder(PngEncoder.Filter.UP, 1, false).encode(picture).length;

    assertThat(up).isLessThan(none);
  }

  @Test
  void defaultEncoderRoundTrips() {
    RgbImage picture = random(64, 48, 5);

    Conformance.assertPixelsMatch(
        Conformance.decode(PngEncoder.DEFAULT.encode(picture)), picture, 0);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {-1, 10, 42, Integer.MIN_VALUE})
  void levelOutsideZeroToNineIsRejected(int level) {
    assertThatThrownBy(() -> new PngEncoder(PngEncoder.Filter.UP, level, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(level));
  }
}
