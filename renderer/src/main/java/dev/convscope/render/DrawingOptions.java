package dev.convscope.render;

import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.Colormap;
import dev.convscope.contract.options.RenderOptions;

/**
 * How one tensor becomes pictures: the request's {@link RenderOptions} settled for this tensor's
 * layer type and colour order.
 *
 * @param colormap used for single-channel maps; colour data is drawn as it is
 * @param maxWidth the tile picture's width budget in pixels (DIGITS: 600)
 * @param normalize rescale the drawn values to 0..255 first (DIGITS: yes, except Softmax outputs)
 * @param channels which maps to draw
 * @param channelOrder the order of colour planes in the tensor
 */
public record DrawingOptions(
    Colormap colormap,
    int maxWidth,
    boolean normalize,
    ChannelSelection channels,
    ChannelOrder channelOrder) {

  public DrawingOptions {
    if (maxWidth < 1) {
      throw new IllegalArgumentException("max width " + maxWidth + " is below 1 pixel");
    }
    java.util.Objects.requireNonNull(colormap, "colormap");
    java.util.Objects.requireNonNull(channels, "channels");
    java.util.Objects.requireNonNull(channelOrder, "channelOrder");
  }

  /** DIGITS' settings: jet, 600 pixels, normalised, every map, BGR colour. */
  public static DrawingOptions digits() {
    return of(RenderOptions.defaults(), "", ChannelOrder.BGR);
  }

  /** The request's options as they apply to a tensor of this layer type and colour order. */
  public static DrawingOptions of(
      RenderOptions requested, String layerType, ChannelOrder channelOrder) {
    return new DrawingOptions(
        requested.colormap(),
        requested.maxWidth(),
        requested.normalizes(layerType),
        requested.channels(),
        channelOrder);
  }

  public DrawingOptions withColormap(Colormap value) {
    return new DrawingOptions(value, maxWidth, normalize, channels, channelOrder);
  }

  public DrawingOptions withMaxWidth(int value) {
    return new DrawingOptions(colormap, value, normalize, channels, channelOrder);
  }

  public DrawingOptions withNormalize(boolean value) {
    return new DrawingOptions(colormap, maxWidth, value, channels, channelOrder);
  }

  public DrawingOptions withChannels(ChannelSelection value) {
    return new DrawingOptions(colormap, maxWidth, normalize, value, channelOrder);
  }

  public DrawingOptions withChannelOrder(ChannelOrder value) {
    return new DrawingOptions(colormap, maxWidth, normalize, channels, value);
  }

  /**
   * A short, key-safe name of these options, such as {@code jet-w600-norm}; equal options give
   * equal names, so pictures can be stored under content-addressed keys. The channel order is named
   * only for colour data, the only data it changes.
   */
  public String keyPart(boolean colourData) {
    StringBuilder key =
        new StringBuilder()
            .append(colormap.name())
            .append("-w")
            .append(maxWidth)
            .append(normalize ? "-norm" : "-raw");
    if (colourData && channelOrder == ChannelOrder.RGB) {
      key.append("-rgb");
    }
    String selection = channels.keyPart();
    if (!selection.isEmpty()) {
      key.append('-').append(selection);
    }
    return key.toString();
  }
}
