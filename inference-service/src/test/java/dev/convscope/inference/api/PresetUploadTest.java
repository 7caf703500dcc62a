package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.ChannelOrder;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelPartRole;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.Preprocessing;
import dev.convscope.api.v1.TensorStatistics;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.inference.testing.UploadFixtures;
import dev.convscope.models.caffe.format.CaffeMessages.BlobProto;
import dev.convscope.models.caffe.format.CaffeMessages.BlobShape;
import dev.convscope.models.caffe.graph.PyTorchReference;
import io.grpc.Status;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;

/**
 * Presets picked at upload over a real socket: the stored model describes the preset's
 * preprocessing, and a run's input blob holds what the preset's arithmetic makes of a picture of
 * one colour. Unknown presets and bad divisors are refused naming what is wrong, storing nothing.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class PresetUploadTest extends UploadTest {

  private static final String UPLOADS = "uploads/models/";

  /** The one colour of the pictures run here. */
  private static final int RED = 200;

  private static final int GREEN = 100;
  private static final int BLUE = 50;

  @Test
  void aCaffeModelWithTheDigitsPresetCropsItsMeanImageWithThePicture() throws Throwable {
    byte[] prototxt = PyTorchReference.file("alexnet_like.prototxt"); // input 3x32x32
    byte[] weights = PyTorchReference.file("alexnet_like.caffemodel");
    // 36x36: B 10, G 20, R 30 inside the 32x32 centre, 1000 on the 2-pixel ring a crop leaves out.
    float[] meanImage = new float[3 * 36 * 36];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 36; y++) {
        for (int x = 0; x < 36; x++) {
          boolean centre = y >= 2 && y < 34 && x >= 2 && x < 34;
          meanImage[(c * 36 + y) * 36 + x] = centre ? 10 * (c + 1) : 1000;
        }
      }
    }
    byte[] mean = binaryproto(3, 36, 36, meanImage);

    var summary =
        upload(
                ModelUploadHeader.newBuilder()
                    .setFormat(ModelFormat.MODEL_FORMAT_CAFFE)
                    .setTotalBytes(prototxt.length + weights.length + mean.length)
                    .addParts(
                        part(
                            ModelPartRole.MODEL_PART_ROLE_CAFFE_NETWORK,
                            prototxt.length,
                            "deploy.prototxt"))
                    .addParts(
                        part(
                            ModelPartRole.MODEL_PART_ROLE_CAFFE_WEIGHTS,
                            weights.length,
                            "net.caffemodel"))
                    .addParts(
                        part(
                            ModelPartRole.MODEL_PART_ROLE_CAFFE_MEAN,
                            mean.length,
                            "mean.binaryproto"))
                    .setPreset("digits"),
                concat(prototxt, weights, mean),
                1 << 20)
            .getSummary();

    Preprocessing described = describe(summary.getName());
    assertThat(described).isEqualTo(summary.getPreprocessing());
    assertThat(described.getResize()).isEqualTo("resize-36x36-crop");
    assertThat(described.getChannelOrder()).isEqualTo(ChannelOrder.CHANNEL_ORDER_BGR);
    assertThat(described.getMeanList()).hasSize(meanImage.length);
    assertThat(described.getStdList()).isEmpty();
    assertThat(described.getScale()).isEqualTo(1f);
    assertThat(described.getDescription())
        .isEqualTo("BGR, resize to 36x36, centre crop 32x32, minus a mean image, scale 1.0");
    assertThat(storedDescription(summary.getDigest()))
        .contains("\"resize_height\" : 36", "\"order\" : \"BGR\"");

    // B 50 - 10, G 100 - 20, R 200 - 30: no value meets the ring's 1000.
    TensorStatistics data = dataBlob(summary.getName());
    assertThat(data.getMin()).isCloseTo(BLUE - 10, within(1e-4));
    assertThat(data.getMax()).isCloseTo(RED - 30, within(1e-4));
    assertThat(data.getMean())
        .isCloseTo(((BLUE - 10) + (GREEN - 20) + (RED - 30)) / 3.0, within(1e-3));
  }

  @Test
  void theTorchvisionPresetWithAResizeOfTheUploadsOwn() throws Throwable {
    byte[] zip =
        UploadFixtures.zip(
            UploadFixtures.convThenSoftmax(InputType.convolutionalFlat(10, 10, 3), 3, 41));

    var summary =
        upload(
                header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length)
                    .setPreset("torchvision")
                    .setPreprocessing(Preprocessing.newBuilder().setResize("resize-12-crop")),
                zip,
                4096)
            .getSummary();

    Preprocessing described = describe(summary.getName());
    assertThat(described.getResize()).isEqualTo("resize-12x12-crop");
    assertThat(described.getChannelOrder()).isEqualTo(ChannelOrder.CHANNEL_ORDER_RGB);
    assertThat(described.getMeanList())
        .satisfiesExactly(
            m -> assertThat(m).isCloseTo(0.485f * 255, within(1e-4f)),
            m -> assertThat(m).isCloseTo(0.456f * 255, within(1e-4f)),
            m -> assertThat(m).isCloseTo(0.406f * 255, within(1e-4f)));
    assertThat(described.getStdList())
        .satisfiesExactly(
            s -> assertThat(s).isCloseTo(0.229f * 255, within(1e-4f)),
            s -> assertThat(s).isCloseTo(0.224f * 255, within(1e-4f)),
            s -> assertThat(s).isCloseTo(0.225f * 255, within(1e-4f)));
    assertThat(described.getScale()).isEqualTo(1f);
    assertThat(described.getDescription()).contains("divided by std [58.395, 57.12, 57.375]");
    assertThat(storedDescription(summary.getDigest())).contains("\"std\" : [ 58.395");

    double red = (RED / 255.0 - 0.485) / 0.229;
    double green = (GREEN / 255.0 - 0.456) / 0.224;
    double blue = (BLUE / 255.0 - 0.406) / 0.225;
    TensorStatistics data = dataBlob(summary.getName());
    assertThat(data.getMax()).isCloseTo(red, within(1e-4));
    assertThat(data.getMin()).isCloseTo(blue, within(1e-4));
    assertThat(data.getMean()).isCloseTo((red + green + blue) / 3, within(1e-4));
  }

  @Test
  void anUnknownPresetOrABadStdIsRefusedAndNothingIsStored() throws Throwable {
    byte[] zip =
        UploadFixtures.zip(
            UploadFixtures.convThenSoftmax(InputType.convolutionalFlat(10, 10, 3), 3, 43));
    List<String> before = TestBucket.keysUnder(UPLOADS);

    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length).setPreset("imagenet"),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "header.preset: there is no preset 'imagenet'; the presets are caffe, digits, torchvision");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length)
            .setPreprocessing(Preprocessing.newBuilder().addStd(58f).addStd(57f)),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "std has 2 values; expected 3 (one per channel) or none");
    assertRejected(
        header(ModelFormat.MODEL_FORMAT_DL4J_ZIP, zip.length)
            .setPreset("torchvision")
            .setPreprocessing(Preprocessing.newBuilder().addStd(1f).addStd(-1f).addStd(1f)),
        zip,
        Status.Code.INVALID_ARGUMENT,
        "std[1] is -1.0; each channel's divisor is positive and finite");

    assertThat(TestBucket.keysUnder(UPLOADS)).as("nothing stored").isEqualTo(before);
  }

  private Preprocessing describe(String model) {
    return inference
        .describeModel(DescribeModelRequest.newBuilder().setModel(model).build())
        .getSummary()
        .getPreprocessing();
  }

  private static String storedDescription(String digest) throws Exception {
    return new String(TestBucket.read(UPLOADS + digest + "/model.json"), StandardCharsets.UTF_8);
  }

  /** The statistics of the input blob when a picture of one colour runs through the model. */
  private TensorStatistics dataBlob(String model) throws Exception {
    List<VisualizeResponse> events = new ArrayList<>();
    inference
        .visualize(
            VisualizeRequest.newBuilder()
                .setModel(model)
                .setImage(
                    ByteString.copyFrom(TestImages.png(TestImages.solid(40, 30, RED, GREEN, BLUE))))
                .addLayers("data")
                .setSkipWeights(true)
                .build())
        .forEachRemaining(events::add);
    return events.stream()
        .filter(VisualizeResponse::hasLayer)
        .map(event -> event.getLayer().getStatistics())
        .findFirst()
        .orElseThrow();
  }

  /** A mean file as Caffe writes one: a BlobProto of shape (1, C, H, W). */
  private static byte[] binaryproto(int channels, int height, int width, float[] values) {
    BlobProto.Builder blob =
        BlobProto.newBuilder()
            .setShape(
                BlobShape.newBuilder().addDim(1).addDim(channels).addDim(height).addDim(width));
    for (float value : values) {
      blob.addData(value);
    }
    return blob.build().toByteArray();
  }
}
