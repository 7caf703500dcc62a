package dev.convscope.gateway.failure;

/**
 * A service the gateway relies on failed in a way that is neither the request's fault nor an outage
 * (an internal error, or an answer that breaks the contract).
 */
public final class ServiceFailed extends GatewayFailure {

  public ServiceFailed(String message) {
    super(message, null);
  }

  public ServiceFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
