package dev.convscope.inference.upload;

/**
 * An uploaded file that is not a model this service can run: not of its declared format, corrupt,
 * not an image model, or described wrongly. Becomes INVALID_ARGUMENT; the message says why.
 */
public final class ModelRejectedException extends RuntimeException {

  public ModelRejectedException(String message) {
    super(message);
  }

  public ModelRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
