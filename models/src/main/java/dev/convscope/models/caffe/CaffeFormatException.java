package dev.convscope.models.caffe;

/**
 * A Caffe file that cannot be read as it is: unreadable or truncated, a layer type or setting this
 * reader does not build, a network whose blobs do not connect, or weights that do not fit their
 * layers. The message names the file part, the layer and what was expected. The caller's input is
 * wrong, so it is an IllegalArgumentException (INVALID_ARGUMENT on the wire).
 */
public final class CaffeFormatException extends IllegalArgumentException {

  public CaffeFormatException(String message) {
    super(message);
  }

  public CaffeFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
