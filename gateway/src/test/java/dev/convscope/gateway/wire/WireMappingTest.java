package dev.convscope.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.ChannelOrder;
import dev.convscope.api.v1.ChannelSelection;
import dev.convscope.api.v1.IndexList;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.LayerSummary;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ParameterSummary;
import dev.convscope.api.v1.Picture;
import dev.convscope.api.v1.PictureKind;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.Predictions;
import dev.convscope.api.v1.Preprocessing;
import dev.convscope.api.v1.RenderOptions;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.TensorStatistics;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.ImageSource;
import dev.convscope.gateway.run.RunEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one translation between the contract's messages and the gateway's records loses nothing: a
 * message with every field set comes back equal. The fixtures are checked to set every field, so a
 * field added to the contract fails here until it is mapped.
 */
class WireMappingTest {

  @Test
  void aModelSummaryComesBackWhole() {
    ModelSummary summary = modelSummary();
    assertEveryFieldSet(summary);

    assertThat(ModelMessages.write(ModelMessages.read(summary))).isEqualTo(summary);
  }

  @Test
  void aLayerComesBackWholeAsAnEvent() {
    LayerResult layer = layer();
    assertEveryFieldSet(layer);

    RunEvent event =
        (DrawnLayer)
            RunMessages.read(VisualizeResponse.newBuilder().setLayer(layer).build()).orElseThrow();

    assertThat(RunMessages.write(event).getLayer()).isEqualTo(layer);
  }

  @Test
  void aManifestComesBackWhole() {
    RunManifest manifest =
        RunManifest.newBuilder()
            .setRunId("0123456789abcdef0123456789abcdef")
            .setRun(runStarted())
            .setRequest(
                RunRequest.newBuilder()
                    .setModel("caffenet")
                    .setImageKey("images/cat.png")
                    .setTopK(3)
                    .setOptions(
                        RenderOptions.newBuilder()
                            .setColormap("viridis")
                            .setMaxWidth(300)
                            .setNormalize(true)
                            .setChannels(
                                ChannelSelection.newBuilder()
                                    .setIndices(IndexList.newBuilder().addValues(0).addValues(5))))
                    .addLayers("conv1")
                    .setSkipWeights(true)
                    .setExportNpy(true))
            .setPredictions(predictions())
            .addLayers(layer())
            .setCreatedAt("2026-12-03T10:00:00Z")
            .build();
    assertEveryFieldSet(manifest);

    assertThat(ManifestMessages.write(ManifestMessages.read(manifest).orElseThrow()))
        .isEqualTo(manifest);
  }

  @Test
  void aManifestStoredBeforePredictionsSaidWhetherTheWeightsWereTrainedTakesItFromItsRun() {
    RunManifest older =
        RunManifest.newBuilder()
            .setRun(runStarted().toBuilder().setPretrained(false))
            .setPredictions(predictions().toBuilder().clearWeights())
            .build();
    // A pretrained run whose predictions say otherwise: the predictions are the source.
    RunManifest newer =
        older.toBuilder().setRun(runStarted()).setPredictions(predictions()).build();

    assertThat(ManifestMessages.read(older).orElseThrow().predictions().weights())
        .isEqualTo(dev.convscope.gateway.run.Weights.UNTRAINED);
    assertThat(ManifestMessages.read(newer).orElseThrow().predictions().weights())
        .isEqualTo(dev.convscope.gateway.run.Weights.UNTRAINED);
  }

  @Test
  void aManifestWithoutItsRunIsNone() {
    assertThat(ManifestMessages.read(RunManifest.newBuilder().setRunId("x").build())).isEmpty();
  }

  @Test
  void aKindThisGatewayDoesNotKnowReadsAsUnspecified() {
    LayerResult newer = layer().toBuilder().setKindValue(99).build();

    DrawnLayer read = RunMessages.read(newer);

    assertThat(read.kind()).isEqualTo(dev.convscope.gateway.run.TensorKind.UNSPECIFIED);
  }

