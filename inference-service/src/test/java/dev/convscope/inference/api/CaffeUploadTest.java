package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.api.v1.ChannelOrder;
import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelPartRole;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.caffe.graph.PyTorchReference;
import dev.convscope.models.catalog.ModelCatalog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Caffe models through UploadModel over a real socket: a prototxt and its caffemodel sent as parts,
 * stored under their digest, then run from the service's catalog, every blob compared with
 * PyTorch's value of it. Bad files are refused with INVALID_ARGUMENT naming what is wrong, and
 * nothing is stored for them.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class CaffeUploadTest extends UploadTest {

  @Inject ModelCatalog catalog;

  @ParameterizedTest
  @FieldSource("dev.convscope.models.caffe.graph.PyTorchReference#NETWORKS")
  void anUploadedCaffeModelComputesEveryBlobAsPyTorchDoes(String network) throws Throwable {
    ModelSummary summary = uploadCaffe(network);

    assertThat(summary.getSource()).isEqualTo("upload");
    CnnModel model = catalog.get(summary.getName());
    Map<String, CapturedTensor> captured = new LinkedHashMap<>();
    float[] output =
        LayerByLayerForward.run(
            model, PyTorchReference.input(network), t -> captured.put(t.name(), t));
    var expected = PyTorchReference.blobs(network);
    String last = new ArrayList<>(expected.keySet()).get(expected.size() - 1);
    PyTorchReference.assertSame(expected, captured, output, last);
  }

  @Test
  void aCaffeModelIsStoredUnderItsDigestAndDrawnWithCaffesBlobNames() throws Throwable {
    ModelSummary summary = uploadCaffe("alexnet_like");
    String digest = summary.getDigest();

    assertThat(summary.getPreprocessing().getChannelOrder())
        .isEqualTo(ChannelOrder.CHANNEL_ORDER_BGR);
    assertThat(summary.getPreprocessing().getScale()).isEqualTo(1f);
    assertThat(summary.getPreprocessing().getMeanList()).hasSize(3);
    assertThat(TestBucket.keysUnder(UPLOADS + digest + "/"))
        .containsExactlyInAnyOrder(
            UPLOADS + digest + "/model.caffe", UPLOADS + digest + "/model.json");
    assertThat(uploadCaffeFiles("alexnet_like").getAlreadyStored()).isTrue();

    List<VisualizeResponse> events = visualizeATestImage(summary.getName());
    List<String> activations = activationNames(events);
    assertThat(activations)
        .containsExactlyElementsOf(PyTorchReference.blobs("alexnet_like").keySet());
    assertThat(events.get(1).getPredictions().getPredictionsList()).hasSize(5);
  }

  @Test
  void aCaffemodelThatDoesNotFitItsPrototxtIsRefusedNamingTheLayer() throws Exception {
    // The VGG-like weights under the AlexNet-like network: conv1's blobs have other shapes.
    byte[] prototxt = PyTorchReference.file("alexnet_like.prototxt");
    byte[] weights = PyTorchReference.file("vgg_like.caffemodel");

    assertRefusedStoringNothing(
        caffeHeader(prototxt.length, weights.length), concat(prototxt, weights), "conv1");
  }

  @Test
  void anUnsupportedLayerIsRefusedNamingItsType() throws Exception {
    String text =
        new String(PyTorchReference.file("alexnet_like.prototxt"), StandardCharsets.UTF_8)
            .replaceFirst("type: \"LRN\"", "type: \"Crop\"");
    byte[] prototxt = text.getBytes(StandardCharsets.UTF_8);
    byte[] weights = PyTorchReference.file("alexnet_like.caffemodel");

    assertRefusedStoringNothing(
        caffeHeader(prototxt.length, weights.length), concat(prototxt, weights), "Crop");
  }

  @Test
  void aTruncatedCaffemodelIsRefused() throws Exception {
    byte[] prototxt = PyTorchReference.file("alexnet_like.prototxt");
    byte[] whole = PyTorchReference.file("alexnet_like.caffemodel");
    byte[] weights = Arrays.copyOf(whole, whole.length / 2);

    assertRefusedStoringNothing(
        caffeHeader(prototxt.length, weights.length), concat(prototxt, weights), "net.caffemodel");
  }

  @Test
  void partsThatDoNotAddUpOrLackTheWeightsAreRefused() throws Exception {
    byte[] prototxt = PyTorchReference.file("alexnet_like.prototxt");
    byte[] weights = PyTorchReference.file("alexnet_like.caffemodel");

    assertRefusedStoringNothing(
        caffeHeader(prototxt.length, weights.length).setTotalBytes(prototxt.length),
        prototxt,
        "header.parts add up to");
    assertRefusedStoringNothing(
        ModelUploadHeader.newBuilder()
            .setFormat(ModelFormat.MODEL_FORMAT_CAFFE)
            .setTotalBytes(prototxt.length)
            .addParts(part(ModelPartRole.MODEL_PART_ROLE_CAFFE_NETWORK, prototxt.length, "")),
        prototxt,
        "needs Caffe weights");
    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, prototxt.length)
            .addParts(part(ModelPartRole.MODEL_PART_ROLE_CAFFE_NETWORK, prototxt.length, "")),
        prototxt,
        "send it without parts");
  }
}
