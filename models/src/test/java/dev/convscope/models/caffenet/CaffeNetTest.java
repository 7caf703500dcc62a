package dev.convscope.models.caffenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.data.Offset.offset;

import dev.convscope.models.Blob;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.ModelSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class CaffeNetTest {

  /** The Caffe lab's blob table, without the batch axis. */
  static final Map<String, int[]> LAB_BLOBS = new LinkedHashMap<>();

  /** The Caffe lab's parameter table: weights, then bias. */
  static final Map<String, int[][]> LAB_PARAMETERS = new LinkedHashMap<>();

  static {
    LAB_BLOBS.put("data", new int[] {3, 227, 227});
    LAB_BLOBS.put("conv1", new int[] {96, 55, 55});
    LAB_BLOBS.put("pool1", new int[] {96, 27, 27});
    LAB_BLOBS.put("norm1", new int[] {96, 27, 27});
    LAB_BLOBS.put("conv2", new int[] {256, 27, 27});
    LAB_BLOBS.put("pool2", new int[] {256, 13, 13});
    LAB_BLOBS.put("norm2", new int[] {256, 13, 13});
    LAB_BLOBS.put("conv3", new int[] {384, 13, 13});
    LAB_BLOBS.put("conv4", new int[] {384, 13, 13});
    LAB_BLOBS.put("conv5", new int[] {256, 13, 13});
    LAB_BLOBS.put("pool5", new int[] {256, 6, 6});
    LAB_BLOBS.put("fc6", new int[] {4096});
    LAB_BLOBS.put("fc7", new int[] {4096});
    LAB_BLOBS.put("fc8", new int[] {1000});
    LAB_BLOBS.put("prob", new int[] {1000});

    LAB_PARAMETERS.put("conv1", new int[][] {{96, 3, 11, 11}, {96}});
    LAB_PARAMETERS.put("conv2", new int[][] {{256, 48, 5, 5}, {256}});
    LAB_PARAMETERS.put("conv3", new int[][] {{384, 256, 3, 3}, {384}});
    LAB_PARAMETERS.put("conv4", new int[][] {{384, 192, 3, 3}, {384}});
    LAB_PARAMETERS.put("conv5", new int[][] {{256, 192, 3, 3}, {256}});
    LAB_PARAMETERS.put("fc6", new int[][] {{4096, 9216}, {4096}});
    LAB_PARAMETERS.put("fc7", new int[][] {{4096, 4096}, {4096}});
    LAB_PARAMETERS.put("fc8", new int[][] {{1000, 4096}, {1000}});
  }

  static CnnModel model;
  static Map<String, CapturedTensor> blobs;
  static float[] output;

  @BeforeAll
  static void buildAndRunOneImage() {
    model = CaffeNet.initialised(CaffeNet.DEFAULT_SEED);
    // A mean-subtracted BGR picture: pixel values 0..255 less the mean pixel.
    Nd4j.getRandom().setSeed(11);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 227, 227).muli(255);
    image.get(NDArrayIndex.all(), NDArrayIndex.point(0)).subi(104);
    image.get(NDArrayIndex.all(), NDArrayIndex.point(1)).subi(117);
    image.get(NDArrayIndex.all(), NDArrayIndex.point(2)).subi(123);
    blobs = new LinkedHashMap<>();
    output = LayerByLayerForward.run(model, image, tensor -> blobs.put(tensor.name(), tensor));
  }

  @Test
  void reportsTheLabsBlobsInNetworkOrder() {
    assertThat(model.blobs())
        .extracting(Blob::name)
        .containsExactly(
            "data", "conv1", "pool1", "norm1", "conv2", "pool2", "norm2", "conv3", "conv4", "conv5",
            "pool5", "fc6", "fc7", "fc8", "prob");
    assertThat(blobs.keySet())
        .as("forward pass order")
        .containsExactlyElementsOf(LAB_BLOBS.keySet());
  }

  @Test
  void everyBlobHasTheLabsShape() {
    ModelSummary summary = model.summary();

    assertThat(summary.layers()).hasSize(LAB_BLOBS.size());
    for (ModelSummary.Layer layer : summary.layers()) {
      assertThat(layer.outputShape()).as(layer.name()).containsExactly(LAB_BLOBS.get(layer.name()));
      assertThat(blobs.get(layer.name()).shape())
          .as(layer.name() + " in the forward pass")
          .containsExactly(LAB_BLOBS.get(layer.name()));
    }
  }

  @Test
  void everyParameterHasTheLabsShape() {
    ModelSummary summary = model.summary();
    Map<String, List<ModelSummary.Parameter>> parameters = new LinkedHashMap<>();
    summary.layers().stream()
        .filter(l -> !l.parameters().isEmpty())
        .forEach(l -> parameters.put(l.name(), l.parameters()));

    assertThat(parameters.keySet()).containsExactlyElementsOf(LAB_PARAMETERS.keySet());
    parameters.forEach(
        (name, list) -> {
          assertThat(list)
              .extracting(ModelSummary.Parameter::name)
              .as(name)
              .containsExactly("weights", "bias");
          assertThat(list.get(0).shape())
              .as(name + " weights")
              .containsExactly(LAB_PARAMETERS.get(name)[0]);
          assertThat(list.get(1).shape())
              .as(name + " bias")
              .containsExactly(LAB_PARAMETERS.get(name)[1]);
        });
    assertThat(summary.parameterCount()).isEqualTo(60_965_224L);
    assertThat(model.graph().numParams())
        .as("no parameter outside the blobs")
        .isEqualTo(60_965_224L);
  }

  @Test
  void layerTypesAreCaffes() {
    assertThat(model.summary().layers())
        .extracting(ModelSummary.Layer::type)
        .containsExactly(
            "Input",
            "Convolution",
            "Pooling",
            "LRN",
            "Convolution",
            "Pooling",
            "LRN",
            "Convolution",
            "Convolution",
            "Convolution",
            "Pooling",
            "InnerProduct",
            "InnerProduct",
            "InnerProduct",
            "Softmax");
  }

  @Test
  void describesItselfAsCaffeNet() {
    assertThat(model.name()).isEqualTo("caffenet");
    assertThat(model.pretrained()).isFalse();
    assertThat(model.digest()).matches("[0-9a-f]{64}");
    assertThat(model.labels()).hasSize(1000).startsWith("tench, Tinca tinca");
    assertThat(model.preprocessing().inputShape()).containsExactly(3, 227, 227);
    assertThat(model.preprocessing().resizeHeight()).isEqualTo(256);
    assertThat(model.preprocessing().resizeWidth()).isEqualTo(256);
    assertThat(model.preprocessing().order()).isEqualTo(ChannelOrder.BGR);
    assertThat(model.preprocessing().mean()).containsExactly(104f, 117f, 123f);
    assertThat(model.preprocessing().scale()).isEqualTo(1f);
    assertThat(model.preprocessing().description())
        .contains("256x256", "227x227", "BGR", "104", "117", "123");
    assertThat(model.graph().getConfiguration().getDataType()).isEqualTo(DataType.FLOAT);
    assertThat(model.graph().params().dataType()).isEqualTo(DataType.FLOAT);
  }

  @Test
  void probIsADistributionAndRectifiedBlobsAreNonNegative() {
    float sum = 0;
    for (float p : output) {
      sum += p;
      assertThat(p).isBetween(0f, 1f);
    }
    assertThat(output).hasSize(1000).containsExactly(blobs.get("prob").values());
    assertThat(sum).isCloseTo(1f, offset(1e-4f));

    for (String name : List.of("conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7")) {
      float[] values = blobs.get(name).values();
      assertThat(min(values)).as(name + " after ReLU").isGreaterThanOrEqualTo(0f);
      assertThat(max(values)).as(name + " is not all zero").isGreaterThan(0f);
    }
    assertThat(min(blobs.get("fc8").values())).as("fc8 has no ReLU").isLessThan(0f);
  }

  @Test
  void poolingSizesAreCaffesRoundedUpOnes() {
    // DL4J rounds pooled sizes down, Caffe up: they agree only because every division here is
    // exact.
    for (String[] pair :
        new String[][] {{"conv1", "pool1"}, {"conv2", "pool2"}, {"conv5", "pool5"}}) {
      int in = blobs.get(pair[0]).shape()[1];
      int out = blobs.get(pair[1]).shape()[1];
      assertThat((in - 3) % 2).as(pair[1] + " divides exactly").isZero();
      assertThat(out).as(pair[1]).isEqualTo((int) Math.ceil((in - 3) / 2.0) + 1);
      assertThat(blobs.get(pair[1]).shape()[2]).as(pair[1] + " width").isEqualTo(out);
    }
  }

  @Test
  void conv1IsCaffesConvolutionOfTheData() {
    INDArray weights = model.parameters(model.blob("conv1")).get("weights");
    INDArray bias = model.parameters(model.blob("conv1")).get("bias");
    CapturedTensor data = blobs.get("data");
    CapturedTensor conv1 = blobs.get("conv1");

    for (int out : new int[] {0, 41, 95}) {
      for (int[] yx : new int[][] {{0, 0}, {27, 31}, {54, 54}}) {
        double sum = bias.getDouble(out);
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
              sum += weights.getDouble(out, c, i, j) * at(data, c, 4 * yx[0] + i, 4 * yx[1] + j);
            }
          }
        }
        assertThat((double) at(conv1, out, yx[0], yx[1]))
            .as("conv1[%d, %d, %d]", out, yx[0], yx[1])
            .isCloseTo(Math.max(0, sum), offset(1e-4 * (1 + Math.abs(sum))));
      }
    }
  }

  @Test
  void pool1IsTheMaximumOverThreeByThreeStrideTwoUpToTheLastRow() {
    CapturedTensor conv1 = blobs.get("conv1");
    CapturedTensor pool1 = blobs.get("pool1");

    for (int c : new int[] {0, 95}) {
      for (int[] yx : new int[][] {{0, 0}, {13, 5}, {26, 26}}) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            max = Math.max(max, at(conv1, c, 2 * yx[0] + i, 2 * yx[1] + j));
          }
        }
        assertThat(at(pool1, c, yx[0], yx[1]))
            .as("pool1[%d, %d, %d]", c, yx[0], yx[1])
            .isEqualTo(max);
      }
    }
  }

  @Test
  void norm1IsCaffesLrnOfPool1() {
    CapturedTensor pool1 = blobs.get("pool1");
    CapturedTensor norm1 = blobs.get("norm1");

    for (int c : new int[] {0, 1, 50, 94, 95}) {
      for (int[] yx : new int[][] {{0, 0}, {10, 20}, {26, 26}}) {
        double squares = 0;
        for (int other = Math.max(0, c - 2); other <= Math.min(95, c + 2); other++) {
          double v = at(pool1, other, yx[0], yx[1]);
          squares += v * v;
        }
        double expected = at(pool1, c, yx[0], yx[1]) / Math.pow(1 + 1e-4 / 5 * squares, 0.75);
        assertThat((double) at(norm1, c, yx[0], yx[1]))
            .as("norm1[%d, %d, %d]", c, yx[0], yx[1])
            .isCloseTo(expected, offset(1e-5 * (1 + Math.abs(expected))));
      }
    }
  }

  @Test
  void conv2IsCaffesTwoGroupConvolutionOfNorm1() {
    INDArray weights = model.parameters(model.blob("conv2")).get("weights");
    INDArray bias = model.parameters(model.blob("conv2")).get("bias");
    CapturedTensor norm1 = blobs.get("norm1");
    CapturedTensor conv2 = blobs.get("conv2");

    for (int out : new int[] {0, 127, 128, 255}) {
      int firstInput = out < 128 ? 0 : 48; // group 0 reads norm1's channels 0..47, group 1 48..95
      for (int[] yx : new int[][] {{0, 0}, {13, 13}, {26, 25}}) {
        double sum = bias.getDouble(out);
        for (int c = 0; c < 48; c++) {
          for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
              int y = yx[0] + i - 2;
              int x = yx[1] + j - 2;
              if (y >= 0 && y < 27 && x >= 0 && x < 27) {
                sum += weights.getDouble(out, c, i, j) * at(norm1, firstInput + c, y, x);
              }
            }
          }
        }
        assertThat((double) at(conv2, out, yx[0], yx[1]))
            .as("conv2[%d, %d, %d]", out, yx[0], yx[1])
            .isCloseTo(Math.max(0, sum), offset(1e-4 * (1 + Math.abs(sum))));
      }
    }
  }

  @Test
  void eachConv2GroupDependsOnlyOnItsHalfOfNorm1() {
    Nd4j.getRandom().setSeed(5);
    INDArray norm1 = Nd4j.rand(DataType.FLOAT, 1, 96, 27, 27).muli(40);
    INDArray secondHalfChanged = norm1.dup();
    secondHalfChanged.get(NDArrayIndex.all(), NDArrayIndex.interval(48, 96)).muli(-3).addi(7);
    INDArray firstHalfChanged = norm1.dup();
    firstHalfChanged.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 48)).muli(-3).addi(7);

    INDArray reference = runFrom(model.graph(), "norm1", norm1, "conv2");
    INDArray afterSecond = runFrom(model.graph(), "norm1", secondHalfChanged, "conv2");
    INDArray afterFirst = runFrom(model.graph(), "norm1", firstHalfChanged, "conv2");

    assertThat(reference.shape()).containsExactly(1, 256, 27, 27);
    assertThat(same(afterSecond, reference, 0, 128)).as("group 0 ignores channels 48..95").isTrue();
    assertThat(same(afterSecond, reference, 128, 256))
        .as("group 1 reads channels 48..95")
        .isFalse();
    assertThat(same(afterFirst, reference, 128, 256)).as("group 1 ignores channels 0..47").isTrue();
    assertThat(same(afterFirst, reference, 0, 128)).as("group 0 reads channels 0..47").isFalse();
  }

  @Test
  void fc6ReadsPool5InChannelHeightWidthOrder() {
    INDArray weights = model.parameters(model.blob("fc6")).get("weights");
    INDArray bias = model.parameters(model.blob("fc6")).get("bias");
    float[] pool5 = blobs.get("pool5").values(); // (256, 6, 6) flattened C, H, W
    float[] fc6 = blobs.get("fc6").values();

    for (int out : new int[] {0, 1234, 4095}) {
      double sum = bias.getDouble(out);
      for (int in = 0; in < 9216; in++) {
        sum += weights.getDouble(out, in) * pool5[in];
      }
      assertThat((double) fc6[out])
          .as("fc6[%d]", out)
          .isCloseTo(Math.max(0, sum), offset(1e-4 * (1 + Math.abs(sum))));
    }
  }

  @Test
  void weightsAreDrawnAsCaffesTrainValFillers() {
    Map<String, Double> std =
        Map.of(
            "conv1", 0.01, "conv2", 0.01, "conv3", 0.01, "conv4", 0.01, "conv5", 0.01, "fc6", 0.005,
            "fc7", 0.005, "fc8", 0.01);
    Map<String, Double> biases =
        Map.of(
            "conv1", 0.0, "conv2", 1.0, "conv3", 0.0, "conv4", 1.0, "conv5", 1.0, "fc6", 1.0, "fc7",
            1.0, "fc8", 0.0);

    Map<String, Double> measured = new HashMap<>();
    for (String name : std.keySet()) {
      Map<String, INDArray> parameters = model.parameters(model.blob(name));
      INDArray weights = parameters.get("weights");
      measured.put(name, weights.stdNumber().doubleValue());
      assertThat(weights.stdNumber().doubleValue())
          .as(name + " std")
          .isCloseTo(std.get(name), offset(0.03 * std.get(name)));
      assertThat(weights.meanNumber().doubleValue())
          .as(name + " mean")
          .isCloseTo(0, offset(0.1 * std.get(name)));
      INDArray bias = parameters.get("bias");
      assertThat(bias.minNumber().doubleValue()).as(name + " bias").isEqualTo(biases.get(name));
      assertThat(bias.maxNumber().doubleValue()).as(name + " bias").isEqualTo(biases.get(name));
    }
    assertThat(measured).hasSize(8);
  }

  @Test
  void theSameSeedGivesTheSameDigestAndWeights() {
    CnnModel again = CaffeNet.initialised(CaffeNet.DEFAULT_SEED);

    assertThat(again.digest()).isEqualTo(model.digest());
    assertThat(Arrays.equals(values(again, "conv1"), values(model, "conv1")))
        .as("conv1 weights identical")
        .isTrue();
    assertThat(Arrays.equals(values(again, "fc8"), values(model, "fc8")))
        .as("fc8 weights identical")
        .isTrue();
  }

  @Test
  void theDefaultSeedDrawsTheSameWeightsInEveryRun() {
    // Drawn by an earlier run in another JVM. Should ND4J's generator change, the weights change
    // under the same digest (architecture and seed): then the digest needs more than the seed.
    float[] conv1 = values(model, "conv1");
    assertThat(conv1[0]).isCloseTo(0.014194161f, offset(1e-8f));
    assertThat(conv1[1]).isCloseTo(-0.009148565f, offset(1e-8f));
    assertThat(model.parameters(model.blob("fc6")).get("weights").getFloat(0, 0))
        .isCloseTo(0.0017803127f, offset(1e-8f));
  }

  @Test
  void anotherSeedGivesAnotherDigestAndWeights() {
    CnnModel other = CaffeNet.initialised(CaffeNet.DEFAULT_SEED + 1);

    assertThat(other.digest()).isNotEqualTo(model.digest());
    assertThat(Arrays.equals(values(other, "conv1"), values(model, "conv1")))
        .as("conv1 weights identical")
        .isFalse();
  }

  @Test
  void refusesSeedZeroWhichNd4jTakesForNoSeed() {
    assertThatThrownBy(() -> CaffeNet.initialised(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed 0");
  }

  @Test
  void graphWiresEachGroupToItsHalf() {
    var inputs = model.graph().getConfiguration().getVertexInputs();

    assertThat(inputs)
        .contains(
            entry("conv2_group0_input", List.of("norm1")),
            entry("conv2_group0", List.of("conv2_group0_input")),
            entry("conv2", List.of("conv2_group0", "conv2_group1")),
            entry("conv4_group1_input", List.of("conv3")),
            entry("conv5_group0_input", List.of("conv4")));
  }

  // --- helpers

  /** The value at (c, y, x) of a captured (C, H, W) blob. */
  static float at(CapturedTensor tensor, int c, int y, int x) {
    int[] shape = tensor.shape();
    return tensor.values()[(c * shape[1] + y) * shape[2] + x];
  }

  static float[] values(CnnModel model, String blob) {
    return model.parameters(model.blob(blob)).get("weights").dup('c').data().asFloat();
  }

  /** Whether output channels [from, to) are bit for bit the same in both. */
  static boolean same(INDArray a, INDArray b, int from, int to) {
    return Arrays.equals(
        a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c').data().asFloat(),
        b.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c').data().asFloat());
  }

  static float min(float[] values) {
    float min = Float.POSITIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
    }
    return min;
  }

  static float max(float[] values) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  /**
   * Runs the part of the graph that lies between vertex {@code from} (whose output is given) and
   * vertex {@code to}, and returns {@code to}'s output.
   */
  static INDArray runFrom(ComputationGraph graph, String from, INDArray given, String to) {
    Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
    Map<String, INDArray> known = new HashMap<>(Map.of(from, given));
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    synchronized (graph) {
      try {
        for (int index : graph.topologicalSortOrder()) {
          GraphVertex vertex = graph.getVertices()[index];
          String name = vertex.getVertexName();
          List<String> needs = inputs.getOrDefault(name, List.of());
          if (known.containsKey(name) || needs.isEmpty() || !known.keySet().containsAll(needs)) {
            continue;
          }
          for (int i = 0; i < needs.size(); i++) {
            vertex.setInput(i, known.get(needs.get(i)), workspaces);
          }
          known.put(name, vertex.doForward(false, workspaces).dup());
          if (name.equals(to)) {
            return known.get(name);
          }
        }
      } finally {
        graph.clear();
      }
    }
    throw new IllegalArgumentException(
        to
            + " does not follow "
            + from
            + " in "
            + Arrays.toString(new ArrayList<>(inputs.keySet()).toArray()));
  }
}
