package dev.convscope.models.caffe.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.Blob;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.caffe.CaffeModel;
import dev.convscope.models.caffe.CaffeModelReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each network of caffe/nets/ (written by make_nets.py there, with PyTorch's value of every blob)
 * read from its prototxt and caffemodel, built as a graph and run on its input: every blob the
 * model reports is PyTorch's, within 1e-4 of the blob's largest magnitude, and the top five classes
 * of the output are PyTorch's, in order.
 */
class CaffeGraphPyTorchTest {

  static Path net(String file) {
    try {
      var url = CaffeGraphPyTorchTest.class.getResource("/caffe/nets/" + file);
      if (url == null) {
        throw new IllegalStateException("no fixture " + file + "; run caffe/nets/make_nets.py");
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static CaffeModel read(String name) throws IOException {
    return CaffeModelReader.read(net(name + ".prototxt"), net(name + ".caffemodel"));
  }

  static CnnModel model(String name, CaffeModel caffe) {
    CaffeGraph graph = CaffeGraph.build(caffe);
    return graph.toModel(
        name,
        Sha256.hex(name.getBytes(StandardCharsets.UTF_8)),
        CaffeGraph.defaultPreprocessing(caffe.network()),
        List.of());
  }

  @ParameterizedTest
  @FieldSource("dev.convscope.models.caffe.graph.PyTorchReference#NETWORKS")
  void everyBlobIsPyTorchsAndTheTopFiveClassesAgree(String name) throws IOException {
    CaffeModel caffe = read(name);
    CnnModel model = model(name, caffe);
    INDArray input = Npy.read(net(name + ".input.npy"));
    Map<String, INDArray> expected = Npy.readAll(net(name + ".blobs.npz"));
    Map<String, CapturedTensor> captured = new LinkedHashMap<>();

    float[] output = LayerByLayerForward.run(model, input, t -> captured.put(t.name(), t));

    assertThat(model.blobs()).extracting(Blob::name).containsExactlyElementsOf(expected.keySet());
    String last = caffe.network().layers().get(caffe.network().layers().size() - 1).tops().get(0);
    PyTorchReference.assertSame(expected, captured, output, last);
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet_like", "squeeze_like"})
  void dl4jsOwnForwardPassGivesTheSameOutput(String name) throws IOException {
    CnnModel model = model(name, read(name));
    INDArray input = Npy.read(net(name + ".input.npy"));

    float[] layerByLayer = LayerByLayerForward.run(model, input, t -> {});
    // DL4J's pass, with its workspaces; its first output is the network's last layer.
    INDArray whole = model.graph().output(false, input.dup())[0].castTo(DataType.FLOAT);

    assertThat(whole.data().asFloat()).containsExactly(layerByLayer);
  }
}
