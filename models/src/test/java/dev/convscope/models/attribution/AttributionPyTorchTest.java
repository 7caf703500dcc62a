package dev.convscope.models.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.models.Blob;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.models.caffe.graph.PyTorchReference;
import dev.convscope.models.dataset.FashionMnist;
import dev.convscope.models.onnx.OnnxGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saliency, gradient × input and Grad-CAM for the top class, checked against PyTorch autograd on
 * the same weights: the ONNX fixtures (PyTorch runs the file's own nodes) and the built-in model (a
 * PyTorch copy of its architecture given its weights). Every value within 1e-3 of the reference's
 * largest magnitude.
 */
class AttributionPyTorchTest {

  private static final double TOLERANCE = 1e-3;
  private static final EnumSet<AttributionMethod> DIRECT =
      EnumSet.of(
          AttributionMethod.SALIENCY,
          AttributionMethod.GRADIENT_X_INPUT,
          AttributionMethod.GRAD_CAM);

  @TempDir Path folder;

  @ParameterizedTest
  @FieldSource("dev.convscope.models.caffe.graph.PyTorchReference#ONNX_NETWORKS")
  void onnxNetworksAttributeAsPyTorchDoes(String name) throws Exception {
    INDArray input = PyTorchReference.onnxInput(name);
    OnnxGraph graph = PyTorchReference.onnxGraph(name);
    CnnModel model = PyTorchReference.onnxModel(name, graph);
    Explainer explainer = new Explainer(model);
    String layer = explainer.defaultGradCamLayer();
    String onnxValue =
        PyTorchReference.onnxValues(name).keySet().stream()
            .filter(value -> graph.blobOf(value).orElse("").equals(layer))
            .findFirst()
            .orElseThrow();
    Path onnx =
        Files.write(folder.resolve(name + ".onnx"), PyTorchReference.onnxFile(name + ".onnx"));

    assertAttributionsAgree(model, input, "onnx", onnx, onnxValue);
  }

  @Test
  void theBuiltInModelAttributesAsAPyTorchCopyOfItsWeightsDoes() throws Exception {
    CnnModel model = FashionMnistModel.load();
    for (Blob blob : model.blobs()) {
      model
          .parameters(blob)
          .forEach(
              (kind, values) -> {
                try {
                  Nd4j.writeAsNumpy(
                      values.castTo(DataType.FLOAT).dup('c'),
                      folder.resolve(blob.name() + "_" + kind + ".npy").toFile());
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    var images = FashionMnist.in(FashionMnist.DEBIAN_DIRECTORY).test().images();
    float[] pixels = new float[images.rows() * images.cols()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (images.pixels()[i] & 0xFF) / 255f; // image 0 of the test set, as preprocessed
    }
    INDArray input = Nd4j.create(pixels, new long[] {1, 1, images.rows(), images.cols()}, 'c');

    assertAttributionsAgree(
        model, input, "lenet", folder, new Explainer(model).defaultGradCamLayer());
  }

  private void assertAttributionsAgree(
      CnnModel model, INDArray input, String kind, Path source, String torchLayer)
      throws Exception {
    float[] probabilities = LayerByLayerForward.run(model, input.dup(), tensor -> {});
    int top = 0;
    for (int c = 1; c < probabilities.length; c++) {
      top = probabilities[c] > probabilities[top] ? c : top;
    }
    Map<String, INDArray> torch = TorchAttribution.of(kind, source, input, top, torchLayer, folder);
    Map<AttributionMethod, AttributionMap> maps = new HashMap<>();
    new Explainer(model).explain(input, top, DIRECT, null).forEach(m -> maps.put(m.method(), m));

    INDArray gradient = torch.get("input_gradient");
    assertThat(maps.get(AttributionMethod.SALIENCY).score())
        .isCloseTo(torch.get("score").getFloat(0), org.assertj.core.data.Offset.offset(1e-3f));
    assertClose("input gradient", maps.get(AttributionMethod.SALIENCY).values(), gradient);
    assertClose(
        "gradient × input",
        maps.get(AttributionMethod.GRADIENT_X_INPUT).values(),
        gradient.mul(input));
    assertClose("Grad-CAM", maps.get(AttributionMethod.GRAD_CAM).values(), torch.get("gradcam"));
    assertClose(
        "Grad-CAM resized", maps.get(AttributionMethod.GRAD_CAM).map(), torch.get("gradcam_map"));
  }

  private static void assertClose(String what, INDArray actual, INDArray expected) {
    INDArray flatActual = actual.castTo(DataType.DOUBLE).reshape(actual.length());
    INDArray flatExpected = expected.castTo(DataType.DOUBLE).reshape(expected.length());
    assertThat(flatActual.length()).as(what + " size").isEqualTo(flatExpected.length());
    double largest = flatExpected.amaxNumber().doubleValue();
    assertThat(largest).as(what + " is not all zeros").isGreaterThan(0);
    double difference = flatActual.sub(flatExpected).amaxNumber().doubleValue();
    assertThat(difference)
        .as(what + ": largest difference")
        .isLessThanOrEqualTo(TOLERANCE * largest);
  }
}
