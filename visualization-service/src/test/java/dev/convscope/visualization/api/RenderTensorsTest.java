package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.api.v1.ChannelOrder;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.PictureKind;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.render.RgbImage;
import dev.convscope.render.Tensor;
import dev.convscope.render.conformance.CaseDirectory;
import dev.convscope.render.conformance.Conformance;
import dev.convscope.render.npy.NpyFile;
import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.Status;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keys, reuse, the extra views and options over a real socket into S3Proxy. */
@QuarkusTest
@WithTestResource(value = S3ProxyResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RenderTensorsTest extends GrpcServiceTest {

  private static final String MODEL = "a".repeat(64);
  private static final String IMAGE = "b".repeat(64);

  @Test
  void activationsOfARunAndWeightsOfAModelGoUnderTheirContentAddressedKeys() throws Exception {
    float[] values = random(8 * 6 * 6, 1);
    var activation =
        RenderClient.header("block1/conv1", 8, 6, 6)
            .setKind(TensorKind.TENSOR_KIND_ACTIVATION)
            .setModelDigest(MODEL)
            .setImageDigest(IMAGE);
    var weights =
        RenderClient.header("conv1", 8, 1, 3, 3)
            .setKind(TensorKind.TENSOR_KIND_WEIGHTS)
            .setModelDigest(MODEL);
    List<RenderTensorsRequest> frames =
        new ArrayList<>(RenderClient.frames(activation, values, 1 << 20));
    frames.addAll(RenderClient.frames(weights, random(72, 2), 1 << 20));

    RenderClient.Outcome outcome = client.send(frames);

    assertThat(outcome.status().isOk()).as(outcome.status().toString()).isTrue();
    assertThat(outcome.responses().get(0).getPictures(0).getKey())
        .isEqualTo("runs/" + MODEL + "/" + IMAGE + "/block1/conv1/tiles-jet-w600-norm.png");
    assertThat(outcome.responses().get(1).getPictures(0).getKey())
        .isEqualTo("models/" + MODEL + "/weights/conv1/tiles-jet-w600-norm.png");
  }

  @Test
  void valuesAskedForAreStoredAsNpyBesideThePicturesBitForBit() throws Exception {
    float[] activations = random(4 * 5 * 5, 7);
    activations[3] = Float.NaN;
    activations[4] = -0.0f;
    var activation =
        RenderClient.header("conv2", 4, 5, 5)
            .setModelDigest(MODEL)
            .setImageDigest("d".repeat(64))
            .setExportNpy(true);
    double[] precise = {1.0 / 3, 1e-40, 7.25};
    ByteBuffer float64 = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double value : precise) {
      float64.putDouble(value);
    }
    TensorHeader anyTensor =
        RenderClient.header("probe", 3)
            .setExportNpy(true)
            .setDataType(DataType.DATA_TYPE_FLOAT64)
            .setTotalBytes(24)
            .build();
    List<RenderTensorsRequest> frames =
        new ArrayList<>(RenderClient.frames(activation, activations, 1 << 20));
    frames.addAll(RenderClient.frames(anyTensor, float64.array(), 1 << 20));

    RenderClient.Outcome outcome = client.send(frames);

    assertThat(outcome.status().isOk()).as(outcome.status().toString()).isTrue();
    String key = outcome.responses().get(0).getNpyKey();
    assertThat(key).isEqualTo("runs/" + MODEL + "/" + "d".repeat(64) + "/conv2/values.npy");
    Tensor stored = NpyFile.parse(GrpcTestSupport.readObject(key), key);
    assertThat(stored.shape()).containsExactly(4, 5, 5);
    for (int i = 0; i < activations.length; i++) {
      assertThat(Float.floatToRawIntBits(stored.values()[i]))
          .isEqualTo(Float.floatToRawIntBits(activations[i]));
    }
    // Float64 values are drawn as float32: the stored values are those, narrowed.
    String probe = outcome.responses().get(1).getNpyKey();
    assertThat(probe).startsWith("tensors/").endsWith("/values.npy");
    assertThat(NpyFile.parse(GrpcTestSupport.readObject(probe), probe).values())
        .containsExactly((float) precise[0], (float) precise[1], (float) precise[2]);
  }

  @Test
  void eachActivationTellsItsZerosDeadChannelsAndSaturatedUnits() throws Exception {
    float[] rectified = new float[3 * 2 * 2];
    rectified[0] = 1.5f; // channel 0 fires; channels 1 and 2 never do
    var relu = RenderClient.header("relu1", 3, 2, 2).setLayerType("ReLU");
    float[] sigmoid = {0.0001f, 0.5f, 0.9999f, 0.3f};
    var squashed = RenderClient.header("sig1", 4).setLayerType("Sigmoid");
    var weights =
        RenderClient.header("conv9", 2, 1, 2, 2)
            .setKind(TensorKind.TENSOR_KIND_WEIGHTS)
            .setModelDigest(MODEL);
    List<RenderTensorsRequest> frames =
        new ArrayList<>(RenderClient.frames(relu, rectified, 1 << 20));
    frames.addAll(RenderClient.frames(squashed, sigmoid, 1 << 20));
    frames.addAll(RenderClient.frames(weights, new float[8], 1 << 20));

    List<RenderTensorsResponse> responses = client.send(frames).responses();

    assertThat(responses.get(0).getStatistics().getDeadChannelsList()).containsExactly(1, 2);
    assertThat(responses.get(0).getStatistics().getZeroCount()).isEqualTo(11);
    assertThat(responses.get(1).getStatistics().getSaturatedCount()).isEqualTo(2);
    assertThat(responses.get(1).getStatistics().getDeadChannelsList()).isEmpty();
    // Weights are no units: all zero, yet nothing is called dead.
    assertThat(responses.get(2).getStatistics().getDeadChannelsList()).isEmpty();
  }

  @Test
  void valuesNotAskedForAreNotStored() throws Exception {
    var header =
        RenderClient.header("conv3", 2, 3, 3).setModelDigest(MODEL).setImageDigest("e".repeat(64));

    RenderTensorsResponse response =
        client.send(RenderClient.frames(header, random(18, 8), 1 << 20)).responses().get(0);

    assertThat(response.getNpyKey()).isEmpty();
    assertThat(GrpcTestSupport.keysUnder("runs/" + MODEL + "/" + "e".repeat(64) + "/"))
        .noneMatch(key -> key.endsWith(".npy"));
  }

  @Test
  void theSameTensorAgainIsStoredOnceAndReportedAsReused() throws Exception {
    var header =
        RenderClient.header("pool2", 16, 5, 5).setModelDigest(MODEL).setImageDigest("c".repeat(64));
    float[] values = random(16 * 25, 3);

    RenderTensorsResponse first =
        client.send(RenderClient.frames(header, values, 1 << 20)).responses().get(0);
    byte[] stored = GrpcTestSupport.readObject(first.getPictures(0).getKey());
    RenderTensorsResponse again =
        client.send(RenderClient.frames(header, values, 1 << 20)).responses().get(0);

    assertThat(first.getPictures(0).getReused()).isFalse();
    assertThat(again.getPictures(0).getReused()).isTrue();
    assertThat(again.getPictures(0).getKey()).isEqualTo(first.getPictures(0).getKey());
    assertThat(GrpcTestSupport.keysUnder("runs/" + MODEL + "/" + "c".repeat(64) + "/")).hasSize(1);
    assertThat(GrpcTestSupport.readObject(first.getPictures(0).getKey())).isEqualTo(stored);
  }

  @Test
  void chunksOfAnySizeGiveTheSamePicture() throws Exception {
    float[] values = random(20 * 7 * 7, 4);
    var header = RenderClient.header("odd", 20, 7, 7);

    var whole = client.send(RenderClient.frames(header, values, 1 << 20)).responses().get(0);
    var split = client.send(RenderClient.frames(header, values, 999)).responses().get(0);

    assertThat(split.getPictures(0).getKey()).isEqualTo(whole.getPictures(0).getKey());
    assertThat(split.getStatistics()).isEqualTo(whole.getStatistics());
  }

  @Test
  void aVectorGetsALinePlotAndAHistogramAndFullyConnectedWeightsAHeatMap() throws Exception {
    List<RenderTensorsRequest> frames =
        new ArrayList<>(
            RenderClient.frames(RenderClient.header("fc7", 4096), random(4096, 5), 1 << 20));
    frames.addAll(
        RenderClient.frames(
            RenderClient.header("fc8", 10, 700).setKind(TensorKind.TENSOR_KIND_WEIGHTS),
            random(7000, 6),
            1 << 20));

    RenderClient.Outcome outcome = client.send(frames);

    assertThat(outcome.responses().get(0).getPicturesList())
        .extracting(p -> p.getKind())
        .containsExactly(
            PictureKind.PICTURE_KIND_TILES,
            PictureKind.PICTURE_KIND_LINE_PLOT,
            PictureKind.PICTURE_KIND_HISTOGRAM);
    var heatmap = outcome.responses().get(1).getPictures(1);
    assertThat(heatmap.getKind()).isEqualTo(PictureKind.PICTURE_KIND_HEATMAP);
    assertThat(heatmap.getKey()).contains("/heatmap-jet-w600-norm.png");
    RgbImage decoded = Conformance.decode(GrpcTestSupport.readObject(heatmap.getKey()));
    assertThat(decoded.width()).as("inputs, cropped to the width budget").isEqualTo(600);
    assertThat(decoded.height()).as("one row per output unit").isEqualTo(10);
  }

  @Test
  void softmaxOutputsAreDrawnUnnormalisedUnlessAsked() throws Exception {
    CaseDirectory prob = CaseDirectory.read(Conformance.casesRoot().resolve("prob_1000"));
    var header = RenderClient.header("prob", 1000).setLayerType("Softmax");

    var response =
        client
            .send(RenderClient.frames(header, prob.tensor().values(), 1 << 20))
            .responses()
            .get(0);

    assertThat(response.getPictures(0).getKey()).endsWith("tiles-jet-w600-raw.png");
    Conformance.assertPixelsMatch(
        Conformance.decode(GrpcTestSupport.readObject(response.getPictures(0).getKey())),
        Conformance.expectedPicture(Conformance.casesRoot().resolve("prob_1000")),
        Conformance.PIXEL_TOLERANCE);
  }

  @Test
  void optionsChooseColormapWidthAndChannels() throws Exception {
    var header = RenderClient.header("conv2", 96, 5, 5);
    header
        .getOptionsBuilder()
        .setColormap("gray")
        .setMaxWidth(60)
        .getChannelsBuilder()
        .setFirst(36);

    var tiles =
        client
            .send(RenderClient.frames(header, random(96 * 25, 7), 1 << 20))
            .responses()
            .get(0)
            .getPictures(0);

    assertThat(tiles.getKey()).endsWith("tiles-gray-w60-norm-first36.png");
    assertThat(tiles.getWidth()).as("6 columns of 6 pixels").isEqualTo(36);
    RgbImage picture = Conformance.decode(GrpcTestSupport.readObject(tiles.getKey()));
    int rgb = picture.rgbAt(0, 0);
    assertThat(rgb >> 16 & 0xFF).isEqualTo(rgb & 0xFF).isEqualTo(rgb >> 8 & 0xFF);
  }

  @Test
  void rgbChannelOrderIsDrawnWithoutSwappingPlanes() throws Exception {
    float[] redOnly = new float[3 * 4 * 4];
    java.util.Arrays.fill(redOnly, 0, 16, 1f); // plane 0 is red when the order is RGB
    var header =
        RenderClient.header("data", 3, 4, 4).setChannelOrder(ChannelOrder.CHANNEL_ORDER_RGB);

    var tiles =
        client
            .send(RenderClient.frames(header, redOnly, 1 << 20))
            .responses()
            .get(0)
            .getPictures(0);

    assertThat(Conformance.decode(GrpcTestSupport.readObject(tiles.getKey())).rgbAt(0, 0))
        .isEqualTo(0xFF0000);
    assertThat(tiles.getKey()).endsWith("tiles-jet-w600-norm-rgb.png");
  }

  @Test
  void theChannelOrderOfSingleChannelMapsDoesNotChangeTheirKey() throws Exception {
    float[] values = random(4 * 3 * 3, 31);
    var rgb = RenderClient.header("maps", 4, 3, 3).setChannelOrder(ChannelOrder.CHANNEL_ORDER_RGB);
    var bgr = RenderClient.header("maps", 4, 3, 3).setChannelOrder(ChannelOrder.CHANNEL_ORDER_BGR);

    String rgbKey =
        client
            .send(RenderClient.frames(rgb, values, 1 << 20))
            .responses()
            .get(0)
            .getPictures(0)
            .getKey();
    String bgrKey =
        client
            .send(RenderClient.frames(bgr, values, 1 << 20))
            .responses()
            .get(0)
            .getPictures(0)
            .getKey();

    assertThat(rgbKey).isEqualTo(bgrKey).endsWith("tiles-jet-w600-norm.png");
  }

  @Test
  void manyTensorsInOneStreamAnswerInOrder() throws Exception {
    List<RenderTensorsRequest> frames = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      frames.addAll(
          RenderClient.frames(RenderClient.header("layer" + i, 4, 3, 3), random(36, 100 + i), 50));
    }

    RenderClient.Outcome outcome = client.send(frames);

    assertThat(outcome.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(outcome.responses())
        .extracting(RenderTensorsResponse::getName)
        .containsExactly(
            "layer0", "layer1", "layer2", "layer3", "layer4", "layer5", "layer6", "layer7",
            "layer8", "layer9", "layer10", "layer11");
  }

  static float[] random(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
