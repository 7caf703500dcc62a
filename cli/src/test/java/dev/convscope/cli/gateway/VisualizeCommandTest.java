package dev.convscope.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.cli.render.RenderCommand;
import dev.convscope.localstore.RunningSystem;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./convscope visualize} against a running gateway and its real neighbours. */
class VisualizeCommandTest {

  private final URI gateway = RunningSystem.shared().gateway();

  @TempDir Path work;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesTheManifestAndEveryPictureItNames() throws Exception {
    Path image = Files.write(work.resolve("boot.png"), FashionMnistImages.png(1234));
    Path folder = work.resolve("run");

    int exit = visualize(image.toString(), "--out", folder.toString(), "--top-k", "3");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode manifest = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile());
    assertThat(manifest.get("run").get("model").asText()).isEqualTo("fashion-mnist");
    int pictures = 0;
    for (JsonNode layer : manifest.get("layers")) {
      String kind = enumName(layer.get("kind").asText(), "TENSOR_KIND_");
      for (JsonNode picture : layer.get("pictures")) {
        Path file =
            folder.resolve(
                PictureFiles.name(
                    layer.get("name").asText(),
                    kind,
                    enumName(picture.get("kind").asText(), "PICTURE_KIND_")));
        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png).as("%s", file).isNotNull();
        assertThat(png.getWidth()).isEqualTo(picture.get("width").asInt());
        assertThat(png.getHeight()).isEqualTo(picture.get("height").asInt());
        pictures++;
      }
    }
    try (var files = Files.list(folder)) {
      assertThat(files.count()).isEqualTo(pictures + 1);
    }
    assertThat(err.toString()).contains("100%").contains("[==============================]");
    assertThat(out.toString().lines().filter(line -> line.matches("\\s*[0-9.]+%\\s.*"))).hasSize(3);
    assertThat(out.toString()).contains("manifest.json").doesNotContain("stored run");
    assertThat(out.toString()).as("the built-in model is trained").doesNotContain("warning");
    assertThat(out.toString().lines().filter(line -> line.contains("zeros")))
        .as("one health line per activation")
        .hasSize(
            (int)
                java.util.stream.StreamSupport.stream(manifest.get("layers").spliterator(), false)
                    .filter(layer -> layer.get("kind").asText().equals("TENSOR_KIND_ACTIVATION"))
                    .count());

    // The same again comes from the stored run, and says so.
    assertThat(visualize(image.toString(), "--out", folder.toString(), "--top-k", "3")).isZero();
    assertThat(out.toString()).contains("answered from a stored run");
  }

  @Test
  void withNpyEachLayersValuesAreSavedAndRenderDrawsTheStoredPictureAgain() throws Exception {
    Path image = Files.write(work.resolve("boot.png"), FashionMnistImages.png(4321));
    Path folder = work.resolve("values");

    int exit =
        visualize(
            image.toString(),
            "--out",
            folder.toString(),
            "--layers",
            "conv1,pool2",
            "--skip-weights",
            "--npy");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 .npy files");
    for (String layer : List.of("conv1", "pool2")) {
      Path values = folder.resolve(PictureFiles.valuesName(layer, "activation"));
      Path drawn = work.resolve(layer + "-rendered.png");
      assertThat(RenderCommand.run(values.toString(), "--png", drawn.toString())).isZero();
      assertThat(Files.readAllBytes(drawn))
          .as("%s drawn again from its values", layer)
          .isEqualTo(Files.readAllBytes(folder.resolve(layer + "-activation-tiles.png")));
    }
  }

  @Test
  void predictionsFromUntrainedWeightsComeUnderAWarning() throws Exception {
    Path image = Files.write(work.resolve("boot.png"), FashionMnistImages.png(7));

    String folder = work.resolve("lenet").toString();

    // LeNet from the zoo has weights drawn from a seed here.
    int exit = visualize(image.toString(), "--out", folder, "--model", "lenet", "--skip-weights");

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("warning: ").contains("Untrained weights", "seed");
    assertThat(lines.subList(1, 6)).allSatisfy(line -> assertThat(line).contains("%"));
  }

  @Test
  void aCaffeModelsFilesAreAddedAndRunInOneCommand() throws Exception {
    Path image = Files.write(work.resolve("boot.png"), FashionMnistImages.png(7));
    List<String> files = new java.util.ArrayList<>();
    for (String file : List.of("squeeze_like.prototxt", "squeeze_like.caffemodel")) {
      try (java.io.InputStream in = getClass().getResourceAsStream("/caffe/nets/" + file)) {
        Path copy = work.resolve(file);
        Files.copy(in, copy);
        files.add(copy.toString());
      }
    }
    Path folder = work.resolve("squeeze");

    int exit =
        visualize(image.toString(), "--out", folder.toString(), "--model", String.join(",", files));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("[==============================] 100%");
    assertThat(folder.resolve("manifest.json")).isRegularFile();
    try (var saved = Files.list(folder)) {
      assertThat(saved.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("conv1-activation"));
    }
    assertThat(out.toString()).doesNotContain("warning:").contains("layers,");
  }

  @Test
  void anUnknownModelFailsWithTheGatewaysMessage() throws Exception {
    Path image = Files.write(work.resolve("boot.png"), FashionMnistImages.png(0));
    int exit =
        visualize(image.toString(), "--out", work.resolve("x").toString(), "--model", "nope-net");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("nope-net").contains("HTTP 404");
  }

  @Test
  void noGatewayAndNoImageAreToldPlainly() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path image = Files.write(work.resolve("boot.png"), FashionMnistImages.png(0));
    int exit =
        visualize(
            image.toString(),
            "--out",
            work.resolve("x").toString(),
            "--gateway",
            "http://127.0.0.1:" + closedPort);
    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("./convscope up");

    assertThat(visualize(work.resolve("missing.png").toString(), "--out", work.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("missing.png");
  }

  private int visualize(String... args) {
    String[] withGateway = args;
    if (!String.join(" ", args).contains("--gateway")) {
      withGateway = java.util.Arrays.copyOf(args, args.length + 2);
      withGateway[args.length] = "--gateway";
      withGateway[args.length + 1] = gateway.toString();
    }
    return new CommandLine(new VisualizeCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(withGateway);
  }

  private static String enumName(String protoName, String prefix) {
    return protoName.substring(prefix.length()).toLowerCase(Locale.ROOT);
  }
}
