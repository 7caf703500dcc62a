package dev.convscope.gateway.failure;

/** What the request names does not exist: a model, a layer, a run, a job, an object. */
public final class NotFound extends GatewayFailure {

  public NotFound(String message) {
    super(message, null);
  }

  public NotFound(String message, Throwable cause) {
    super(message, cause);
  }
}
