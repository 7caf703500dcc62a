package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every malformed frame or option ends the call with a status that names what was wrong. */
@QuarkusTest
@WithTestResource(value = S3ProxyResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RenderTensorsBadInputTest extends GrpcServiceTest {

  @Test
  void chunksThatEndShortOfTheHeadersSize() throws Exception {
    TensorHeader header = float32("short", 10, 10);
    List<RenderTensorsRequest> frames =
        List.of(frame(header), RenderClient.chunk(new byte[400], 0, 300));

    assertInvalid(client.send(frames), "ended after 300 of 400 bytes");
  }

  @Test
  void aNewHeaderBeforeThePreviousTensorIsComplete() throws Exception {
    List<RenderTensorsRequest> frames =
        List.of(
            frame(float32("first", 10, 10)),
            RenderClient.chunk(new byte[400], 0, 100),
            frame(float32("second", 2)));

    assertInvalid(client.send(frames), "tensor 0 ('first') ended after 100 of 400 bytes");
  }

  @Test
  void chunksThatAddUpToMoreThanTheHeadersSize() throws Exception {
    List<RenderTensorsRequest> frames =
        List.of(frame(float32("long", 10)), RenderClient.chunk(new byte[44], 0, 44));

    assertInvalid(client.send(frames), "chunks add up to more than total_bytes (44 > 40)");
  }

  @Test
  void totalBytesThatDisagreeWithTheShape() throws Exception {
    TensorHeader header = float32("sized", 10).toBuilder().setTotalBytes(41).build();

    assertInvalid(
        client.send(List.of(frame(header))),
        "total_bytes is 41 but shape [10] of DATA_TYPE_FLOAT32 needs 40");
  }

  @Test
  void shapesWithAZeroOrNegativeAxisOrTooManyAxes() throws Exception {
    assertInvalid(client.send(List.of(frame(float32("zero", 3, 0, 4)))), "has an axis of 0");
    assertInvalid(client.send(List.of(frame(float32("negative", 3, -2)))), "has an axis of -2");
    assertInvalid(
        client.send(List.of(frame(float32("five", 1, 2, 3, 4, 5)))), "has 5 axes; expected 1 to 4");
    assertInvalid(client.send(List.of(frame(float32("none")))), "has 0 axes; expected 1 to 4");
  }

  @Test
  void aDataTypeTheServiceDoesNotTake() throws Exception {
    TensorHeader header =
        float32("typeless", 4).toBuilder().setDataType(DataType.DATA_TYPE_UNSPECIFIED).build();

    RenderClient.Outcome outcome = client.send(List.of(frame(header)));

    assertInvalid(outcome, "data type DATA_TYPE_UNSPECIFIED is not taken");
    assertThat(fieldOf(outcome)).isEqualTo("header.data_type");
  }

  @Test
  void aChunkOverOneMebibyte() throws Exception {
    int size = (1 << 20) + 1;
    TensorHeader header =
        TensorHeader.newBuilder()
            .setName("big")
            .addShape(size)
            .addShape(4)
            .setDataType(DataType.DATA_TYPE_FLOAT32)
            .setTotalBytes(4L * size * 4)
            .build();
    byte[] data = new byte[size];

    assertInvalid(
        client.send(List.of(frame(header), RenderClient.chunk(data, 0, size))),
        "a chunk of 1048577 bytes is over the limit of 1048576 bytes (1 MiB)");
  }

  @Test
  void aChunkBeforeAnyHeader() throws Exception {
    assertInvalid(
        client.send(List.of(RenderClient.chunk(new byte[8], 0, 8))),
        "a chunk arrived before any header");
  }

  @Test
  void anUnknownColormap() throws Exception {
    var header = RenderClient.header("conv1", 4, 3, 3);
    header.getOptionsBuilder().setColormap("plasma");

    RenderClient.Outcome outcome = client.send(RenderClient.frames(header, new float[36], 1 << 20));

    assertInvalid(
        outcome,
        "unknown colormap 'plasma'; expected one of gray, hot, jet, rainbow, simple, viridis,");
    assertThat(fieldOf(outcome)).isEqualTo("options.colormap");
  }

  @Test
  void aMaxWidthBelowOnePixel() throws Exception {
    var header = RenderClient.header("conv1", 4, 3, 3);
    header.getOptionsBuilder().setMaxWidth(-5);

    assertInvalid(
        client.send(RenderClient.frames(header, new float[36], 1 << 20)).status(),
        "max width -5 is outside 1..4096 pixels");
  }

  @Test
  void aChannelIndexBeyondTheMaps() throws Exception {
    var header = RenderClient.header("conv1", 4, 3, 3);
    header.getOptionsBuilder().getChannelsBuilder().getIndicesBuilder().addValues(1).addValues(9);

    assertInvalid(
        client.send(RenderClient.frames(header, new float[36], 1 << 20)).status(),
        "index 9 is out of range; the tensor has 4 maps");
  }

  @Test
  void namesAndDigestsThatCannotBecomeKeys() throws Exception {
    assertInvalid(
        client
            .send(RenderClient.frames(RenderClient.header("../escape", 4), new float[4], 64))
            .status(),
        "name '../escape' is not valid");
    assertInvalid(
        client.send(RenderClient.frames(RenderClient.header("", 4), new float[4], 64)).status(),
        "name '' is not valid");
    assertInvalid(
        client
            .send(
                RenderClient.frames(
                    RenderClient.header("fc", 4).setModelDigest("XYZ"), new float[4], 64))
            .status(),
        "model_digest must be 64 lowercase hex digits");
  }

  @Test
  void aTensorOverTheSizeLimitIsRefusedBeforeAnyDataArrives() throws Exception {
    TensorHeader header = float32("huge", 4096, 9216); // 151 MB, over the test limit of 64 MiB

    Status status = client.send(List.of(frame(header))).status();

    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription())
        .contains("tensor 0 ('huge') has 150994944 bytes of data")
        .contains("at most 67108864 bytes");
  }

  @Test
  void aBadTensorInTheMiddleKeepsTheResultsBeforeIt() throws Exception {
    List<RenderTensorsRequest> frames =
        new ArrayList<>(
            RenderClient.frames(
                RenderClient.header("good", 6, 4, 4), RenderTensorsTest.random(96, 11), 1 << 20));
    frames.add(frame(float32("bad", 4, 0)));
    frames.addAll(RenderClient.frames(RenderClient.header("never", 4), new float[4], 64));

    RenderClient.Outcome outcome = client.send(frames);

    assertInvalid(outcome.status(), "tensor 1 ('bad')");
    assertThat(outcome.responses()).hasSize(1);
    String key = outcome.responses().get(0).getPictures(0).getKey();
    assertThat(GrpcTestSupport.readObject(key))
        .hasSize((int) outcome.responses().get(0).getPictures(0).getSizeBytes());
  }

  private static TensorHeader float32(String name, int... shape) {
    long count = 1;
    for (int extent : shape) {
      count *= Math.max(extent, 0);
    }
    return RenderClient.header(name, shape)
        .setDataType(DataType.DATA_TYPE_FLOAT32)
        .setTotalBytes(count * 4)
        .build();
  }

  private static RenderTensorsRequest frame(TensorHeader header) {
    return RenderTensorsRequest.newBuilder().setHeader(header).build();
  }

  private static void assertInvalid(RenderClient.Outcome outcome, String message) {
    assertInvalid(outcome.status(), message);
  }

  private static void assertInvalid(Status status, String message) {
    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains(message);
  }

  private static String fieldOf(RenderClient.Outcome outcome) throws Exception {
    com.google.rpc.Status details = StatusProto.fromThrowable(outcome.error());
    for (var any : details.getDetailsList()) {
      if (any.is(BadRequest.class)) {
        return any.unpack(BadRequest.class).getFieldViolations(0).getField();
      }
    }
    return null;
  }
}
