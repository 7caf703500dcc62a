package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.inference.testing.UploadFixtures;
import dev.convscope.inference.testing.UploadFixtures.KerasExpectation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * UploadModel end to end over real sockets: models stream in as chunks or are named by an object
 * key, are stored in S3Proxy under their digest and then run through Visualize, every layer drawn
 * by the visualization service (its own process). Bad uploads are rejected with a status naming the
 * problem and leave nothing in the bucket.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class UploadModelTest extends UploadTest {

  private static final String UPLOADS = "uploads/models/";
  private static final List<String> LABELS = List.of("circle", "square", "triangle");
  private static final long LIMIT = 2097152; // %test.convscope.inference.max-model-bytes

  @Test
  void aDl4jZipSentInChunksIsStoredAndRunsUnderItsDigest() throws Throwable {
    byte[] zip = UploadFixtures.tinyLeNetZip();
    String digest = Sha256.hex(zip);

    UploadModelResponse first =
        upload(
            header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length)
                .setDisplayName("tiny lenet")
                .addAllLabels(LABELS),
            zip,
            1000);

    ModelSummary summary = first.getSummary();
    assertThat(first.getAlreadyStored()).isFalse();
    assertThat(summary.getDigest()).isEqualTo(digest);
    assertThat(summary.getName()).isEqualTo("sha256:" + digest);
    assertThat(summary.getSource()).isEqualTo("upload");
    assertThat(summary.getPretrained()).isTrue();
    assertThat(summary.getLabelsList()).isEqualTo(LABELS);
    assertThat(summary.getLayersList())
        .extracting(l -> l.getName())
        .containsExactly("data", "conv1", "pool1", "ip1", "prob");
    var preprocessing = summary.getPreprocessing();
    assertThat(
            List.of(
                preprocessing.getChannels(), preprocessing.getHeight(), preprocessing.getWidth()))
        .containsExactly(1, 12, 12);
    assertThat(preprocessing.getResize()).isEqualTo("squash");
    assertThat(preprocessing.getScale()).isEqualTo(1f / 255);
    assertThat(preprocessing.getMeanList()).isEmpty();

    assertThat(TestBucket.keysUnder(UPLOADS + digest + "/"))
        .containsExactlyInAnyOrder(
            UPLOADS + digest + "/model.zip", UPLOADS + digest + "/model.json");
    assertThat(TestBucket.read(UPLOADS + digest + "/model.zip")).isEqualTo(zip);
    String manifest =
        new String(TestBucket.read(UPLOADS + digest + "/model.json"), StandardCharsets.UTF_8);
    assertThat(manifest)
        .contains("\"display_name\" : \"tiny lenet\"", "\"format\" : \"dl4j-zip\"", "\"circle\"");

    UploadModelResponse again =
        upload(header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length), zip, 4096);
    assertThat(again.getAlreadyStored()).isTrue();
    assertThat(again.getSummary().getDigest()).isEqualTo(digest);
    assertThat(again.getSummary().getLabelsList()).as("as first stored").isEqualTo(LABELS);

    List<VisualizeResponse> events =
        visualize(
            VisualizeRequest.newBuilder()
                .setModel("sha256:" + digest)
                .setImage(ByteString.copyFrom(TestImages.disc(40, 30, "png")))
                .setTopK(3)
                .build());

    var started = events.get(0).getStarted();
    assertThat(started.getModelDigest()).isEqualTo(digest);
    List<Prediction> predictions = events.get(1).getPredictions().getPredictionsList();
    assertThat(events.get(1).getPredictions().getWeights())
        .as("an uploaded model's weights count as trained")
        .isEqualTo(Weights.WEIGHTS_TRAINED);
    assertThat(predictions)
        .extracting(Prediction::getProbability)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(predictions)
        .extracting(Prediction::getLabel)
        .containsExactlyInAnyOrderElementsOf(LABELS);
    List<LayerResult> layers = layers(events);
    assertThat(layers).hasSize(started.getLayerCount());
    assertThat(
            layers.stream()
                .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_ACTIVATION)
                .map(LayerResult::getName))
        .containsExactly("data", "conv1", "pool1", "ip1", "prob");
    assertThat(
            layers.stream()
                .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_WEIGHTS)
                .map(LayerResult::getName))
        .containsExactly("conv1", "ip1", "prob");
    assertEveryPictureIsStored(layers);
  }

  @Test
  void aDl4jZipAlreadyInTheBucketIsUploadedByItsObjectKey() throws Throwable {
    byte[] zip = UploadFixtures.zip(flatImageNetwork(11));
    String digest = Sha256.hex(zip);
    String key = "incoming/flat-image-net.zip";
    TestBucket.put(key, zip);

    UploadModelResponse response =
        upload(
            header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, 0)
                .setObjectKey(key)
                .addAllLabels(List.of("a", "b", "c", "d")),
            new byte[0],
            1);

    assertThat(response.getAlreadyStored()).isFalse();
    assertThat(response.getSummary().getDigest()).isEqualTo(digest);
    assertThat(response.getSummary().getPreprocessing().getHeight()).isEqualTo(10);
    assertThat(TestBucket.keysUnder(UPLOADS + digest + "/"))
        .containsExactlyInAnyOrder(
            UPLOADS + digest + "/model.zip", UPLOADS + digest + "/model.json");
    assertThat(TestBucket.read(UPLOADS + digest + "/model.zip")).isEqualTo(zip);
    assertThat(TestBucket.read(key)).as("the named object stays").isEqualTo(zip);

    List<VisualizeResponse> events =
        visualize(
            VisualizeRequest.newBuilder()
                .setModel("sha256:" + digest)
                .setImage(ByteString.copyFrom(TestImages.disc(20, 20, "jpeg")))
                .setTopK(4)
                .setSkipWeights(true)
                .build());

    assertThat(events.get(1).getPredictions().getPredictionsList())
        .extracting(Prediction::getLabel)
        .containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(layers(events))
        .extracting(LayerResult::getName)
        .containsExactly("data", "conv", "out");
    assertEveryPictureIsStored(layers(events));
  }

  @Test
  void aModelAnotherReplicaStoredIsFoundInTheBucketAndRuns() throws Throwable {
    byte[] zip = UploadFixtures.zip(flatImageNetwork(12));
    String digest = Sha256.hex(zip);
    // What another replica leaves behind, written here by hand: the file, then its description.
    TestBucket.put(UPLOADS + digest + "/model.zip", zip);
    TestBucket.put(
        UPLOADS + digest + "/model.json",
        ("""
        {"version": 1, "sha256": "%s", "format": "dl4j-zip", "size_bytes": %d, "display_name": "elsewhere",
         "labels": ["w", "x", "y", "z"],
         "preprocessing": {"height": 10, "width": 10, "channels": 1, "order": "RGB", "resize_height": 14,
           "resize_width": 14, "mean": [127.5], "scale": 0.5, "description": "from another replica"}}
        """)
            .formatted(digest, zip.length)
            .getBytes(StandardCharsets.UTF_8));

    ModelSummary summary =
        inference
            .describeModel(
                dev.convscope.api.v1.DescribeModelRequest.newBuilder()
                    .setModel("sha256:" + digest)
                    .build())
            .getSummary();

    assertThat(summary.getSource()).isEqualTo("upload");
    assertThat(summary.getDigest()).isEqualTo(digest);
    assertThat(summary.getLabelsList()).containsExactly("w", "x", "y", "z");
    assertThat(summary.getPreprocessing().getResize()).isEqualTo("resize-14x14-crop");
    assertThat(summary.getPreprocessing().getMeanList()).containsExactly(127.5f);
    assertThat(summary.getPreprocessing().getDescription()).isEqualTo("from another replica");
    List<VisualizeResponse> events =
        visualize(
            VisualizeRequest.newBuilder()
                .setModel("sha256:" + digest)
                .setImage(ByteString.copyFrom(TestImages.disc(30, 30, "png")))
                .setTopK(2)
                .setSkipWeights(true)
                .build());
    assertThat(events.get(1).getPredictions().getPredictionsList())
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.getLabel()).isIn("w", "x", "y", "z"));
    assertEveryPictureIsStored(layers(events));

    UploadModelResponse again =
        upload(header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length), zip, 2000);
    assertThat(again.getAlreadyStored()).isTrue();
    assertThat(again.getSummary().getLabelsList()).containsExactly("w", "x", "y", "z");
  }

  @Test
  void kerasHdf5ModelsUploadAndPredictWhatNumpyComputed() throws Throwable {
    for (String fixture : List.of(UploadFixtures.KERAS_GRAY, UploadFixtures.KERAS_RGB)) {
      byte[] h5 = UploadFixtures.keras(fixture);
      KerasExpectation expected = UploadFixtures.expected(fixture);
      String digest = Sha256.hex(h5);

      UploadModelResponse response =
          upload(
              header(ModelFormat.MODEL_FORMAT_KERAS_HDF5, h5.length)
                  .setDisplayName(fixture)
                  .addAllLabels(expected.labels()),
              h5,
              5000);

      ModelSummary summary = response.getSummary();
      assertThat(summary.getDigest()).as(fixture).isEqualTo(digest);
      assertThat(summary.getPreprocessing().getChannels())
          .as(fixture)
          .isEqualTo(expected.channels());
      assertThat(summary.getPreprocessing().getHeight()).as(fixture).isEqualTo(expected.height());
      assertThat(summary.getLayers(1).getType()).as(fixture).isEqualTo("Convolution");
      assertThat(summary.getLayers(1).getOutputShapeCount())
          .as(fixture + ": (C, H, W)")
          .isEqualTo(3);
      assertThat(TestBucket.keysUnder(UPLOADS + digest + "/"))
          .as(fixture)
          .containsExactlyInAnyOrder(
              UPLOADS + digest + "/model.h5", UPLOADS + digest + "/model.json");

      List<VisualizeResponse> events =
          visualize(
              VisualizeRequest.newBuilder()
                  .setModel("sha256:" + digest)
                  .setImage(ByteString.copyFrom(expected.png()))
                  .setTopK(expected.labels().size())
                  .build());

      List<Prediction> predictions = events.get(1).getPredictions().getPredictionsList();
      assertThat(predictions)
          .extracting(Prediction::getProbability)
          .isSortedAccordingTo((a, b) -> Double.compare(b, a));
      for (Prediction prediction : predictions) {
        assertThat(prediction.getProbability())
            .as(fixture + " " + prediction.getLabel())
            .isCloseTo(
                expected.probabilities()[prediction.getClassIndex()],
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(prediction.getLabel())
            .isEqualTo(expected.labels().get(prediction.getClassIndex()));
      }
      List<LayerResult> layers = layers(events);
      assertThat(layers).as(fixture).hasSize(events.get(0).getStarted().getLayerCount());
      assertThat(
              layers.stream()
                  .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_ACTIVATION)
                  .map(LayerResult::getName))
          .as(fixture)
          .containsExactlyElementsOf(
              summary.getLayersList().stream().map(l -> l.getName()).toList());
      assertThat(layers.get(1).getShapeList())
          .as(fixture + ": conv maps drawn channels first")
          .isEqualTo(summary.getLayers(1).getOutputShapeList());
      assertEveryPictureIsStored(layers);
    }
  }

  @Test
  void badUploadsAreRejectedWithTheProblemAndStoreNothing() throws Throwable {
    List<String> before = TestBucket.keysUnder(UPLOADS);
    byte[] zip = UploadFixtures.tinyLeNetZip();
    byte[] corruptZip = Arrays.copyOf(zip, zip.length / 2);
    byte[] randomBytes = new byte[3000];
    new Random(7).nextBytes(randomBytes);
    byte[] denseOnly = UploadFixtures.denseOnlyZip();

    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, corruptZip.length),
        corruptZip,
        Status.Code.INVALID_ARGUMENT,
        "the file is not a DL4J model zip");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_KERAS_HDF5, randomBytes.length),
        randomBytes,
        Status.Code.INVALID_ARGUMENT,
        "the file is not a Keras HDF5 file: it does not start with the HDF5 signature");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, denseOnly.length),
        denseOnly,
        Status.Code.INVALID_ARGUMENT,
        "the model's input is not an image: its first layer 'hidden' is a DenseLayer");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_KERAS_HDF5, zip.length),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "the file is a DL4J model zip, but the upload declares a Keras HDF5 file");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length).addAllLabels(List.of("one", "two")),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "the upload gives 2 labels, but the model has 3 outputs");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length + 10),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "the chunks add up to "
            + zip.length
            + " bytes, but header.total_bytes is "
            + (zip.length + 10));
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length - 10),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "the chunks add up to more than header.total_bytes");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_UNSPECIFIED, zip.length),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "declare MODEL_FORMAT_DL4J_ZIP, MODEL_FORMAT_KERAS_HDF5, MODEL_FORMAT_CAFFE or"
            + " MODEL_FORMAT_ONNX");
    assertRejected(
        List.of(chunk(zip, 0, 100), frame(header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length))),
        Status.Code.INVALID_ARGUMENT,
        "a chunk arrived before the header");
    assertRejected(List.of(), Status.Code.INVALID_ARGUMENT, "the stream ended without a header");
    byte[] big = new byte[(1 << 20) + 1];
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, big.length),
        big,
        Status.Code.INVALID_ARGUMENT,
        "a chunk of 1048577 bytes is over the limit of 1048576 bytes (1 MiB)",
        big.length);
    assertRejected(
        List.of(frame(header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, LIMIT + 1))),
        Status.Code.RESOURCE_EXHAUSTED,
        "the model file has " + (LIMIT + 1) + " bytes; the limit is " + LIMIT);
    assertRejected(
        List.of(
            frame(header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, 0).setObjectKey("no/such/model.zip"))),
        Status.Code.NOT_FOUND,
        "there is no object 'no/such/model.zip'");
    TestBucket.put("incoming/too-large.zip", new byte[(int) LIMIT + 1]);
    assertRejected(
        List.of(
            frame(
                header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, 0)
                    .setObjectKey("incoming/too-large.zip"))),
        Status.Code.RESOURCE_EXHAUSTED,
        "object 'incoming/too-large.zip' has " + (LIMIT + 1) + " bytes");

    assertThat(TestBucket.keysUnder(UPLOADS)).as("nothing stored").isEqualTo(before);
    for (byte[] rejected : List.of(corruptZip, randomBytes, denseOnly)) {
      assertThat(TestBucket.keysUnder(UPLOADS + Sha256.hex(rejected))).isEmpty();
    }
  }

  @Test
  void anUnknownDigestIsNotFound() {
    String unknown = "0123456789abcdef".repeat(4);

    assertVisualizeFails(
        "sha256:" + unknown,
        Status.Code.NOT_FOUND,
        "unknown model 'sha256:" + unknown + "': no model with this digest was uploaded");
    assertVisualizeFails(
        "sha256:XYZ", Status.Code.NOT_FOUND, "an uploaded model is named sha256: and 64 lowercase");
  }

  @Test
  void anUnreachableStoreIsUnavailable() throws Throwable {
    byte[] zip = UploadFixtures.tinyLeNetZip();
    VisualizationServiceResource.store().stop();
    try {
      assertRejected(
          header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length),
          zip,
          Status.Code.UNAVAILABLE,
          "does not answer; retry later");
      assertVisualizeFails("sha256:" + "f".repeat(64), Status.Code.UNAVAILABLE, "does not answer");
    } finally {
      VisualizationServiceResource.store().start();
    }
  }

  /** A MultiLayerNetwork taking a flat 10×10 gray image: its zip states the input size. */
  private static MultiLayerNetwork flatImageNetwork(long seed) {
    return UploadFixtures.convThenSoftmax(InputType.convolutionalFlat(10, 10, 1), 4, seed);
  }

  private void assertVisualizeFails(String model, Status.Code code, String message) {
    VisualizeRequest request =
        VisualizeRequest.newBuilder()
            .setModel(model)
            .setImage(ByteString.copyFrom(TestImages.disc(20, 20, "png")))
            .build();
    assertThatThrownBy(() -> visualize(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  private List<VisualizeResponse> visualize(VisualizeRequest request) {
    List<VisualizeResponse> events = new ArrayList<>();
    inference.visualize(request).forEachRemaining(events::add);
    return events;
  }

  private static List<LayerResult> layers(List<VisualizeResponse> events) {
    return events.stream()
        .filter(VisualizeResponse::hasLayer)
        .map(VisualizeResponse::getLayer)
        .toList();
  }

  private static void assertEveryPictureIsStored(List<LayerResult> layers) throws Exception {
    for (LayerResult layer : layers) {
      assertThat(layer.getPicturesList()).as(layer.getName()).isNotEmpty();
      for (var picture : layer.getPicturesList()) {
        BufferedImage png =
            ImageIO.read(new ByteArrayInputStream(TestBucket.read(picture.getKey())));
        assertThat(png.getWidth()).as(picture.getKey()).isEqualTo(picture.getWidth());
      }
    }
  }
}
