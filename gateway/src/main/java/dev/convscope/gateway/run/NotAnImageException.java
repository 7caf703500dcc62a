package dev.convscope.gateway.run;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The bytes sent as an image are neither PNG nor JPEG. INVALID_ARGUMENT over gRPC; over REST a 415,
 * since the file's type, not its content, is what is wrong.
 */
public class NotAnImageException extends StatusRuntimeException {

  NotAnImageException(String message) {
    super(Status.INVALID_ARGUMENT.withDescription(message));
  }
}
