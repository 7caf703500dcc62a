package dev.convscope.inference.upload;

import dev.convscope.models.ImageLayout;

/**
 * The image a network takes: channels (1 or 3), height and width, and how the network holds it.
 *
 * @param sizeRecorded true when the model file states height and width; false when they were given
 *     by the upload or worked out from the layers
 */
public record ImageInput(
    int channels, int height, int width, ImageLayout layout, boolean sizeRecorded) {

  public ImageInput {
    if (channels != 1 && channels != 3) {
      throw new ModelRejectedException(
          "the model's input is not an image: it has "
              + channels
              + " channels; an image has 1 (gray) or 3 (colour)");
    }
    if (height < 1 || width < 1) {
      throw new ModelRejectedException(
          "the model's input is not an image: it is " + height + "x" + width);
    }
  }

  /** For messages: "3x16x16" (channels × height × width). */
  public String shape() {
    return channels + "x" + height + "x" + width;
  }
}
