package dev.convscope.gateway.model;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The file sent as a model is not of the stated format at all. INVALID_ARGUMENT over gRPC; over
 * REST a 415, since the file's type, not its content, is what is wrong.
 */
public class NotAModelException extends StatusRuntimeException {

  NotAModelException(String message) {
    super(Status.INVALID_ARGUMENT.withDescription(message));
  }
}
