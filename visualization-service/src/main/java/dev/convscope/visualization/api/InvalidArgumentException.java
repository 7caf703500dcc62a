package dev.convscope.visualization.api;

/** The caller sent something malformed; becomes INVALID_ARGUMENT naming the field. */
final class InvalidArgumentException extends RuntimeException {

  private final String field;

  InvalidArgumentException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
