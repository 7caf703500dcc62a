package dev.convscope.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.datasets.idx.IdxBytes;
import dev.convscope.models.dataset.FakeFashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @TempDir Path dir;

  @Test
  void printsOverallAndPerClassAccuracyAsJson() throws Exception {
    Path data = FakeFashionMnist.write(dir, 10, 40, 3);

    CliRun run = CliRun.of("evaluate", "--json", "--data", data.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode result = new ObjectMapper().readTree(run.out());
    assertThat(result.get("model").asText()).isEqualTo("fashion-mnist");
    assertThat(result.get("images").asInt()).isEqualTo(40);
    assertThat(result.get("accuracy").asDouble()).isEqualTo(result.get("correct").asInt() / 40.0);
    assertThat(result.get("classes")).hasSize(10);
    JsonNode bag = result.get("classes").get(8);
    assertThat(bag.get("label").asText()).isEqualTo("Bag");
    assertThat(bag.get("images").asInt()).isEqualTo(4);
    assertThat(bag.get("accuracy").asDouble()).isEqualTo(bag.get("correct").asInt() / 4.0);
  }

  @Test
  void printsAReadableTableByDefault() {
    Path data = FakeFashionMnist.write(dir, 10, 20, 3);

    CliRun run = CliRun.of("evaluate", "--data", data.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).hasSize(11);
    assertThat(run.out())
        .containsPattern("^fashion-mnist: test accuracy \\d+\\.\\d\\d% \\(\\d+/20\\)")
        .containsPattern("\n  Ankle boot   +\\d+\\.\\d\\d%  \\(\\d/2\\)");
  }

  @Test
  void anUnknownModelExitsWithCode2() {
    CliRun run = CliRun.of("evaluate", "--model", "alexnet");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "convscope evaluate: unknown model 'alexnet'; known: fashion-mnist"
                + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aTruncatedTestFileExitsWithCode2() throws Exception {
    Path data = FakeFashionMnist.write(dir, 10, 20, 3);
    Path images = data.resolve("t10k-images-idx3-ubyte.gz");
    IdxBytes.write(images, IdxBytes.gzip(IdxBytes.images(20, 28, 28, new byte[28 * 28 * 19])));

    CliRun run = CliRun.of("evaluate", "--data", data.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("convscope evaluate: " + images + ": truncated, 14896 data bytes")
        .doesNotContain("\tat ");
    assertThat(Files.exists(images)).isTrue();
  }
}
