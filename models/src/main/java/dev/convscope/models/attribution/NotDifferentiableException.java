package dev.convscope.models.attribution;

/**
 * A model whose graph has a layer without a backward pass, so that no gradient reaches the input:
 * the model runs, but it cannot be explained.
 */
public final class NotDifferentiableException extends RuntimeException {

  private final String layer;

  public NotDifferentiableException(String layer, String reason) {
    super("layer " + layer + " has no backward pass: " + reason);
    this.layer = layer;
  }

  /** The first layer, from the output back, whose backward pass failed. */
  public String layer() {
    return layer;
  }
}
