package dev.convscope.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.datasets.idx.IdxBytes;
import dev.convscope.models.Blob;
import dev.convscope.models.CnnModel;
import dev.convscope.models.builtin.FashionMnistCnn;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.models.dataset.FakeFashionMnist;
import dev.convscope.models.dataset.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @TempDir Path dir;

  @Test
  void trainsOnATinyDataSetAndWritesAModelThatLoads() throws Exception {
    Path data = FakeFashionMnist.write(Files.createDirectory(dir.resolve("data")), 64, 30, 7);
    Path out = dir.resolve("model/model.zip");

    CliRun run =
        CliRun.of(
            "train",
            "--epochs",
            "1",
            "--batch-size",
            "16",
            "--seed",
            "3",
            "--data",
            data.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("training on 64 images, testing on 30")
        .contains("\repoch 1/1  batch 1/4  loss ")
        .contains("\repoch 1/1  batch 4/4  loss ")
        .contains("images/s  [==============================] 100%")
        .containsPattern(
            "\repoch 1/1  loss \\d+\\.\\d{4}  test accuracy \\d+\\.\\d{2}% \\(\\d+/30\\)");
    assertThat(run.err().lines().filter(line -> line.contains("test accuracy")))
        .as("one line per epoch")
        .hasSize(1);
    assertThat(run.out())
        .startsWith(out + ": " + FashionMnistCnn.untrained(3).numParams() + " parameters");

    CnnModel model = FashionMnistModel.load(out);
    assertThat(model.blobs())
        .extracting(Blob::name)
        .containsExactlyElementsOf(FashionMnistCnn.BLOB_NAMES);
    assertThat(model.labels()).containsExactlyElementsOf(FashionMnist.LABELS);
    assertThat(model.digest()).hasSize(64);

    JsonNode record = new ObjectMapper().readTree(out.resolveSibling("model.json").toFile());
    assertThat(record.get("epochs").asInt()).isEqualTo(1);
    assertThat(record.get("batchSize").asInt()).isEqualTo(16);
    assertThat(record.get("seed").asLong()).isEqualTo(3);
    assertThat(record.get("trainImages").asInt()).isEqualTo(64);
    assertThat(record.get("testImages").asInt()).isEqualTo(30);
    assertThat(record.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(record.get("classAccuracy").size()).isEqualTo(10);
  }

  @Test
  void badSettingsExitWithCode2AndOneLine() {
    CliRun run = CliRun.of("train", "--epochs", "0", "--out", dir.resolve("m.zip").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("convscope train: epochs must be at least 1, not 0" + System.lineSeparator());
  }

  @Test
  void aMissingDataDirectoryExitsWithCode2() {
    Path absent = dir.resolve("absent");

    CliRun run =
        CliRun.of("train", "--data", absent.toString(), "--out", dir.resolve("m.zip").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("convscope train: no Fashion-MNIST directory " + absent)
        .doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void aMislabelledDataSetExitsWithCode2() throws Exception {
    Path data = FakeFashionMnist.write(dir, 4, 2, 1);
    Path labels = data.resolve(FashionMnist.TRAIN_LABELS);
    IdxBytes.write(labels, IdxBytes.gzip(IdxBytes.labels(4, new byte[] {0, 1, 12, 3})));

    CliRun run =
        CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("m.zip").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "convscope train: "
                + labels
                + ": label 12 of item 2 is outside 0..9 (mislabelled)"
                + System.lineSeparator());
  }

  @Test
  void unknownOptionsAndMissingOnesExitWithCode2() {
    CliRun unknown = CliRun.of("train", "--epoch", "3", "--out", dir.resolve("m.zip").toString());
    CliRun noOut = CliRun.of("train");
    CliRun noCommand = CliRun.of();

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .isEqualTo(
            "convscope train: Unknown options: '--epoch', '3' (see convscope train --help)"
                + System.lineSeparator());
    assertThat(noOut.exitCode()).isEqualTo(2);
    assertThat(noOut.err()).contains("Missing required option: '--out=FILE'");
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err())
        .startsWith("convscope: name a command: train, evaluate, summary or explain");
  }
}
