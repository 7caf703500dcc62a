package dev.convscope.models.onnx;

import static dev.convscope.models.onnx.TinyModels.floats;
import static dev.convscope.models.onnx.TinyModels.graph;
import static dev.convscope.models.onnx.TinyModels.model;
import static dev.convscope.models.onnx.TinyModels.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.models.caffe.graph.PyTorchReference;
import dev.convscope.models.onnx.format.OnnxMessages.StringStringEntryProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxModelReaderTest {

  static byte[] relu(int opset) {
    return model(
        opset,
        graph(new long[] {1, 3, 4, 4}, List.of(node("Relu", "r", List.of("x"), "y")), List.of()));
  }

  @Test
  void readsTheOperatorSetAndTheProducerOfAnExportedModel() {
    OnnxModel model = OnnxModelReader.parse(PyTorchReference.onnxFile("mobilenet_like.onnx"));

    assertThat(model.opset()).isEqualTo(17);
    assertThat(model.producer()).startsWith("pytorch");
    assertThat(model.graph().getNodeCount()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(ints = {9, 13, 17})
  void takesOperatorSetsFromNineToSeventeen(int opset) {
    assertThat(OnnxModelReader.parse(relu(opset)).opset()).isEqualTo(opset);
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 8, 18})
  void refusesOperatorSetsOutsideNineToSeventeen(int opset) {
    assertThatThrownBy(() -> OnnxModelReader.parse(relu(opset)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("operator set version " + opset)
        .hasMessageContaining("supported: versions 9 to 17");
  }

  @Test
  void refusesATruncatedFile() {
    byte[] whole = PyTorchReference.onnxFile("alexnet_like.onnx");
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> OnnxModelReader.parse(truncated))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageStartingWith("the file is not an ONNX model");
  }

  @Test
  void refusesBytesOfAnotherKind() {
    byte[] text =
        "name: \"not a model\"\nlayer { type: \"ReLU\" }\n".getBytes(StandardCharsets.UTF_8);
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};

    assertThatThrownBy(() -> OnnxModelReader.parse(text))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("ONNX");
    assertThatThrownBy(() -> OnnxModelReader.parse(zip))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("ONNX");
    assertThatThrownBy(() -> OnnxModelReader.parse(new byte[0]))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("no ONNX graph");
  }

  @Test
  void refusesWeightsKeptInAnExternalFile() {
    TensorProto external =
        TensorProto.newBuilder(floats("w", new long[] {3}))
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(
                StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
            .build();
    byte[] bytes =
        model(
            13,
            graph(
                new long[] {1, 3, 4, 4},
                List.of(node("Relu", "r", List.of("x"), "y")),
                List.of(external)));

    assertThatThrownBy(() -> OnnxModelReader.parse(bytes))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("initializer 'w'")
        .hasMessageContaining("'weights.bin'")
        .hasMessageContaining("external data is not supported");
  }
}
