package dev.convscope.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.models.Blob;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.caffe.graph.PyTorchReference;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each model of onnx/nets/ (exported by torch.onnx.export in make_onnx.py there, with PyTorch's
 * value of every value) read, built as a graph and run on its input: every blob is PyTorch's value
 * of the ONNX value it is named after, within 1e-4 of its largest magnitude, and the top five
 * classes of the first output are PyTorch's, in order.
 */
class OnnxGraphPyTorchTest {

  @ParameterizedTest
  @FieldSource("dev.convscope.models.caffe.graph.PyTorchReference#ONNX_NETWORKS")
  void everyBlobIsPyTorchsValueAndTheTopFiveClassesAgree(String name) throws IOException {
    OnnxGraph graph = PyTorchReference.onnxGraph(name);
    CnnModel model = PyTorchReference.onnxModel(name, graph);
    INDArray input = PyTorchReference.onnxInput(name);
    Map<String, INDArray> expected = new LinkedHashMap<>();
    PyTorchReference.onnxValues(name)
        .forEach((value, array) -> expected.put(graph.blobOf(value).orElseThrow(), array));
    Map<String, CapturedTensor> captured = new LinkedHashMap<>();

    float[] output = LayerByLayerForward.run(model, input, t -> captured.put(t.name(), t));

    assertThat(model.blobs()).extracting(Blob::name).containsExactlyElementsOf(expected.keySet());
    PyTorchReference.assertSame(expected, captured, output, graph.outputBlob());
    // DL4J's own pass, with its workspaces, gives the same output.
    INDArray whole = model.graph().output(false, input.dup())[0].castTo(DataType.FLOAT);
    assertThat(whole.data().asFloat()).containsExactly(output);
  }
}
