package dev.convscope.bench;

import dev.convscope.render.conformance.CaseDirectory;
import dev.convscope.render.RgbImage;
import dev.convscope.render.TileRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Encodes each case's picture once with every {@link EncoderSetting} and prints, as JSON, what the
 * benchmark table needs besides times: the element count, the picture's size, the PNG sizes, and
 * the size of the case's {@code expected.png}. It also checks that every PNG decodes back to the
 * drawn pixels and that the drawn pixels are those of {@code expected.png}, so that the sizes
 * compared are sizes of the same, correct picture.
 *
 * <p>Usage: {@code java -Dconvscope.cases=DIR -cp benchmarks.jar dev.convscope.bench.PngSizes
 * [CASE...]}
 */
public final class PngSizes {

  static final List<String> DEFAULT_CASES =
      List.of("conv1_96x55x55_relu", "conv2_weights_256x48x5x5_truncated");

  private PngSizes() {}

  public static void main(String[] args) throws IOException {
    List<String> cases = args.length == 0 ? DEFAULT_CASES : List.of(args);
    StringBuilder json =
        new StringBuilder("{\n  \"casesDirectory\": ")
            .append(quote(BenchCase.casesDirectory().toString()))
            .append(",\n  \"cases\": {");
    boolean allGood = true;
    for (int c = 0; c < cases.size(); c++) {
      String name = cases.get(c);
      CaseDirectory found = BenchCase.read(name);
      RgbImage image = TileRenderer.render(found.tensor(), found.options());
      Path expected = found.directory().resolve("expected.png");
      boolean matchesExpected = samePixels(image, Files.readAllBytes(expected));
      allGood &= matchesExpected;
      json.append(c == 0 ? "\n" : ",\n")
          .append("    ")
          .append(quote(name))
          .append(": {\n")
          .append("      \"elements\": ")
          .append(found.tensor().values().length)
          .append(",\n")
          .append("      \"width\": ")
          .append(image.width())
          .append(",\n")
          .append("      \"height\": ")
          .append(image.height())
          .append(",\n")
          .append("      \"expectedPngBytes\": ")
          .append(Files.size(expected))
          .append(",\n")
          .append("      \"pixelsMatchExpected\": ")
          .append(matchesExpected)
          .append(",\n")
          .append("      \"settings\": {");
      EncoderSetting[] settings = EncoderSetting.values();
      for (int s = 0; s < settings.length; s++) {
        byte[] png = settings[s].encode(image);
        boolean roundTrip = samePixels(image, png);
        allGood &= roundTrip;
        json.append(s == 0 ? "\n" : ",\n")
            .append("        ")
            .append(quote(settings[s].label()))
            .append(": {\"bytes\": ")
            .append(png.length)
            .append(", \"roundTrip\": ")
            .append(roundTrip)
            .append('}');
      }
      json.append("\n      }\n    }");
    }
    json.append("\n  }\n}");
    System.out.println(json);
    if (!allGood) {
      System.err.println(
          "PngSizes: a picture differs from expected.png or a PNG does not decode to its picture");
      System.exit(1);
    }
  }

  /** Whether the PNG decodes (with ImageIO) to exactly the picture's pixels. */
  static boolean samePixels(RgbImage image, byte[] png) throws IOException {
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    if (decoded == null
        || decoded.getWidth() != image.width()
        || decoded.getHeight() != image.height()) {
      return false;
    }
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        if ((decoded.getRGB(x, y) & 0xFFFFFF) != image.rgbAt(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
