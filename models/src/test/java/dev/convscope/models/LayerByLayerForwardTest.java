package dev.convscope.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.models.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayerByLayerForwardTest {

  static CnnModel tinyLeNet() {
    return TestModels.tinyLeNet();
  }

  @Test
  void everyBlobEqualsWhatDl4jsOwnForwardPassComputes() {
    CnnModel model = tinyLeNet();
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 1, 12, 12);
    Map<String, INDArray> expected = model.graph().feedForward(input, false);
    List<CapturedTensor> captured = new ArrayList<>();

    float[] output = LayerByLayerForward.run(model, input, captured::add);

    assertThat(captured)
        .extracting(CapturedTensor::name)
        .containsExactlyElementsOf(model.blobs().stream().map(Blob::name).toList());
    for (CapturedTensor tensor : captured) {
      INDArray reference = expected.get(tensor.name());
      assertThat(tensor.values())
          .as(tensor.name())
          .containsExactly(
              reference.dup('c').data().asFloat(), org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(tensor.shape().length).as("no batch axis").isEqualTo(reference.rank() - 1);
    }
    assertThat(output).hasSize(3);
    assertThat(output[0] + output[1] + output[2])
        .isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void summaryGivesOutputShapesAndCaffeLayoutParameters() {
    ModelSummary summary = tinyLeNet().summary();

    assertThat(summary.layers())
        .extracting(ModelSummary.Layer::type)
        .containsExactly("Input", "Convolution", "Pooling", "InnerProduct", "Softmax");
    ModelSummary.Layer conv1 = summary.layers().get(1);
    assertThat(conv1.outputShape()).containsExactly(4, 8, 8);
    assertThat(conv1.parameters().get(0).shape())
        .as("(out, in, kh, kw)")
        .containsExactly(4, 1, 5, 5);
    ModelSummary.Layer ip1 = summary.layers().get(3);
    assertThat(ip1.parameters().get(0).shape()).as("(out, in)").containsExactly(12, 64);
    assertThat(ip1.parameters().get(1).shape()).containsExactly(12);
    assertThat(summary.parameterCount()).isEqualTo(4 * 25 + 4 + 12 * 64 + 12 + 3 * 12 + 3);
  }
}
