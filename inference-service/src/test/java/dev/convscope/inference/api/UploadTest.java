package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelPart;
import dev.convscope.api.v1.ModelPartRole;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.UploadModelRequest;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.caffe.graph.PyTorchReference;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Base of the UploadModel tests: frames sent over the test's channel, refusals checked. */
abstract class UploadTest extends InferenceServiceTest {

  protected static final String UPLOADS = "uploads/models/";

  protected UploadModelResponse upload(
      ModelUploadHeader.Builder header, byte[] file, int chunkBytes) throws Throwable {
    List<UploadModelRequest> frames = new ArrayList<>();
    frames.add(frame(header));
    for (int from = 0; from < file.length; from += chunkBytes) {
      frames.add(chunk(file, from, Math.min(chunkBytes, file.length - from)));
    }
    return upload(frames);
  }

  /** Sends the frames as one client stream and waits for the answer. */
  protected UploadModelResponse upload(List<UploadModelRequest> frames) throws Throwable {
    CompletableFuture<UploadModelResponse> answer = new CompletableFuture<>();
    StreamObserver<UploadModelRequest> requests =
        async
            .withDeadlineAfter(120, TimeUnit.SECONDS)
            .uploadModel(
                new StreamObserver<>() {
                  @Override
                  public void onNext(UploadModelResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    answer.completeExceptionally(
                        new AssertionError("the call ended without an answer"));
                  }
                });
    frames.forEach(requests::onNext);
    requests.onCompleted();
    try {
      return answer.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  protected void assertRejected(
      ModelUploadHeader.Builder header, byte[] file, Status.Code code, String message) {
    assertRejected(header, file, code, message, 1000);
  }

  protected void assertRejected(
      ModelUploadHeader.Builder header,
      byte[] file,
      Status.Code code,
      String message,
      int chunkBytes) {
    assertThatThrownBy(() -> upload(header, file, chunkBytes))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  protected void assertRejected(List<UploadModelRequest> frames, Status.Code code, String message) {
    assertThatThrownBy(() -> upload(frames))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  /** Every event of a Visualize of a 40x30 test image by the model, top five predictions. */
  protected List<VisualizeResponse> visualizeATestImage(String model) {
    List<VisualizeResponse> events = new ArrayList<>();
    inference
        .visualize(
            VisualizeRequest.newBuilder()
                .setModel(model)
                .setImage(ByteString.copyFrom(TestImages.disc(40, 30, "png")))
                .setTopK(5)
                .build())
        .forEachRemaining(events::add);
    return events;
  }

  /** The names of the activations among the events, in the order they came. */
  protected static List<String> activationNames(List<VisualizeResponse> events) {
    return events.stream()
        .filter(VisualizeResponse::hasLayer)
        .map(VisualizeResponse::getLayer)
        .filter(l -> l.getKind() == TensorKind.TENSOR_KIND_ACTIVATION)
        .map(LayerResult::getName)
        .toList();
  }

  /** Asserts the upload is refused with INVALID_ARGUMENT as said, and nothing was stored for it. */
  protected void assertRefusedStoringNothing(
      ModelUploadHeader.Builder header, byte[] file, String message) throws Exception {
    List<String> before = TestBucket.keysUnder(UPLOADS);
    assertRejected(header, file, Status.Code.INVALID_ARGUMENT, message);
    assertThat(TestBucket.keysUnder(UPLOADS)).containsExactlyInAnyOrderElementsOf(before);
  }

  protected static ModelUploadHeader.Builder header(ModelFormat format, long totalBytes) {
    return ModelUploadHeader.newBuilder().setFormat(format).setTotalBytes(totalBytes);
  }

  protected static UploadModelRequest frame(ModelUploadHeader.Builder header) {
    return UploadModelRequest.newBuilder().setHeader(header).build();
  }

  protected static UploadModelRequest chunk(byte[] file, int from, int length) {
    return UploadModelRequest.newBuilder()
        .setChunk(ByteString.copyFrom(file, from, length))
        .build();
  }

  /** Uploads one of the PyTorch-checked Caffe networks, named after it. */
  protected ModelSummary uploadCaffe(String network) throws Throwable {
    return uploadCaffeFiles(network).getSummary();
  }

  protected UploadModelResponse uploadCaffeFiles(String network) throws Throwable {
    byte[] prototxt = PyTorchReference.file(network + ".prototxt");
    byte[] weights = PyTorchReference.file(network + ".caffemodel");
    return upload(
        caffeHeader(prototxt.length, weights.length).setDisplayName(network),
        concat(prototxt, weights),
        4096);
  }

  protected static ModelUploadHeader.Builder caffeHeader(long prototxtBytes, long weightsBytes) {
    return ModelUploadHeader.newBuilder()
        .setFormat(ModelFormat.MODEL_FORMAT_CAFFE)
        .setTotalBytes(prototxtBytes + weightsBytes)
        .addParts(
            part(ModelPartRole.MODEL_PART_ROLE_CAFFE_NETWORK, prototxtBytes, "deploy.prototxt"))
        .addParts(
            part(ModelPartRole.MODEL_PART_ROLE_CAFFE_WEIGHTS, weightsBytes, "net.caffemodel"));
  }

  protected static ModelPart part(ModelPartRole role, long bytes, String fileName) {
    return ModelPart.newBuilder().setRole(role).setSizeBytes(bytes).setFileName(fileName).build();
  }

  protected static byte[] concat(byte[]... files) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] file : files) {
      all.writeBytes(file);
    }
    return all.toByteArray();
  }
}
