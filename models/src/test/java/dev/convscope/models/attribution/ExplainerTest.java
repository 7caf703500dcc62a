package dev.convscope.models.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.models.Blob;
import dev.convscope.models.CnnModel;
import dev.convscope.models.builtin.FashionMnistCnn;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.models.graph.FunctionLayer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** What the explainer refuses, and what the sampled methods promise, on the built-in model. */
class ExplainerTest {

  private static CnnModel model;
  private static Explainer explainer;
  private static INDArray image;

  @BeforeAll
  static void load() throws Exception {
    model = FashionMnistModel.load();
    explainer = new Explainer(model);
    Nd4j.getRandom().setSeed(7);
    image = Nd4j.rand(DataType.FLOAT, 1, 1, FashionMnistCnn.HEIGHT, FashionMnistCnn.WIDTH);
  }

  @Test
  void gradCamDefaultsToTheLastLayerWithASpatialMap() {
    assertThat(explainer.defaultGradCamLayer()).isEqualTo("pool2");
  }

  @Test
  void aClassOutsideTheModelsClassesIsRefusedNamingTheRange() {
    var methods = EnumSet.of(AttributionMethod.SALIENCY);
    assertThatThrownBy(() -> explainer.explain(image, 10, methods, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 10")
        .hasMessageContaining("0..9");
    assertThatThrownBy(() -> explainer.explain(image, -1, methods, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class -1");
  }

  @Test
  void gradCamRefusesAnUnknownLayerAndOneWithoutAMap() {
    var methods = EnumSet.of(AttributionMethod.GRAD_CAM);
    assertThatThrownBy(() -> explainer.explain(image, 0, methods, "conv9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'conv9'");
    assertThatThrownBy(() -> explainer.explain(image, 0, methods, "ip1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ip1'")
        .hasMessageContaining("not a (C, H, W) map");
    assertThatThrownBy(() -> explainer.explain(image, 0, methods, "data"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'data'");
  }

  @Test
  void gradCamAtAnEarlierLayerIsAMapOfThatLayerResizedToTheInput() {
    AttributionMap map =
        explainer.explain(image, 3, EnumSet.of(AttributionMethod.GRAD_CAM), "conv1").get(0);
    assertThat(map.layer()).isEqualTo("conv1");
    assertThat(map.values().shape()).containsExactly(24, 24);
    assertThat(map.map().shape()).containsExactly(28, 28);
    assertThat(map.map().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void integratedGradientsAddUpToTheScoresChangeFromTheBaseline() {
    List<Integer> progress = new ArrayList<>();
    int steps = 64;
    AttributionMap map = explainer.integratedGradients(image, 9, steps, progress::add);

    float baseline =
        explainer
            .explain(image.mul(0), 9, EnumSet.of(AttributionMethod.SALIENCY), null)
            .get(0)
            .score();
    double total = map.values().sumNumber().doubleValue();
    assertThat(total)
        .isCloseTo(map.score() - baseline, org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(progress).hasSize(steps).startsWith(1, 2).endsWith(steps);
  }

  @Test
  void smoothGradIsTheSameEveryTimeAndReportsEachSample() {
    List<Integer> progress = new ArrayList<>();
    AttributionMap first = explainer.smoothGrad(image, 2, 5, progress::add);
    AttributionMap second = explainer.smoothGrad(image, 2, 5, done -> {});

    assertThat(progress).containsExactly(1, 2, 3, 4, 5);
    assertThat(first.map().shape()).containsExactly(28, 28);
    assertThat(first.map().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
    assertThat(first.map().data().asFloat()).containsExactly(second.map().data().asFloat());
    INDArray saliency =
        explainer.explain(image, 2, EnumSet.of(AttributionMethod.SALIENCY), null).get(0).map();
    assertThat(Transforms.abs(first.map().sub(saliency), true).maxNumber().doubleValue())
        .as("noise changes the gradient")
        .isGreaterThan(0.0);
  }

  @Test
  void sampleAndStepCountsOutsideTheirLimitsAreRefusedNamingThem() {
    assertThatThrownBy(() -> explainer.smoothGrad(image, 0, 0, done -> {}))
        .hasMessageContaining("samples must be 1 to " + Explainer.MAX_SAMPLES);
    assertThatThrownBy(() -> explainer.smoothGrad(image, 0, Explainer.MAX_SAMPLES + 1, done -> {}))
        .hasMessageContaining("samples");
    assertThatThrownBy(
            () -> explainer.integratedGradients(image, 0, Explainer.MAX_STEPS + 1, done -> {}))
        .hasMessageContaining("steps must be 1 to " + Explainer.MAX_STEPS);
  }

  @Test
  void aLayerWithoutABackwardPassIsNamed() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("data")
            .setInputTypes(InputType.convolutional(4, 4, 1))
            .addLayer(
                "conv",
                new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build(),
                "data")
            .addLayer("rounded", new Rounding(), "conv")
            .addLayer(
                "scores",
                new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build(),
                "rounded")
            .setOutputs("scores")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    List<Blob> blobs = new ArrayList<>();
    for (String name : List.of("data", "conv", "rounded", "scores")) {
      blobs.add(new Blob(name, "Test", name, List.of()));
    }
    CnnModel rounding =
        new CnnModel(
            "rounding",
            "0".repeat(64),
            "upload",
            false,
            graph,
            FashionMnistCnn.preprocessing(),
            List.of(),
            blobs);
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4);

    assertThatThrownBy(
            () ->
                new Explainer(rounding)
                    .explain(input, 1, EnumSet.of(AttributionMethod.SALIENCY), null))
        .isInstanceOf(NotDifferentiableException.class)
        .hasMessageContaining("rounded")
        .extracting(e -> ((NotDifferentiableException) e).layer())
        .isEqualTo("rounded");
  }

  /** A layer whose gradient is zero almost everywhere, and so has no backward pass. */
  static final class Rounding extends FunctionLayer {
    @Override
    public INDArray apply(INDArray input) {
      return Transforms.round(input, true);
    }
  }

  @Test
  void theBlobsAskedForAreKeptWithTheirGradients() {
    Backpropagation pass = GradientGraph.of(model).run(image, 1, Set.of("conv2", "ip1"));
    assertThat(pass.activations().keySet()).containsExactlyInAnyOrder("conv2", "ip1");
    assertThat(pass.gradients().get("conv2").shape()).containsExactly(1, 50, 8, 8);
    assertThat(pass.classes()).isEqualTo(10);
  }
}
