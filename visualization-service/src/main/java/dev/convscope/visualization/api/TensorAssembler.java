package dev.convscope.visualization.api;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.render.DrawingOptions;
import dev.convscope.render.Tensor;
import dev.convscope.visualization.pipeline.DrawRequest;
import io.grpc.Status;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reassembles the tensors of one call from its frames (a header, then chunks) and checks every
 * frame on the way in. One instance per call; frames arrive in order, and {@link #abandon} may come
 * from another thread when the call ends early.
 */
final class TensorAssembler {

  static final int MAX_CHUNK_BYTES = 1 << 20;

  private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_NAME_LENGTH = 200;

  private final long maxTensorBytes;
  private final AssemblyMetrics metrics;
  private boolean abandoned;
  private int index = -1;
  private TensorHeader header;
  private String label;
  private DrawingOptions options;
  private TensorValues data;
  private Sha256 contentDigest; // only for tensors that belong to no model run

  TensorAssembler(long maxTensorBytes, AssemblyMetrics metrics) {
    // A Java array holds at most about 2^31 bytes.
    this.maxTensorBytes = Math.min(maxTensorBytes, Integer.MAX_VALUE - 8);
    this.metrics = metrics;
  }

  /** Takes one frame; returns the tensor it completes, if it completes one. */
  synchronized Optional<DrawRequest> accept(RenderTensorsRequest frame) {
    if (abandoned) {
      throw Status.CANCELLED.withDescription("the call has ended").asRuntimeException();
    }
    return switch (frame.getFrameCase()) {
      case HEADER -> {
        startTensor(frame.getHeader());
        yield Optional.empty();
      }
      case CHUNK -> addChunk(frame.getChunk());
      case FRAME_NOT_SET ->
          throw new InvalidArgumentException(
              "frame", "frame " + describeNext() + " carries neither a header nor a chunk");
    };
  }

  /** Called when the client ends its stream: the last tensor must be complete. */
  void finish() {
    if (data != null) {
      throw incomplete();
    }
  }

  /**
   * Lets go of the tensor being assembled, if any, when the call ends for any reason (the client
   * cancelled, a frame was bad, the stream ended): its values are no longer referenced or counted.
   */
  synchronized void abandon() {
    abandoned = true;
    dropTensor();
  }

  /** Zero-based position of the current tensor in the stream. */
  int index() {
    return index;
  }

  private void startTensor(TensorHeader next) {
    if (data != null) {
      throw incomplete();
    }
    index++;
    header = next;
    label = "tensor " + index + (next.getName().isEmpty() ? "" : " ('" + next.getName() + "')");
    checkName(next.getName());
    int[] shape = checkShape(next);
    int valueBytes = valueBytes(next.getDataType());
    long count = elementCountOrMax(shape);
    long needed = count > Long.MAX_VALUE / valueBytes ? Long.MAX_VALUE : count * valueBytes;
    if (needed > maxTensorBytes) {
      throw new TensorTooLargeException(
          label
              + " has "
              + needed
              + " bytes of data; this service takes at most "
              + maxTensorBytes
              + " bytes per tensor");
    }
    if (next.getTotalBytes() != needed) {
      throw new InvalidArgumentException(
          "header.total_bytes",
          label
              + ": total_bytes is "
              + next.getTotalBytes()
              + " but shape "
              + Arrays.toString(shape)
              + " of "
              + next.getDataType()
              + " needs "
              + needed);
    }
    checkDigest("header.model_digest", next.getModelDigest());
    checkDigest("header.image_digest", next.getImageDigest());
    options = OptionsMapping.toDrawingOptions(next, label);
    data = new TensorValues(needed, valueBytes);
    metrics.hold(data.heldBytes());
    contentDigest = needsContentDigest(next) ? newDigest(next, shape) : null;
  }

  private Optional<DrawRequest> addChunk(ByteString chunk) {
    if (data == null) {
      throw new InvalidArgumentException(
          "chunk",
          index < 0
              ? "a chunk arrived before any header; send a header frame first"
              : "a chunk arrived after "
                  + label
                  + " was complete; start the next tensor with a header");
    }
    if (chunk.size() > MAX_CHUNK_BYTES) {
      throw new InvalidArgumentException(
          "chunk",
          label
              + ": a chunk of "
              + chunk.size()
              + " bytes is over the limit of "
              + MAX_CHUNK_BYTES
              + " bytes (1 MiB)");
    }
    if (chunk.isEmpty()) {
      throw new InvalidArgumentException(
          "chunk", label + ": an empty chunk; every chunk carries 1 byte to 1 MiB");
    }
    if (chunk.size() > data.remaining()) {
      throw new InvalidArgumentException(
          "chunk",
          label
              + ": chunks add up to more than total_bytes ("
              + (data.received() + chunk.size())
              + " > "
              + data.capacity()
              + ")");
    }
    data.add(chunk);
    if (contentDigest != null) {
      contentDigest.update(chunk.asReadOnlyByteBufferList());
    }
    if (!data.complete()) {
      return Optional.empty();
    }
    return Optional.of(complete());
  }

  private DrawRequest complete() {
    float[] values = data.values();
    int[] shape = header.getShapeList().stream().mapToInt(Long::intValue).toArray();
    String digest = contentDigest == null ? "" : contentDigest.toHex();
    DrawRequest request =
        new DrawRequest(
            header.getName(),
            new Tensor(shape, values),
            header.getKind() == TensorKind.TENSOR_KIND_WEIGHTS,
            options,
            header.getModelDigest(),
            header.getImageDigest(),
            () -> digest,
            header.getExportNpy(),
            header.getLayerType());
    dropTensor();
    return request;
  }

  private void dropTensor() {
    if (data != null) {
      metrics.release(data.heldBytes());
    }
    data = null;
    contentDigest = null;
  }

  private InvalidArgumentException incomplete() {
    return new InvalidArgumentException(
        "chunk",
        label
            + " ended after "
            + data.received()
            + " of "
            + data.capacity()
            + " bytes; the chunks must add up to total_bytes");
  }

  private void checkName(String name) {
    if (name.isEmpty()
        || name.length() > MAX_NAME_LENGTH
        || !LAYER_NAME.matcher(name).matches()
        || Arrays.asList(name.split("/")).contains("..")) {
      throw new InvalidArgumentException(
          "header.name",
          label
              + ": name '"
              + name
              + "' is not valid; use 1 to "
              + MAX_NAME_LENGTH
              + " letters, digits and ._- separated by /");
    }
  }

  private int[] checkShape(TensorHeader next) {
    if (next.getShapeCount() < 1 || next.getShapeCount() > Tensor.MAX_AXES) {
      throw new InvalidArgumentException(
          "header.shape",
          label
              + ": shape "
              + next.getShapeList()
              + " has "
              + next.getShapeCount()
              + " axes; expected 1 to "
              + Tensor.MAX_AXES);
    }
    int[] shape = new int[next.getShapeCount()];
    for (int i = 0; i < shape.length; i++) {
      long extent = next.getShape(i);
      if (extent < 1) {
        throw new InvalidArgumentException(
            "header.shape",
            label
                + ": shape "
                + next.getShapeList()
                + " has an axis of "
                + extent
                + "; every axis must be at least 1");
      }
      shape[i] = (int) Math.min(extent, Integer.MAX_VALUE);
    }
    return shape;
  }

  private static long elementCountOrMax(int[] shape) {
    try {
      return Tensor.elementCount(shape);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private int valueBytes(DataType type) {
    return switch (type) {
      case DATA_TYPE_FLOAT32 -> 4;
      case DATA_TYPE_FLOAT64 -> 8;
      default ->
          throw new InvalidArgumentException(
              "header.data_type",
              label
                  + ": data type "
                  + type
                  + " is not taken; send DATA_TYPE_FLOAT32 or DATA_TYPE_FLOAT64");
    };
  }

  private void checkDigest(String field, String digest) {
    if (!digest.isEmpty() && !DIGEST.matcher(digest).matches()) {
      throw new InvalidArgumentException(
          field,
          label
              + ": "
              + field.substring(field.indexOf('.') + 1)
              + " must be 64 lowercase hex digits (a SHA-256) or empty");
    }
  }

  private static boolean needsContentDigest(TensorHeader header) {
    boolean weights = header.getKind() == TensorKind.TENSOR_KIND_WEIGHTS;
    return header.getModelDigest().isEmpty() || (!weights && header.getImageDigest().isEmpty());
  }

  private static Sha256 newDigest(TensorHeader header, int[] shape) {
    // Plain ASCII, so its UTF-8 bytes are the ones digested before.
    return Sha256.newDigest().update(header.getDataType() + Arrays.toString(shape));
  }

  private String describeNext() {
    return "after " + (index < 0 ? "the start of the stream" : label);
  }
}
