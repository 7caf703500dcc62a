package dev.convscope.bench;

import dev.convscope.render.png.PngEncoder;
import dev.convscope.render.png.PngEncoder.Filter;
import dev.convscope.render.RgbImage;
import java.util.Arrays;

/** The PNG encoder settings the benchmarks compare, under the names their @Param values use. */
public enum EncoderSetting {
  UP_1("up-1", new PngEncoder(Filter.UP, 1, false)),
  UP_HUFFMAN("up-huffman", new PngEncoder(Filter.UP, 1, true)),
  SUB_1("sub-1", new PngEncoder(Filter.SUB, 1, false)),
  UP_6("up-6", new PngEncoder(Filter.UP, 6, false)),
  NONE_6("none-6", new PngEncoder(Filter.NONE, 6, false)),
  /**
   * No filter, fast zlib: tiled, colour-mapped pictures compress best unfiltered (compare none-6).
   */
  NONE_1("none-1", new PngEncoder(Filter.NONE, 1, false)),
  /** The JDK's ImageIO PNG writer, see {@link ImageIoPng}. */
  IMAGEIO("imageio", null);

  /** The @Param list, in this order. */
  public static final String NAMES = "up-1, up-huffman, sub-1, up-6, none-6, none-1, imageio";

  private final String label;
  private final PngEncoder encoder;

  EncoderSetting(String label, PngEncoder encoder) {
    this.label = label;
    this.encoder = encoder;
  }

  public String label() {
    return label;
  }

  public byte[] encode(RgbImage image) {
    return encoder == null ? ImageIoPng.encode(image) : encoder.encode(image);
  }

  public static EncoderSetting named(String label) {
    return Arrays.stream(values())
        .filter(setting -> setting.label.equals(label))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no encoder setting '" + label + "'; known: " + NAMES));
  }
}
