package dev.convscope.inference.api;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.convscope.inference.explain.TooManyExplanationsException;
import dev.convscope.inference.image.ImageRejectedException;
import dev.convscope.inference.run.RunCancelledException;
import dev.convscope.inference.upload.ModelNotRemovableException;
import dev.convscope.inference.upload.ModelRejectedException;
import dev.convscope.inference.upload.ModelTooLargeException;
import dev.convscope.models.UnknownLayerException;
import dev.convscope.models.attribution.NotDifferentiableException;
import dev.convscope.models.catalog.ModelNotFoundException;
import dev.convscope.store.NoSuchObjectException;
import dev.convscope.store.StoreMisconfiguredException;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.jboss.logging.Logger;

/** The one place where the inference service's failures become gRPC statuses. */
final class GrpcErrors {

  private static final Logger LOG = Logger.getLogger(GrpcErrors.class);
  private static final String DOMAIN = "inference.convscope.dev";

  private GrpcErrors() {}

  static Throwable toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException) {
      return failure;
    }
    if (failure instanceof RunCancelledException e) {
      return status(Code.CANCELLED, "CANCELLED", e.getMessage());
    }
    if (failure instanceof ModelNotFoundException e) {
      return status(Code.NOT_FOUND, "MODEL_NOT_FOUND", e.getMessage());
    }
    if (failure instanceof NotDifferentiableException e) {
      return status(Code.FAILED_PRECONDITION, "NOT_DIFFERENTIABLE", e.getMessage());
    }
    if (failure instanceof TooManyExplanationsException e) {
      // The reason the gateway reads as "busy" (429), not "too large" (413).
      return status(Code.RESOURCE_EXHAUSTED, "TOO_MANY_CALLS", e.getMessage());
    }
    if (failure instanceof UnknownLayerException e) {
      return status(Code.NOT_FOUND, "LAYER_NOT_FOUND", e.getMessage());
    }
    if (failure instanceof ImageRejectedException e) {
      return e.tooLarge()
          ? status(Code.RESOURCE_EXHAUSTED, "IMAGE_TOO_LARGE", e.getMessage())
          : status(Code.INVALID_ARGUMENT, "IMAGE_UNREADABLE", e.getMessage());
    }
    if (failure instanceof ModelRejectedException e) {
      return status(Code.INVALID_ARGUMENT, "MODEL_REJECTED", e.getMessage());
    }
    if (failure instanceof ModelNotRemovableException e) {
      return status(Code.FAILED_PRECONDITION, "MODEL_NOT_REMOVABLE", e.getMessage());
    }
    if (failure instanceof ModelTooLargeException e) {
      return status(Code.RESOURCE_EXHAUSTED, "MODEL_TOO_LARGE", e.getMessage());
    }
    if (failure instanceof NoSuchObjectException e) {
      return status(Code.NOT_FOUND, "OBJECT_NOT_FOUND", e.getMessage());
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
    if (failure instanceof IllegalArgumentException e) {
      return status(Code.INVALID_ARGUMENT, "INVALID_REQUEST", e.getMessage());
    }
    if (failure instanceof OutOfMemoryError) {
      LOG.error("out of memory during a run", failure);
      return status(
          Code.RESOURCE_EXHAUSTED, "OUT_OF_MEMORY", "the inference service ran out of memory");
    }
    LOG.error("unexpected failure during a run", failure);
    return status(
        Code.INTERNAL, "INTERNAL", "internal error: " + failure.getClass().getSimpleName());
  }

  private static StatusRuntimeException status(Code code, String reason, String message) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message)
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
            .build());
  }
}
