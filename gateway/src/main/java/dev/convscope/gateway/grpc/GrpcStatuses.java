package dev.convscope.gateway.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
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
import dev.convscope.gateway.failure.UnsupportedMedia;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The gRPC face of every failure, in one place: the status code of each gateway failure, its
 * message as the description, and as details an ErrorInfo naming its {@link GatewayFailure#reason()
 * reason} (which tells a busy service from a request over a limit, both RESOURCE_EXHAUSTED) and,
 * when it passes, a RetryInfo saying when to try again. Anything else is unexpected: logged, and
 * answered INTERNAL without internals.
 */
public final class GrpcStatuses {

  /** The ErrorInfo domain of the gateway's statuses. */
  public static final String DOMAIN = "gateway.convscope.dev";

  private static final Logger LOG = Logger.getLogger(GrpcStatuses.class);

  private static final Map<Class<? extends GatewayFailure>, Code> CODES =
      Map.ofEntries(
          Map.entry(NotFound.class, Code.NOT_FOUND),
          Map.entry(InvalidInput.class, Code.INVALID_ARGUMENT),
          Map.entry(UnsupportedMedia.class, Code.INVALID_ARGUMENT),
          Map.entry(Unsuitable.class, Code.FAILED_PRECONDITION),
          Map.entry(Unexplainable.class, Code.FAILED_PRECONDITION),
          Map.entry(TooLarge.class, Code.RESOURCE_EXHAUSTED),
          Map.entry(Busy.class, Code.RESOURCE_EXHAUSTED),
          Map.entry(Unavailable.class, Code.UNAVAILABLE),
          Map.entry(TimedOut.class, Code.DEADLINE_EXCEEDED),
          Map.entry(Misconfigured.class, Code.INTERNAL),
          Map.entry(ServiceFailed.class, Code.INTERNAL));

  private GrpcStatuses() {}

  /** The status a call that failed with {@code failure} ends with. */
  public static StatusRuntimeException of(Throwable failure) {
    if (!(failure instanceof GatewayFailure known)) {
      LOG.error("unexpected failure", failure);
      return StatusProto.toStatusRuntimeException(
          com.google.rpc.Status.newBuilder()
              .setCode(Code.INTERNAL_VALUE)
              .setMessage("unexpected error; the gateway's log has the details")
              .build());
    }
    Code code = CODES.get(known.getClass());
    if (code == Code.INTERNAL) {
      LOG.errorf("answered INTERNAL: %s", known.getMessage());
    }
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(known.getMessage())
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder().setReason(known.reason()).setDomain(DOMAIN).build()));
    known
        .retryAfter()
        .ifPresent(
            wait ->
                status.addDetails(
                    Any.pack(
                        RetryInfo.newBuilder()
                            .setRetryDelay(
                                com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(wait.toSeconds()))
                            .build())));
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
