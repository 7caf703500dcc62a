package dev.convscope.gateway.failure;

/**
 * The gateway, or a service it relies on, is set up wrongly: the object store refuses its
 * credentials or has no such bucket, the shard Job template cannot be used. No retry helps until
 * someone fixes the settings; the message names which.
 */
public final class Misconfigured extends GatewayFailure {

  public Misconfigured(String message) {
    super(message, null);
  }

  public Misconfigured(String message, Throwable cause) {
    super(message, cause);
  }
}