  @Test
  void aRunRequestIsReadOptionsFirst() {
    RunRequest noImageBadColormap =
        RunRequest.newBuilder()
            .setOptions(RenderOptions.newBuilder().setColormap("no-such-map"))
            .build();
    RunRequest noImage = RunRequest.newBuilder().setModel(" caffenet ").build();
    RunRequest sent =
        noImage.toBuilder().setImageBytes(ByteString.copyFrom(new byte[] {1, 2})).build();

    assertThatThrownBy(() -> RunMessages.read(noImageBadColormap))
        .isInstanceOf(InvalidInput.class)
        .hasMessageStartingWith("options.colormap");
    assertThatThrownBy(() -> RunMessages.read(noImage))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("no image");
    assertThat(RunMessages.read(sent).image()).isEqualTo(new ImageSource.Sent(new byte[] {1, 2}));
    assertThat(RunMessages.read(sent).model()).isEqualTo("caffenet");
  }

  private static ModelSummary modelSummary() {
    return ModelSummary.newBuilder()
        .setName("caffenet")
        .setDigest("sha256:0123")
        .setSource("built-in")
        .setPretrained(true)
        .setPreprocessing(
            Preprocessing.newBuilder()
                .setHeight(227)
                .setWidth(227)
                .setChannels(3)
                .setChannelOrder(ChannelOrder.CHANNEL_ORDER_RGB)
                .setResize("resize-256-crop")
                .addMean(104f)
                .addMean(117f)
                .addMean(123f)
                .addStd(58.395f)
                .addStd(57.12f)
                .addStd(57.375f)
                .setScale(0.5f)
                .setDescription("resize to 256x256, centre crop 227, minus mean"))
        .addLayers(
            LayerSummary.newBuilder()
                .setName("conv1")
                .setType("Convolution")
                .addOutputShape(96)
                .addOutputShape(55)
                .addParameters(
                    ParameterSummary.newBuilder().setName("W").addShape(96).setCount(96)))
        .setParameterCount(96)
        .addLabels("n01440764 tench")
        .setDisplayName("caffenet-bvlc")
        .build();
  }

  private static RunStarted runStarted() {
    return RunStarted.newBuilder()
        .setModel("caffenet")
        .setModelDigest("sha256:0123")
        .setImageDigest("ab12")
        .setPretrained(true)
        .setLayerCount(12)
        .build();
  }

  private static Predictions predictions() {
    return Predictions.newBuilder()
        .addPredictions(
            Prediction.newBuilder().setClassIndex(281).setLabel("tabby").setProbability(0.75))
        .setWeights(Weights.WEIGHTS_UNTRAINED)
        .build();
  }

  private static LayerResult layer() {
    return LayerResult.newBuilder()
        .setName("conv1")
        .setKind(TensorKind.TENSOR_KIND_WEIGHTS)
        .setLayerType("Convolution")
        .addShape(96)
        .addShape(3)
        .setStatistics(
            TensorStatistics.newBuilder()
                .setMean(0.1)
                .setStddev(0.2)
                .setMin(-1)
                .setMax(2)
                .addCounts(4)
                .addCenters(0.5)
                .addTicks(1.5)
                .setNanCount(1)
                .setInfiniteCount(2)
                .setValueCount(7)
                .addChannelMeans(0.25f)
                .addChannelMaxima(1.75f)
                .setZeroCount(3)
                .addDeadChannels(0)
                .setSaturatedCount(1))
        .addPictures(
            Picture.newBuilder()
                .setKind(PictureKind.PICTURE_KIND_LINE_PLOT)
                .setKey("pictures/ab.png")
                .setWidth(40)
                .setHeight(30)
                .setSizeBytes(1234)
                .setReused(true)
                .setUrl("http://store/pictures/ab.png?signed"))
        .setNpyKey("pictures/values.npy")
        .setNpyUrl("http://store/pictures/values.npy?signed")
        .build();
  }

  /** Every field of the message and of the messages in it holds a value (one per oneof). */
  private static void assertEveryFieldSet(Message message) {
    var type = message.getDescriptorForType();
    for (FieldDescriptor field : type.getFields()) {
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (oneof != null) {
        assertThat(message.hasOneof(oneof)).as("%s is set", oneof.getFullName()).isTrue();
        if (!message.hasField(field)) {
          continue;
        }
      }
      if (field.isRepeated()) {
        assertThat(message.getRepeatedFieldCount(field))
            .as("%s holds values", field.getFullName())
            .isPositive();
      } else {
        assertThat(message.hasField(field)).as("%s is set", field.getFullName()).isTrue();
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        List<?> values =
            field.isRepeated()
                ? (List<?>) message.getField(field)
                : List.of(message.getField(field));
        values.forEach(value -> assertEveryFieldSet((Message) value));
      }
    }
  }
}
