package dev.convscope.gateway.grpc;

import dev.convscope.store.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

/** The gRPC status a failure is answered with; unexpected ones are logged, not shown. */
final class GrpcStatuses {

  private static final Logger LOG = Logger.getLogger(GrpcStatuses.class);

  private GrpcStatuses() {}

  static StatusRuntimeException of(Throwable failure) {
    if (failure instanceof StatusRuntimeException status) {
      return status.getStatus().getCause() == null
          ? status
          : Status.fromCode(status.getStatus().getCode())
              .withDescription(
                  "the inference service cannot be reached: " + status.getStatus().getDescription())
              .asRuntimeException();
    }
    if (failure instanceof StoreUnavailableException e) {
      return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
    }
    LOG.error("unexpected failure", failure);
    return Status.INTERNAL
        .withDescription("unexpected error; the gateway's log has the details")
        .asRuntimeException();
  }
}
