package dev.convscope.visualization.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.convscope.store.StoreMisconfiguredException;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.jboss.logging.Logger;

/**
 * The one place where failures become gRPC statuses, each with a message a person can act on and
 * typed details ({@code BadRequest} for a bad field, {@code ErrorInfo} with a reason).
 */
final class GrpcErrors {

  private static final Logger LOG = Logger.getLogger(GrpcErrors.class);
  private static final String DOMAIN = "visualization.convscope.dev";

  private GrpcErrors() {}

  static Throwable toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException) {
      return failure;
    }
    if (failure instanceof InvalidArgumentException e) {
      return badField(e.field(), e.getMessage());
    }
    if (failure instanceof IllegalArgumentException e) {
      return badField("options", e.getMessage());
    }
    if (failure instanceof TensorTooLargeException e) {
      return status(Code.RESOURCE_EXHAUSTED, "TENSOR_TOO_LARGE", e.getMessage());
    }
    if (failure instanceof StoreMisconfiguredException e) {
      // Not an outage: no retry helps until someone fixes the settings, so INTERNAL, at once.
      LOG.errorf("store misconfigured: %s", e.getMessage());
      return status(Code.INTERNAL, "STORE_MISCONFIGURED", e.getMessage());
    }
    if (failure instanceof StoreUnavailableException e) {
      LOG.warnf("store unavailable: %s", e.getMessage());
      return status(Code.UNAVAILABLE, "STORE_UNAVAILABLE", e.getMessage() + "; retry later");
    }
    if (failure instanceof OutOfMemoryError) {
      LOG.error("out of memory while drawing a tensor", failure);
      return status(
          Code.RESOURCE_EXHAUSTED,
          "OUT_OF_MEMORY",
          "the service ran out of memory; send smaller tensors");
    }
    LOG.error("unexpected failure while drawing a tensor", failure);
    return status(
        Code.INTERNAL, "INTERNAL", "internal error: " + failure.getClass().getSimpleName());
  }

  private static StatusRuntimeException badField(String field, String message) {
    BadRequest.FieldViolation violation =
        BadRequest.FieldViolation.newBuilder().setField(field).setDescription(message).build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.INVALID_ARGUMENT.getNumber())
            .setMessage(message)
            .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(violation).build()))
            .addDetails(Any.pack(errorInfo("INVALID_TENSOR")))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  static StatusRuntimeException status(Code code, String reason, String message) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message)
            .addDetails(Any.pack(errorInfo(reason)))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  private static ErrorInfo errorInfo(String reason) {
    return ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build();
  }
}
