package dev.convscope.gateway.failure;

/** A neighbour service did not finish within the time the gateway gives it. */
public final class TimedOut extends GatewayFailure {

  public TimedOut(String message) {
    super(message, null);
  }

  public TimedOut(String message, Throwable cause) {
    super(message, cause);
  }
}
