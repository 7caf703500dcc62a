package dev.convscope.contract.options;

/**
 * An option outside the contract. It names the option as the wire does ({@code options.colormap},
 * {@code top_k}), so every transport can tell the caller which one to fix.
 */
public final class InvalidOptionException extends IllegalArgumentException {

  private final String option;

  public InvalidOptionException(String option, String message) {
    super(message);
    this.option = option;
  }

  /** The option's name on the wire, such as {@code options.max_width}. */
  public String option() {
    return option;
  }
}
