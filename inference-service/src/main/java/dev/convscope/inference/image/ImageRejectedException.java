package dev.convscope.inference.image;

/**
 * The image cannot be used; the message says why. Becomes INVALID_ARGUMENT or RESOURCE_EXHAUSTED.
 */
public final class ImageRejectedException extends RuntimeException {

  private final boolean tooLarge;

  private ImageRejectedException(String message, boolean tooLarge) {
    super(message);
    this.tooLarge = tooLarge;
  }

  static ImageRejectedException unreadable(String message) {
    return new ImageRejectedException(message, false);
  }

  static ImageRejectedException tooLarge(String message) {
    return new ImageRejectedException(message, true);
  }

  /** True when the image is well formed but over a configured limit. */
  public boolean tooLarge() {
    return tooLarge;
  }
}
