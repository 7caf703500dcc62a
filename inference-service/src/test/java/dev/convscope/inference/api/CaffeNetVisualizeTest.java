package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.LayerSummary;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.ImageNetLabels;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CaffeNet end to end: every blob and every weight array drawn, stored and readable. */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class CaffeNetVisualizeTest extends InferenceServiceTest {

  private static final List<String> BLOBS =
      List.of(
          "data", "conv1", "pool1", "norm1", "conv2", "pool2", "norm2", "conv3", "conv4", "conv5",
          "pool5", "fc6", "fc7", "fc8", "prob");
  private static final Map<String, List<Long>> WEIGHTS =
      Map.of(
          "conv1",
          List.of(96L, 3L, 11L, 11L),
          "conv2",
          List.of(256L, 48L, 5L, 5L),
          "conv3",
          List.of(384L, 256L, 3L, 3L),
          "conv4",
          List.of(384L, 192L, 3L, 3L),
          "conv5",
          List.of(256L, 192L, 3L, 3L),
          "fc6",
          List.of(4096L, 9216L),
          "fc7",
          List.of(4096L, 4096L),
          "fc8",
          List.of(1000L, 4096L));

  @Test
  void everyBlobAndWeightArrayIsDrawnAndStored() throws Exception {
    List<VisualizeResponse> events = new ArrayList<>();
    inference
        .visualize(
            VisualizeRequest.newBuilder()
                .setModel("caffenet")
                .setImage(ByteString.copyFrom(TestImages.disc(300, 250, "jpeg")))
                .build())
        .forEachRemaining(events::add);

    assertThat(events.get(0).getStarted().getLayerCount()).isEqualTo(BLOBS.size() + WEIGHTS.size());
    List<Prediction> top = events.get(1).getPredictions().getPredictionsList();
    assertThat(top).hasSize(5);
    assertThat(events.get(1).getPredictions().getWeights())
        .as("CaffeNet's weights are Caffe's fillers from a seed here")
        .isEqualTo(Weights.WEIGHTS_UNTRAINED);
    assertThat(top)
        .extracting(Prediction::getProbability)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(top.stream().mapToDouble(Prediction::getProbability).sum())
        .isLessThanOrEqualTo(1.0 + 1e-6);
    assertThat(top)
        .allSatisfy(
            p -> assertThat(p.getLabel()).isEqualTo(ImageNetLabels.all().get(p.getClassIndex())));

    List<LayerResult> layers =
        events.stream()
            .filter(VisualizeResponse::hasLayer)
            .map(VisualizeResponse::getLayer)
            .toList();
    assertThat(
            layers.stream()
                .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_ACTIVATION)
                .map(LayerResult::getName))
        .containsExactlyElementsOf(BLOBS);
    for (LayerResult weights :
        layers.stream().filter(l -> l.getKind() == TensorKind.TENSOR_KIND_WEIGHTS).toList()) {
      assertThat(weights.getShapeList())
          .as(weights.getName())
          .isEqualTo(WEIGHTS.get(weights.getName()));
    }
    assertThat(layers.stream().filter(l -> l.getKind() == TensorKind.TENSOR_KIND_WEIGHTS).count())
        .isEqualTo(8);
    for (LayerResult layer : layers) {
      assertThat(layer.getStatistics().getValueCount())
          .isEqualTo(layer.getShapeList().stream().reduce(1L, Math::multiplyExact));
      for (var picture : layer.getPicturesList()) {
        long stored =
            VisualizationServiceResource.client()
                .statObject(
                    StatObjectArgs.builder()
                        .bucket(VisualizationServiceResource.BUCKET)
                        .object(picture.getKey())
                        .build())
                .size();
        assertThat(stored).as(picture.getKey()).isEqualTo(picture.getSizeBytes());
      }
    }
    LayerResult conv1 = layers.get(1);
    assertThat(conv1.getPictures(0).getWidth()).as("96 maps of 55x55, 10 per row").isEqualTo(560);
    LayerResult data = layers.get(0);
    assertThat(data.getPictures(0).getWidth()).as("one BGR image drawn in colour").isEqualTo(228);
  }

  @Test
  void describesCaffeNetLikeTheLabsTables() {
    var summary =
        inference
            .describeModel(DescribeModelRequest.newBuilder().setModel("caffenet").build())
            .getSummary();

    assertThat(summary.getLayersList())
        .extracting(LayerSummary::getName)
        .containsExactlyElementsOf(BLOBS);
    assertThat(summary.getLayers(4).getParameters(0).getShapeList())
        .containsExactly(256L, 48L, 5L, 5L);
    assertThat(summary.getLayers(10).getOutputShapeList()).containsExactly(256L, 6L, 6L);
    assertThat(summary.getPreprocessing().getChannelOrder().name()).isEqualTo("CHANNEL_ORDER_BGR");
    assertThat(summary.getLabelsCount()).isEqualTo(1000);
  }
}
