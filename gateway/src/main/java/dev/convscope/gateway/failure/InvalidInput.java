package dev.convscope.gateway.failure;

/** The request itself is wrong: a bad option or argument, an unreadable image or model file. */
public final class InvalidInput extends GatewayFailure {

  public InvalidInput(String message) {
    super(message, null);
  }

  public InvalidInput(String message, Throwable cause) {
    super(message, cause);
  }
}
