package dev.convscope.gateway.failure;

/**
 * The request is well formed, but what it names cannot serve it now: a model without class names
 * for a data-set job, a model that changed under a running job.
 */
public final class Unsuitable extends GatewayFailure {

  public Unsuitable(String message) {
    super(message, null);
  }

  public Unsuitable(String message, Throwable cause) {
    super(message, cause);
  }
}
