package dev.convscope.gateway.failure;

/**
 * The model runs, but cannot be explained: a layer of its graph has no backward pass, so no
 * gradient reaches the input. The message names the layer.
 */
public final class Unexplainable extends GatewayFailure {

  public Unexplainable(String message, Throwable cause) {
    super(message, cause);
  }
}
