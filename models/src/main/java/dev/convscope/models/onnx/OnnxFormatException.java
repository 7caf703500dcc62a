package dev.convscope.models.onnx;

/**
 * An ONNX file that cannot be imported: not a model, truncated, of an unsupported operator set, or
 * a graph the import does not build. The message names the operator, node or value and what is
 * supported. The caller's input is wrong, so it is an IllegalArgumentException (INVALID_ARGUMENT on
 * the wire).
 */
public final class OnnxFormatException extends IllegalArgumentException {

  public OnnxFormatException(String message) {
    super(message);
  }

  public OnnxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
