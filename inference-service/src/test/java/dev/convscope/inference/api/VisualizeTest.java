package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.ListModelsRequest;
import dev.convscope.api.v1.PictureKind;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.testing.TestModels;
import dev.convscope.render.Tensor;
import dev.convscope.render.npy.NpyFile;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end over real sockets: this service runs the model and streams every layer to the
 * visualization service (its own process), which stores PNGs in S3Proxy; the test reads them back.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class VisualizeTest extends InferenceServiceTest {

  @Inject ModelCatalog catalog;

  @BeforeEach
  void registerModels() {
    catalog.register(TestModels.TINY, "test", TestModels::tinyLeNet);
  }

  @Test
  void everyLayerIsDrawnAndStoredAfterTheRunStartAndThePredictions() throws Exception {
    byte[] image = TestImages.disc(40, 30, "png");

    List<VisualizeResponse> events = visualize(request(image).setTopK(3).build());

    assertThat(events.get(0).hasStarted()).isTrue();
    var started = events.get(0).getStarted();
    assertThat(started.getModelDigest()).isEqualTo("7".repeat(64));
    assertThat(started.getImageDigest()).hasSize(64);
    assertThat(events.get(1).hasPredictions()).isTrue();
    assertThat(events.get(1).getPredictions().getWeights())
        .as("the test model's weights are seeded")
        .isEqualTo(Weights.WEIGHTS_UNTRAINED);
    List<Prediction> predictions = events.get(1).getPredictions().getPredictionsList();
    assertThat(predictions).hasSize(3);
    assertThat(predictions)
        .extracting(Prediction::getProbability)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(predictions.stream().mapToDouble(Prediction::getProbability).sum())
        .isLessThanOrEqualTo(1.0 + 1e-6);
    assertThat(predictions)
        .extracting(Prediction::getLabel)
        .containsExactlyInAnyOrderElementsOf(TestModels.TINY_LABELS);

    List<LayerResult> layers =
        events.subList(2, events.size()).stream().map(VisualizeResponse::getLayer).toList();
    assertThat(layers).hasSize(started.getLayerCount());
    List<LayerResult> activations =
        layers.stream().filter(l -> l.getKind() == TensorKind.TENSOR_KIND_ACTIVATION).toList();
    assertThat(activations)
        .extracting(LayerResult::getName)
        .containsExactly("data", "conv1", "pool1", "ip1", "prob");
    assertThat(
            layers.stream()
                .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_WEIGHTS)
                .map(LayerResult::getName))
        .containsExactly("conv1", "ip1", "prob");
    for (LayerResult layer : layers) {
      for (var picture : layer.getPicturesList()) {
        BufferedImage png =
            ImageIO.read(new ByteArrayInputStream(TestBucket.read(picture.getKey())));
        assertThat(png.getWidth()).as(picture.getKey()).isEqualTo(picture.getWidth());
        assertThat(png.getHeight()).as(picture.getKey()).isEqualTo(picture.getHeight());
      }
      String prefix =
          layer.getKind() == TensorKind.TENSOR_KIND_WEIGHTS
              ? "models/" + started.getModelDigest() + "/weights/" + layer.getName() + "/"
              : "runs/"
                  + started.getModelDigest()
                  + "/"
                  + started.getImageDigest()
                  + "/"
                  + layer.getName()
                  + "/";
      assertThat(layer.getPictures(0).getKey()).startsWith(prefix);
    }
    LayerResult conv1 = activations.get(1);
    assertThat(conv1.getShapeList()).containsExactly(4L, 8L, 8L);
    assertThat(conv1.getStatistics().getCountsList().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(4 * 8 * 8);
    LayerResult prob = activations.get(4);
    assertThat(prob.getPictures(0).getKey())
        .as("Softmax drawn unnormalised")
        .endsWith("tiles-jet-w600-raw.png");
    assertThat(prob.getPicturesList())
        .extracting(p -> p.getKind())
        .contains(PictureKind.PICTURE_KIND_LINE_PLOT);
  }

  @Test
  void theBuiltInModelRunsEndToEndWithFashionLabels() throws Exception {
    List<VisualizeResponse> events =
        visualize(
            VisualizeRequest.newBuilder()
                .setModel("fashion-mnist")
                .setImage(ByteString.copyFrom(TestImages.disc(28, 28, "png")))
                .setTopK(10)
                .build());

    assertThat(events.get(0).getStarted().getPretrained()).isTrue();
    assertThat(events.get(1).getPredictions().getWeights()).isEqualTo(Weights.WEIGHTS_TRAINED);
    List<Prediction> predictions = events.get(1).getPredictions().getPredictionsList();
    assertThat(predictions)
        .extracting(Prediction::getLabel)
        .contains("T-shirt/top", "Trouser", "Ankle boot");
    assertThat(predictions.stream().mapToDouble(Prediction::getProbability).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    List<LayerResult> layers =
        events.stream()
            .filter(VisualizeResponse::hasLayer)
            .map(VisualizeResponse::getLayer)
            .toList();
    assertThat(
            layers.stream()
                .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_ACTIVATION)
                .map(LayerResult::getName))
        .containsExactly("data", "conv1", "pool1", "conv2", "pool2", "ip1", "ip2", "prob");
    // The input reads as the picture it is: grey, whatever the run's colormap (jet here).
    assertThat(distinctColours(layers.get(0)).stream().allMatch(VisualizeTest::isGrey))
        .as("every pixel of the input's picture is grey")
        .isTrue();
    assertThat(distinctColours(layers.get(1)).stream().anyMatch(rgb -> !isGrey(rgb)))
        .as("conv1 is drawn in the colormap")
        .isTrue();
    for (LayerResult layer : layers) {
      for (var picture : layer.getPicturesList()) {
        assertThat(
                ImageIO.read(new ByteArrayInputStream(TestBucket.read(picture.getKey())))
                    .getWidth())
            .as(picture.getKey())
            .isEqualTo(picture.getWidth());
      }
    }
  }

  private static Set<Integer> distinctColours(LayerResult layer) throws Exception {
    BufferedImage png =
        ImageIO.read(new ByteArrayInputStream(TestBucket.read(layer.getPictures(0).getKey())));
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        colours.add(png.getRGB(x, y) & 0xffffff);
      }
    }
    return colours;
  }

  private static boolean isGrey(int rgb) {
    int red = (rgb >> 16) & 0xff;
    return red == ((rgb >> 8) & 0xff) && red == (rgb & 0xff);
  }

  @Test
  void weightsAreDrawnOncePerModelAndThenReused() throws Exception {
    visualize(request(TestImages.disc(20, 20, "png")).build());

    List<VisualizeResponse> again = visualize(request(TestImages.disc(24, 20, "jpeg")).build());

    List<LayerResult> weights =
        again.stream()
            .filter(VisualizeResponse::hasLayer)
            .map(VisualizeResponse::getLayer)
            .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_WEIGHTS)
            .toList();
    assertThat(weights).hasSize(3);
    assertThat(weights).allSatisfy(w -> assertThat(w.getPictures(0).getReused()).isTrue());
  }

  @Test
  void aRunAskingForValuesStoresEveryTensorAsNpyWithTheFiguresOfItsPictures() throws Exception {
    List<LayerResult> layers =
        visualize(request(TestImages.disc(22, 20, "png")).setExportNpy(true).build()).stream()
            .filter(VisualizeResponse::hasLayer)
            .map(VisualizeResponse::getLayer)
            .toList();

    assertThat(layers).isNotEmpty();
    for (LayerResult layer : layers) {
      String key = layer.getNpyKey();
      assertThat(key)
          .as(layer.getName())
          .startsWith(layer.getKind() == TensorKind.TENSOR_KIND_WEIGHTS ? "models/" : "runs/")
          .endsWith("/" + layer.getName() + "/values.npy");
      Tensor values = NpyFile.parse(TestBucket.read(key), key);
      assertThat(values.shape())
          .containsExactly(layer.getShapeList().stream().mapToInt(Long::intValue).toArray());
      double sum = 0;
      for (float value : values.values()) {
        sum += value;
      }
      assertThat(sum / values.values().length)
          .as(layer.getName())
          .isCloseTo(layer.getStatistics().getMean(), within(1e-6 + 1e-6 * Math.abs(sum)));
    }

    List<LayerResult> withoutValues =
        visualize(request(TestImages.disc(22, 20, "png")).build()).stream()
            .filter(VisualizeResponse::hasLayer)
            .map(VisualizeResponse::getLayer)
            .toList();
    assertThat(withoutValues).extracting(LayerResult::getNpyKey).containsOnly("");
  }

  @Test
  void chosenLayersOnlyAndNoWeights() throws Exception {
    List<VisualizeResponse> events =
        visualize(
            request(TestImages.disc(20, 20, "png"))
                .addLayers("conv1")
                .addLayers("prob")
                .setSkipWeights(true)
                .build());

    assertThat(events.stream().filter(VisualizeResponse::hasLayer).map(e -> e.getLayer().getName()))
        .containsExactly("conv1", "prob");
  }

  @Test
  void describesAndListsModels() {
    var summary =
        inference
            .describeModel(DescribeModelRequest.newBuilder().setModel(TestModels.TINY).build())
            .getSummary();

    assertThat(summary.getLayersList())
        .extracting(l -> l.getName())
        .containsExactly("data", "conv1", "pool1", "ip1", "prob");
    assertThat(summary.getLayers(1).getParameters(0).getShapeList())
        .containsExactly(4L, 1L, 5L, 5L);
    assertThat(summary.getPreprocessing().getDescription()).contains("12x12");
    assertThat(inference.listModels(ListModelsRequest.getDefaultInstance()).getModelsList())
        .extracting(m -> m.getName() + "/" + m.getSource())
        .contains(TestModels.TINY + "/test", "vgg16/zoo", "resnet50/zoo");
  }

  @Test
  void badRequestsNameTheProblemAndStoreNothing() throws Exception {
    byte[] png = TestImages.disc(20, 20, "png");
    assertStatus(
        request(png).setModel("no-such-model"),
        Status.Code.NOT_FOUND,
        "unknown model 'no-such-model'");
    assertStatus(request(png).addLayers("conv9"), Status.Code.NOT_FOUND, "has no layer 'conv9'");
    assertStatus(
        request(java.util.Arrays.copyOf(png, png.length / 2)),
        Status.Code.INVALID_ARGUMENT,
        "cannot be decoded (corrupt or truncated)");
    assertStatus(
        request("just text".getBytes()), Status.Code.INVALID_ARGUMENT, "not a PNG or JPEG");
    assertStatus(
        request(TestImages.disc(20, 20, "bmp")), Status.Code.INVALID_ARGUMENT, "send PNG or JPEG");
    assertStatus(request(new byte[0]), Status.Code.INVALID_ARGUMENT, "the image is empty");
    assertStatus(
        request(TestImages.disc(1200, 1000, "png")),
        Status.Code.RESOURCE_EXHAUSTED,
        "1200x1000 = 1200000 pixels; the limit is 1000000");
    byte[] noisy = TestImages.noise(400, 400);
    assertStatus(
        request(noisy),
        Status.Code.RESOURCE_EXHAUSTED,
        "the image has " + noisy.length + " bytes; the limit is 300000");
    byte[] unique = TestImages.disc(33, 21, "png");
    assertStatus(
        request(unique).setTopK(4),
        Status.Code.INVALID_ARGUMENT,
        "more than the model's 3 classes");
    assertStatus(
        request(unique).setTopK(-1),
        Status.Code.INVALID_ARGUMENT,
        "top_k must be at least 1, not -1");

    assertThat(TestBucket.keysUnder("runs/" + "7".repeat(64) + "/" + Sha256.hex(unique)))
        .as("nothing stored")
        .isEmpty();
  }

  private List<VisualizeResponse> visualize(VisualizeRequest request) {
    List<VisualizeResponse> events = new ArrayList<>();
    Iterator<VisualizeResponse> stream = inference.visualize(request);
    stream.forEachRemaining(events::add);
    return events;
  }

  private void assertStatus(VisualizeRequest.Builder request, Status.Code code, String message) {
    assertThatThrownBy(() -> visualize(request.build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  private static VisualizeRequest.Builder request(byte[] image) {
    return VisualizeRequest.newBuilder()
        .setModel(TestModels.TINY)
        .setImage(ByteString.copyFrom(image));
  }
}
