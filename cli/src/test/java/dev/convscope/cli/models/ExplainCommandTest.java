package dev.convscope.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.cli.gateway.FashionMnistImages;
import dev.convscope.contract.options.Colormap;
import dev.convscope.render.AttributionPicture;
import dev.convscope.render.Tensor;
import dev.convscope.render.npy.NpyFile;
import dev.convscope.render.png.PngEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convscope explain} on the built-in model and the test set's first image, a boot. */
class ExplainCommandTest {

  @TempDir static Path folder;
  private static Path boot;

  @BeforeAll
  static void writeTheImage() throws Exception {
    boot = Files.write(folder.resolve("boot.png"), FashionMnistImages.png(0));
  }

  @Test
  void writesEachMethodsMapAndOverlayForTheTopClass() throws Exception {
    Path out = folder.resolve("explained");

    CliRun run =
        CliRun.of(
            "explain",
            boot.toString(),
            "--method",
            "saliency,gradcam,integrated-gradients",
            "--steps",
            "8",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Ankle boot (class 9,").contains("gradcam at pool2");
    assertThat(run.err()).contains("8/8  integrated gradients");
    for (String method : new String[] {"saliency", "gradcam", "integrated-gradients"}) {
      for (String suffix : new String[] {".png", ".overlay.png"}) {
        BufferedImage picture =
            ImageIO.read(out.resolve("1-ankle-boot." + method + suffix).toFile());
        assertThat(picture.getWidth()).isEqualTo(28);
        assertThat(picture.getHeight()).isEqualTo(28);
      }
      // The raw map holds exactly the values its picture was drawn from.
      Tensor map = NpyFile.read(out.resolve("1-ankle-boot." + method + ".npy"));
      assertThat(map.shape()).containsExactly(28, 28);
      assertThat(
              PngEncoder.DEFAULT.encode(
                  AttributionPicture.map(map.values(), 28, 28, Colormap.named("jet"))))
          .isEqualTo(Files.readAllBytes(out.resolve("1-ankle-boot." + method + ".png")));
    }
    BufferedImage seen = ImageIO.read(out.resolve("input.png").toFile());
    BufferedImage overlay = ImageIO.read(out.resolve("1-ankle-boot.gradcam.overlay.png").toFile());
    int differing = 0;
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        differing += seen.getRGB(x, y) == overlay.getRGB(x, y) ? 0 : 1;
      }
    }
    assertThat(differing).as("the overlay tints the image").isGreaterThan(0);
  }

  @Test
  void aClassNamedByItsLabelIsTheOneExplained() {
    CliRun run =
        CliRun.of(
            "explain",
            boot.toString(),
            "--class",
            "sneaker",
            "--method",
            "gradient-x-input",
            "--out",
            folder.resolve("sneaker").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Sneaker (class 7,");
    assertThat(folder.resolve("sneaker/1-sneaker.gradient-x-input.overlay.png")).exists();
  }

  @Test
  void badOptionsAreBadInputNamingWhatIsWrong() throws Exception {
    String out = folder.resolve("refused").toString();
    assertRefused("unknown attribution method 'occlusion'", "--method", "occlusion", "--out", out);
    assertRefused("'ip1'", "--layer", "ip1", "--out", out);
    assertRefused("class 12 is outside", "--class", "12", "--out", out);
    assertRefused("--top must be 1 to 10", "--top", "11", "--out", out);
    assertRefused("samples must be 1 to", "--method", "smoothgrad", "--samples", "0", "--out", out);
    Path text = Files.writeString(folder.resolve("notes.png"), "not a picture");
    CliRun notAnImage = CliRun.of("explain", text.toString(), "--out", out);
    assertThat(notAnImage.exitCode()).isEqualTo(2);
    assertThat(notAnImage.err()).contains("is not a PNG or JPEG image");
  }

  private static void assertRefused(String message, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "explain";
    args[1] = boot.toString();
    System.arraycopy(options, 0, args, 2, options.length);
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }
}
