package dev.convscope.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlobNamesTest {

  /** The contract's layer names (tensor.proto, TensorHeader.name). */
  static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  static final String LONG = "/block".repeat(60) + "/Conv_output_0";

  static final List<String> AWKWARD =
      List.of(
          "/layer1/conv/Conv_output_0",
          "11",
          "",
          "/",
          "//",
          "..",
          ".",
          "../../../etc/passwd",
          "/../x",
          "a/./b",
          "...",
          "a b\tc\nd",
          "\\..\\windows",
          "couche/activé",
          "слой/выход",
          "卷积/输出",
          "😀",
          "%2e%2e/x",
          "x:0",
          LONG,
          LONG + "é");

  /** Whether a picture of the blob, stored under the run's prefix, stays under it. */
  static void assertStaysUnderTheRunsPrefix(String name) {
    assertThat(name).hasSizeBetween(1, BlobNames.MAX_LENGTH).matches(LAYER_NAME);
    assertThat(name.split("/")).doesNotContain(".", "..", "");
    Path prefix = Path.of("runs", "model", "image");
    Path key = prefix.resolve(name).resolve("activation.png").normalize();
    assertThat(key.startsWith(prefix.resolve(name.split("/")[0]))).isTrue();
    assertThat(key.getNameCount()).isEqualTo(prefix.getNameCount() + name.split("/").length + 1);
  }

  @Test
  void noNameEscapesItsRunsPrefix() {
    BlobNames names = new BlobNames();
    Set<String> given = new HashSet<>();
    for (String awkward : AWKWARD) {
      String input = names.ofInput(awkward);
      String output = names.ofOutput("/node", awkward);
      assertStaysUnderTheRunsPrefix(input);
      assertStaysUnderTheRunsPrefix(output);
      assertThat(given.add(input)).as("unique: %s", input).isTrue();
      assertThat(given.add(output)).as("unique: %s", output).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "/layer1/conv/Conv, /layer1/conv/Conv_output_0, layer1/conv/Conv_output_0",
    "Conv_3, 11, Conv_3/11",
    "'', 11, 11",
    "/fc/Gemm, logits, fc/Gemm/logits",
    "/features/features.0/Conv, /features/features.0/Conv_output_0,"
        + " features/features.0/Conv_output_0",
    "'', ../up, __/up",
    "'', a b, a_b",
    "'', 'слой', '____'",
  })
  void namesAValueAfterItsOutputAndNode(String node, String output, String blob) {
    assertThat(new BlobNames().ofOutput(node, output)).isEqualTo(blob);
  }

  @Test
  void aNameTakenAlreadyGetsANumber() {
    BlobNames names = new BlobNames();

    assertThat(names.ofOutput("", "a b")).isEqualTo("a_b");
    assertThat(names.ofOutput("", "a_b")).isEqualTo("a_b-2");
    assertThat(names.ofOutput("", "a?b")).isEqualTo("a_b-3");
  }

  @Test
  void aLongNameIsCutAndEndsWithItsDigest() {
    String cut = BlobNames.escape(LONG);
    String other = BlobNames.escape(LONG.replace("Conv_output_0", "Relu_output_0"));

    assertThat(cut)
        .hasSize(BlobNames.MAX_LENGTH)
        .startsWith("block/block/")
        .matches(".*-[0-9a-f]{8}");
    assertThat(other).hasSize(BlobNames.MAX_LENGTH).isNotEqualTo(cut);
  }
}
