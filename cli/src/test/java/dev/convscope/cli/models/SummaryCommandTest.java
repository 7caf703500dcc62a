package dev.convscope.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.models.caffe.graph.PyTorchReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {

  @Test
  void caffenetPrintsTheLabsTwoTables() {
    String out = run("summary", "caffenet");

    assertThat(out)
        .contains("conv2\t(1, 256, 27, 27)")
        .contains("conv2\t(256, 48, 5, 5) (256,)")
        .contains("pool5\t(1, 256, 6, 6)")
        .contains("fc6\t(4096, 9216) (4096,)")
        .contains("prob\t(1, 1000)");
  }

  @Test
  void jsonGivesEachLayersNameOutputShapeAndParameters() throws Exception {
    JsonNode json = new ObjectMapper().readTree(run("summary", "fashion-mnist", "--json"));

    assertThat(json.get("name").asText()).isEqualTo("fashion-mnist");
    JsonNode conv1 = json.get("layers").get(1);
    assertThat(conv1.get("name").asText()).isEqualTo("conv1");
    assertThat(conv1.get("output_shape").toString()).isEqualTo("[20,24,24]");
    assertThat(conv1.get("parameters").get("weights").toString()).isEqualTo("[20,1,5,5]");
  }

  @Test
  void anUnknownModelIsBadInput() {
    StringWriter err = new StringWriter();
    int code =
        ConvscopeCli.commandLine().setErr(new PrintWriter(err)).execute("summary", "googlenet");

    assertThat(code).isEqualTo(ConvscopeCli.BAD_INPUT);
    assertThat(err.toString()).contains("unknown model 'googlenet'");
  }

  @Test
  void aCaffeNetworkWithItsWeightsPrintsEveryBlobWithPyTorchsShape(@TempDir Path dir)
      throws Exception {
    Path prototxt =
        Files.write(dir.resolve("deploy.prototxt"), PyTorchReference.file("alexnet_like.prototxt"));
    Path weights =
        Files.write(
            dir.resolve("net.caffemodel"), PyTorchReference.file("alexnet_like.caffemodel"));

    String out = run("summary", prototxt.toString(), weights.toString());

    String blobs = out.substring(out.indexOf("blobs\n") + 6, out.indexOf("\nparams\n"));
    List<String> expected = new ArrayList<>();
    PyTorchReference.blobs("alexnet_like")
        .forEach(
            (name, value) ->
                expected.add(
                    name
                        + "\t("
                        + Arrays.stream(value.shape())
                            .mapToObj(Long::toString)
                            .collect(Collectors.joining(", "))
                        + ")"));
    assertThat(blobs.lines()).containsExactlyElementsOf(expected);
    assertThat(out.substring(out.indexOf("params\n"))).contains("conv1\t(");
  }

  @Test
  void aPrototxtWithoutItsWeightsOrAMismatchedPairIsBadInput(@TempDir Path dir) throws Exception {
    Path prototxt =
        Files.write(dir.resolve("deploy.prototxt"), PyTorchReference.file("alexnet_like.prototxt"));
    Path other =
        Files.write(dir.resolve("vgg.caffemodel"), PyTorchReference.file("vgg_like.caffemodel"));

    StringWriter alone = new StringWriter();
    int aloneCode =
        ConvscopeCli.commandLine()
            .setErr(new PrintWriter(alone))
            .execute("summary", prototxt.toString());
    StringWriter mismatched = new StringWriter();
    int mismatchedCode =
        ConvscopeCli.commandLine()
            .setErr(new PrintWriter(mismatched))
            .execute("summary", prototxt.toString(), other.toString());

    assertThat(aloneCode).isEqualTo(ConvscopeCli.BAD_INPUT);
    assertThat(alone.toString()).contains("give its .caffemodel after it");
    assertThat(mismatchedCode).isEqualTo(ConvscopeCli.BAD_INPUT);
    assertThat(mismatched.toString()).contains("vgg.caffemodel", "conv1");
  }

  private static String run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(ConvscopeCli.run(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
