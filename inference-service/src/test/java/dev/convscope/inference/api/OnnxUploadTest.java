package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convscope.api.v1.ChannelOrder;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.Preprocessing;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.caffe.graph.PyTorchReference;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.onnx.OnnxGraph;
import dev.convscope.models.onnx.OnnxModelReader;
import dev.convscope.models.onnx.format.OnnxMessages.ModelProto;
import dev.convscope.models.onnx.format.OnnxMessages.NodeProto;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ONNX models through UploadModel over a real socket: one file, stored under its digest, then run
 * from the service's catalog, every blob compared with PyTorch's value of the ONNX value it is
 * named after. Bad files are refused with INVALID_ARGUMENT naming what is wrong, and nothing is
 * stored for them.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class OnnxUploadTest extends UploadTest {

  /** squeeze_like leaves its height and width symbolic: the upload gives them. */
  private static final String SYMBOLIC = "squeeze_like";

  @Inject ModelCatalog catalog;

  @ParameterizedTest
  @FieldSource("dev.convscope.models.caffe.graph.PyTorchReference#ONNX_NETWORKS")
  void anUploadedOnnxModelComputesEveryValueAsPyTorchDoes(String network) throws Throwable {
    ModelSummary summary = upload(network).getSummary();

    assertThat(summary.getSource()).isEqualTo("upload");
    CnnModel model = catalog.get(summary.getName());
    INDArray input = PyTorchReference.onnxInput(network);
    OnnxGraph reference = localGraph(network);
    Map<String, INDArray> expected = new LinkedHashMap<>();
    PyTorchReference.onnxValues(network)
        .forEach((value, array) -> expected.put(reference.blobOf(value).orElseThrow(), array));
    Map<String, CapturedTensor> captured = new LinkedHashMap<>();
    float[] output = LayerByLayerForward.run(model, input, t -> captured.put(t.name(), t));
    PyTorchReference.assertSame(expected, captured, output, reference.outputBlob());
  }

  @Test
  void anOnnxModelIsStoredUnderItsDigestAndDrawnWithItsValuesNames() throws Throwable {
    ModelSummary summary = upload("extras_like").getSummary();
    String digest = summary.getDigest();

    assertThat(summary.getPreprocessing().getChannelOrder())
        .isEqualTo(ChannelOrder.CHANNEL_ORDER_RGB);
    // torchvision's (v / 255 - mean) / std, on the 0..255 scale: (v - 255 mean) / (255 std).
    assertThat(summary.getPreprocessing().getScale()).isEqualTo(1f);
    assertThat(summary.getPreprocessing().getMeanList())
        .zipSatisfy(
            List.of(123.675f, 116.28f, 103.53f),
            (actual, expected) -> assertThat(actual).isCloseTo(expected, within(1e-3f)));
    assertThat(summary.getPreprocessing().getStdList())
        .zipSatisfy(
            List.of(58.395f, 57.12f, 57.375f),
            (actual, expected) -> assertThat(actual).isCloseTo(expected, within(1e-3f)));
    assertThat(TestBucket.keysUnder(UPLOADS + digest + "/"))
        .containsExactlyInAnyOrder(
            UPLOADS + digest + "/model.onnx", UPLOADS + digest + "/model.json");
    assertThat(TestBucket.read(UPLOADS + digest + "/model.onnx"))
        .isEqualTo(PyTorchReference.onnxFile("extras_like.onnx"));
    assertThat(upload("extras_like").getAlreadyStored()).isTrue();

    List<VisualizeResponse> events = visualizeATestImage(summary.getName());
    List<String> activations = activationNames(events);
    assertThat(activations)
        .startsWith("input", "Pad_output_0", "conv1/Conv_output_0")
        .contains("MatMul_output_0", "fc/Gemm/logits", "prob/Softmax/prob");
    assertThat(events.get(1).getPredictions().getPredictionsList()).hasSize(5);
  }

  @Test
  void aSymbolicHeightAndWidthComeWithTheUploadOrTheModelIsRefused() throws Exception {
    byte[] file = symbolicModel("sent without a height and width");

    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, file.length), file, "symbolic height ('height')");
  }

  @Test
  void anUnsupportedOperatorIsRefusedNamingItAndItsNode() throws Exception {
    byte[] file =
        edited(
            "alexnet_like",
            node ->
                node.getOpType().equals("LRN") ? node.toBuilder().setOpType("Erf").build() : node);

    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, file.length),
        file,
        "operator Erf of node '/norm1/LRN' (Erf) is not supported; supported: ");
  }

  @Test
  void aCycleADanglingInputAndAnUnfoldableReshapeAreRefused() throws Exception {
    byte[] cycle =
        edited(
            "vgg_like",
            node ->
                node.getName().equals("/features/features.0/Conv")
                    ? node.toBuilder().setInput(0, "/features/features.1/Relu_output_0").build()
                    : node);
    byte[] dangling =
        edited(
            "vgg_like",
            node ->
                node.getName().equals("/features/features.1/Relu")
                    ? node.toBuilder().setInput(0, "missing").build()
                    : node);
    byte[] reshape =
        edited(
            SYMBOLIC,
            node ->
                node.getOpType().equals("Reshape")
                    ? node.toBuilder().setInput(1, "/relu10/LeakyRelu_output_0").build()
                    : node);

    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, cycle.length), cycle, "the graph has a cycle");
    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, dangling.length),
        dangling,
        "reads 'missing', which no node, initializer or graph input provides");
    assertRefusedStoringNothing(
        sized(header(ModelFormat.MODEL_FORMAT_ONNX, reshape.length)),
        reshape,
        "cannot be folded to a constant");
  }

  @Test
  void aTruncatedFileAnotherOperatorSetAndAnotherFormatAreRefused() throws Exception {
    byte[] whole = PyTorchReference.onnxFile("alexnet_like.onnx");
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    byte[] opset18 =
        ModelProto.parseFrom(whole).toBuilder()
            .setOpsetImport(
                0, ModelProto.parseFrom(whole).getOpsetImport(0).toBuilder().setVersion(18))
            .build()
            .toByteArray();
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0};

    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, truncated.length),
        truncated,
        "the file is not an ONNX model");
    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, opset18.length),
        opset18,
        "operator set version 18; supported: versions 9 to 17");
    assertRefusedStoringNothing(
        header(ModelFormat.MODEL_FORMAT_ONNX, zip.length),
        zip,
        "the file is a DL4J model zip, but the upload declares an ONNX model");
  }

  @Test
  void aStoredModelWithASymbolicSizeRunsAtTheSizeItsManifestGives() throws Throwable {
    byte[] file = symbolicModel("stored by another replica");
    String digest = Sha256.hex(file);
    // What another replica leaves behind, written here by hand: the file, then its description.
    TestBucket.put(UPLOADS + digest + "/model.onnx", file);
    TestBucket.put(
        UPLOADS + digest + "/model.json",
        ("""
        {"version": 1, "sha256": "%s", "format": "onnx", "size_bytes": %d, "display_name": "wide",
         "labels": [],
         "preprocessing": {"height": 40, "width": 48, "channels": 3, "order": "RGB",
           "resize_height": 40, "resize_width": 48, "mean": [], "scale": 0.5, "description": ""}}
        """)
            .formatted(digest, file.length)
            .getBytes(StandardCharsets.UTF_8));

    ModelSummary summary =
        inference
            .describeModel(DescribeModelRequest.newBuilder().setModel("sha256:" + digest).build())
            .getSummary();

    assertThat(summary.getDigest()).isEqualTo(digest);
    assertThat(summary.getLayers(0).getName()).isEqualTo("input");
    assertThat(summary.getLayers(0).getOutputShapeList()).containsExactly(3L, 40L, 48L);
    // conv1, 3x3 with stride 2, makes 40x48 into 19x23; the 3x3 pool with stride 2 into 9x11.
    assertThat(summary.getLayersList())
        .filteredOn(l -> l.getName().equals("pool1/MaxPool_output_0"))
        .singleElement()
        .satisfies(l -> assertThat(l.getOutputShapeList()).containsExactly(16L, 9L, 11L));
  }

  private UploadModelResponse upload(String network) throws Throwable {
    byte[] file = PyTorchReference.onnxFile(network + ".onnx");
    ModelUploadHeader.Builder header =
        header(ModelFormat.MODEL_FORMAT_ONNX, file.length).setDisplayName(network);
    return upload(network.equals(SYMBOLIC) ? sized(header) : header, file, 64 * 1024);
  }

  /**
   * The symbolic model with a doc string of its own: other bytes than the fixture's, which another
   * test may have stored already.
   */
  private static byte[] symbolicModel(String docString) throws Exception {
    return ModelProto.parseFrom(PyTorchReference.onnxFile(SYMBOLIC + ".onnx")).toBuilder()
        .setDocString(docString)
        .build()
        .toByteArray();
  }

  /** The height and width of the symbolic model's fixture input. */
  private static ModelUploadHeader.Builder sized(ModelUploadHeader.Builder header) {
    return header.setPreprocessing(Preprocessing.newBuilder().setHeight(32).setWidth(32));
  }

  private static OnnxGraph localGraph(String network) throws Exception {
    INDArray input = PyTorchReference.onnxInput(network);
    return OnnxGraph.build(
        OnnxModelReader.parse(PyTorchReference.onnxFile(network + ".onnx")),
        Optional.of(new int[] {(int) input.size(2), (int) input.size(3)}));
  }

  /** The fixture with every node passed through {@code edit}. */
  private static byte[] edited(String network, UnaryOperator<NodeProto> edit) throws Exception {
    ModelProto model = ModelProto.parseFrom(PyTorchReference.onnxFile(network + ".onnx"));
    var graph = model.getGraph().toBuilder();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      graph.setNode(i, edit.apply(graph.getNode(i)));
    }
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }
}
