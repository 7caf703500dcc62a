package dev.convscope.inference.upload;

/** A model file over the configured size limit; becomes RESOURCE_EXHAUSTED. */
public final class ModelTooLargeException extends RuntimeException {

  public ModelTooLargeException(String message) {
    super(message);
  }
}
