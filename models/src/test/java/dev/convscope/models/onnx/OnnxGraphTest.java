package dev.convscope.models.onnx;

import static dev.convscope.models.onnx.TinyModels.floats;
import static dev.convscope.models.onnx.TinyModels.graph;
import static dev.convscope.models.onnx.TinyModels.ints;
import static dev.convscope.models.onnx.TinyModels.model;
import static dev.convscope.models.onnx.TinyModels.node;
import static dev.convscope.models.onnx.TinyModels.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.convscope.models.caffe.graph.PyTorchReference;
import dev.convscope.models.onnx.format.OnnxMessages.NodeProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OnnxGraphTest {

  static final long[] IMAGE = {1, 1, 7, 7};

  static OnnxGraph build(int opset, List<NodeProto> nodes, List<TensorProto> initializers) {
    return OnnxGraph.build(
        OnnxModelReader.parse(model(opset, graph(IMAGE, nodes, initializers))), Optional.empty());
  }

  static float[] random(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  /** A 4x4 convolution of one 7x7 channel, stride 2, written out as its sums. */
  static float[][] convolve(
      float[] image, float[] kernel, int top, int left, int bottom, int right) {
    int height = (7 + top + bottom - 4) / 2 + 1;
    int width = (7 + left + right - 4) / 2 + 1;
    float[][] out = new float[height][width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) {
            int row = y * 2 + i - top;
            int column = x * 2 + j - left;
            if (row >= 0 && row < 7 && column >= 0 && column < 7) {
              out[y][x] += image[row * 7 + column] * kernel[i * 4 + j];
            }
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"SAME_UPPER", "SAME_LOWER", "VALID"})
  void autoPadPadsAsTheSumsSay(String autoPad) {
    float[] kernel = random(16, 1);
    float[] image = random(49, 2);
    OnnxGraph graph =
        build(
            13,
            List.of(
                node(
                    "Conv",
                    "conv",
                    List.of("x", "w"),
                    "y",
                    ints("strides", 2, 2),
                    text("auto_pad", autoPad))),
            List.of(floats("w", new long[] {1, 1, 4, 4}, kernel)));

    INDArray y = graph.graph().outputSingle(false, Nd4j.create(image, IMAGE, 'c'));

    // Output ceil(7 / 2) = 4 a side: (4 - 1) * 2 + 4 - 7 = 3 padded, the odd one after (UPPER) or
    // before (LOWER).
    float[][] expected =
        switch (autoPad) {
          case "SAME_UPPER" -> convolve(image, kernel, 1, 1, 2, 2);
          case "SAME_LOWER" -> convolve(image, kernel, 2, 2, 1, 1);
          default -> convolve(image, kernel, 0, 0, 0, 0);
        };
    assertThat(y.shape()).containsExactly(1, 1, expected.length, expected[0].length);
    for (int row = 0; row < expected.length; row++) {
      for (int column = 0; column < expected[0].length; column++) {
        assertThat(y.getFloat(0, 0, row, column)).isCloseTo(expected[row][column], offset(1e-5f));
      }
    }
  }

  @Test
  void refusesAnUnsupportedOperatorNamingItTheNodeAndTheSupportedOnes() {
    List<NodeProto> nodes = List.of(node("Erf", "/act/Erf", List.of("x"), "y"));

    assertThatThrownBy(() -> build(13, nodes, List.of()))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("operator Erf")
        .hasMessageContaining("node '/act/Erf'")
        .hasMessageContaining("supported: ")
        .hasMessageContaining("Conv")
        .hasMessageContaining("BatchNormalization");
  }

  @Test
  void refusesACycleNamingItsNodes() {
    List<NodeProto> nodes =
        List.of(
            node("Add", "join", List.of("x", "back"), "sum"),
            node("Relu", "loop", List.of("sum"), "back"),
            node("Relu", "out", List.of("sum"), "y"));

    assertThatThrownBy(() -> build(13, nodes, List.of()))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("node 'join' (Add)")
        .hasMessageContaining("node 'loop' (Relu)");
  }

  @Test
  void refusesAnInputNothingProvides() {
    List<NodeProto> nodes = List.of(node("Add", "add", List.of("x", "bias"), "y"));

    assertThatThrownBy(() -> build(13, nodes, List.of()))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessage(
            "node 'add' (Add) reads 'bias', which no node, initializer or graph input provides");
  }

  @Test
  void refusesANodeWithoutTheInputsItsOperatorNeeds() {
    List<NodeProto> nodes = List.of(node("Conv", "/conv/Conv", List.of("x"), "y"));

    assertThatThrownBy(() -> build(13, nodes, List.of()))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageStartingWith("node '/conv/Conv' (Conv)");
  }

  @Test
  void refusesAReshapeWhoseShapeCannotBeFolded() {
    List<NodeProto> nodes =
        List.of(
            node("Relu", "shape", List.of("x"), "computed"),
            node("Reshape", "/Reshape", List.of("x", "computed"), "y"));

    assertThatThrownBy(() -> build(13, nodes, List.of()))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("node '/Reshape' (Reshape)")
        .hasMessageContaining("cannot be folded to a constant");
  }

  @Test
  void foldsAShapeComputedFromTheValuesKnownShape() {
    // y = x.view(x.size(0), -1), as torch writes it: Shape, Gather, Unsqueeze, Concat.
    List<NodeProto> nodes =
        List.of(
            node("Shape", "/Shape", List.of("x"), "shape"),
            node("Gather", "/Gather", List.of("shape", "zero"), "batch"),
            node("Unsqueeze", "/Unsqueeze", List.of("batch", "axes"), "batch1"),
            node("Concat", "/Concat", List.of("batch1", "minus1"), "target", ints("axis", 0)),
            node("Reshape", "/Reshape", List.of("x", "target"), "y"));
    List<TensorProto> constants =
        List.of(
            TensorProto.newBuilder().setName("zero").setDataType(7).addInt64Data(0).build(),
            TinyModels.longs("axes", 0),
            TinyModels.longs("minus1", -1));
    OnnxGraph graph = build(13, nodes, constants);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 7, 7);

    INDArray y = graph.graph().outputSingle(false, x);

    assertThat(graph.blobs()).extracting(b -> b.name()).containsExactly("x", "Reshape/y");
    assertThat(y.shape()).containsExactly(2, 49);
    assertThat(y.getFloat(1, 10)).isEqualTo(x.getFloat(1, 0, 1, 3));
  }

  @Test
  void aSymbolicHeightAndWidthComeWithTheModelOrTheInputIsRefused() throws Exception {
    OnnxModel model =
        OnnxModelReader.read(
            new java.io.ByteArrayInputStream(PyTorchReference.onnxFile("squeeze_like.onnx")));

    assertThatThrownBy(() -> OnnxGraph.build(model, Optional.empty()))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("input 'input'")
        .hasMessageContaining("symbolic height ('height')")
        .hasMessageContaining("give the height and width");
    assertThat(OnnxGraph.build(model, Optional.of(new int[] {40, 48})).imageShape())
        .containsExactly(3, 40, 48);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mobilenet_like", "extras_like", "alexnet_like"})
  void theConfigurationIsWrittenToJsonAndReadBackWhole(String name) throws Exception {
    OnnxGraph graph = PyTorchReference.onnxGraph(name);
    String json = graph.graph().getConfiguration().toJson();

    assertThat(ComputationGraphConfiguration.fromJson(json).toJson()).isEqualTo(json);
  }

  @Test
  void torchvisionsPreprocessingIsTheDefault() throws Exception {
    var preprocessing = PyTorchReference.onnxGraph("vgg_like").defaultPreprocessing();

    assertThat(preprocessing.order()).isEqualTo(dev.convscope.models.ChannelOrder.RGB);
    assertThat(preprocessing.inputShape()).containsExactly(3, 32, 32);
    assertThat(preprocessing.scale()).isEqualTo(1f);
    assertThat(preprocessing.mean())
        .containsExactly(new float[] {123.675f, 116.28f, 103.53f}, offset(1e-3f));
    assertThat(preprocessing.std())
        .containsExactly(new float[] {58.395f, 57.12f, 57.375f}, offset(1e-3f));
  }
}
