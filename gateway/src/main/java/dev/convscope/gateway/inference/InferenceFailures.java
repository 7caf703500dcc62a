package dev.convscope.gateway.inference;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.convscope.gateway.failure.Busy;
import dev.convscope.gateway.failure.GatewayFailure;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.failure.ServiceFailed;
import dev.convscope.gateway.failure.TimedOut;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.gateway.failure.Unexplainable;
import dev.convscope.gateway.failure.Unsuitable;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * The one place where a failed call to the inference service (and, through it, the visualization
 * service) becomes a gateway failure: its status code, and the reason in its ErrorInfo where the
 * code alone does not say (busy or too large; a misconfigured store or another internal error). The
 * service's message is kept, since it names what was wrong.
 */
public final class InferenceFailures {

  /** The reason of a call a visualization replica refused for having as many as it takes. */
  public static final String TOO_MANY_CALLS = "TOO_MANY_CALLS";

  /** The reason of an explanation refused for a layer without a backward pass. */
  public static final String NOT_DIFFERENTIABLE = "NOT_DIFFERENTIABLE";

  /** The reason of a call refused because a service's store settings are wrong. */
  public static final String STORE_MISCONFIGURED = "STORE_MISCONFIGURED";

  private InferenceFailures() {}

  /** The gateway failure a failed call stands for. */
  public static GatewayFailure of(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    String detail =
        status.getDescription() != null ? status.getDescription() : status.getCode().name();
    if (status.getCause() != null) {
      // Raised on this side of the call (no connection, say): the bare message names no one.
      detail = "the inference service cannot be reached: " + detail;
    }
    Optional<String> reason = reason(status, Status.trailersFromThrowable(failure));
    return switch (status.getCode()) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> new InvalidInput(detail, failure);
      case FAILED_PRECONDITION ->
          reason.filter(NOT_DIFFERENTIABLE::equals).isPresent()
              ? new Unexplainable(detail, failure)
              : new Unsuitable(detail, failure);
      case NOT_FOUND -> new NotFound(detail, failure);
      case RESOURCE_EXHAUSTED ->
          reason.filter(TOO_MANY_CALLS::equals).isPresent()
              ? new Busy(detail, failure)
              : new TooLarge(detail, failure);
      case UNAVAILABLE, CANCELLED -> new Unavailable(detail, failure);
      case DEADLINE_EXCEEDED -> new TimedOut(detail, failure);
      case INTERNAL ->
          reason.filter(STORE_MISCONFIGURED::equals).isPresent()
              ? new Misconfigured(detail, failure)
              : new ServiceFailed(failed(status, detail), failure);
      default -> new ServiceFailed(failed(status, detail), failure);
    };
  }

  /**
   * The failure of a run's stream. One the service broke off (its process died, the connection
   * dropped) comes as grpc-java's bare words ("Network closed for unknown reason"): the caller is
   * told which neighbour failed.
   */
  static GatewayFailure ofRun(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() == null) {
      return new Unavailable(
          "the run on the inference service broke off: " + status.getDescription(), failure);
    }
    return of(failure);
  }

  private static String failed(Status status, String detail) {
    return "the inference service failed (" + status.getCode() + "): " + detail;
  }

  /** The ErrorInfo reason the service gave with its status, if any. */
  private static Optional<String> reason(Status status, Metadata trailers) {
    if (trailers == null) {
      return Optional.empty();
    }
    com.google.rpc.Status details;
    try {
      details = StatusProto.fromStatusAndTrailers(status, trailers);
    } catch (IllegalArgumentException detailsOfAnotherCode) {
      return Optional.empty();
    }
    for (Any detail : details.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return Optional.of(detail.unpack(ErrorInfo.class).getReason());
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
