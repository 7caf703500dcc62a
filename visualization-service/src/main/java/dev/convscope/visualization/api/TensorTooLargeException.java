package dev.convscope.visualization.api;

/** A tensor over the configured size limit; becomes RESOURCE_EXHAUSTED. */
final class TensorTooLargeException extends RuntimeException {

  TensorTooLargeException(String message) {
    super(message);
  }
}
