package dev.convscope.cli.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convscope.models.attribution.AttributionMethod;
import dev.convscope.models.attribution.Explainer;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.render.Tensor;
import dev.convscope.render.npy.NpyFile;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The timing server a benchmark drives, on the built-in model: each command's answer. */
class AttributionTimingTest {

  @TempDir Path folder;

  @Test
  void answersEachCommandOnItsOwnLineUntilQuit() throws Exception {
    Nd4j.getRandom().setSeed(7);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28);
    Path input = folder.resolve("input.npy");
    Nd4j.writeAsNumpy(image, input.toFile());
    Path map = folder.resolve("saliency.npy");
    Path weights = folder.resolve("weights");

    List<String> answers =
        serve(
            input,
            "saliency",
            "gradcam",
            "forward",
            "saliency-map " + map,
            "weights " + weights,
            "bogus",
            "saliency-map",
            "quit",
            "saliency");

    var model = FashionMnistModel.load();
    int top = model.graph().outputSingle(false, image.dup()).argMax(1).getInt(0);
    assertThat(answers).hasSize(8);
    assertThat(answers.get(0)).matches("ready class=" + top + " layer=pool2 load_ms=\\d+");
    for (String timed : answers.subList(1, 4)) {
      assertThat(timed).matches("ms \\d+\\.\\d{3}");
      assertThat(Double.parseDouble(timed.substring(3))).isPositive();
    }

    assertThat(answers.get(4)).isEqualTo("written " + map);
    Tensor written = NpyFile.read(map);
    assertThat(written.shape()).containsExactly(28, 28);
    INDArray expected =
        new Explainer(model)
            .explain(image, top, Set.of(AttributionMethod.SALIENCY), null)
            .get(0)
            .map()
            .castTo(DataType.FLOAT)
            .reshape(28 * 28);
    assertThat(written.values()).containsExactly(expected.toFloatVector(), within(1e-6f));

    try (Stream<Path> files = Files.list(weights)) {
      assertThat(answers.get(5)).isEqualTo("written " + files.count());
    }
    assertThat(NpyFile.read(weights.resolve("conv1_weights.npy")).shape())
        .containsExactly(20, 1, 5, 5);

    assertThat(answers.get(6)).isEqualTo("error unknown command 'bogus'");
    assertThat(answers.get(7)).isEqualTo("error saliency-map needs a path");
  }

  private static List<String> serve(Path input, String... commands) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AttributionTiming.serve(
        "fashion-mnist",
        input,
        new BufferedReader(new StringReader(String.join("\n", commands) + "\n")),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
