package dev.convscope.gateway.failure;

/** The request is over a limit: an image, a model file or a tensor larger than allowed. */
public final class TooLarge extends GatewayFailure {

  public TooLarge(String message) {
    super(message, null);
  }

  public TooLarge(String message, Throwable cause) {
    super(message, cause);
  }
}
