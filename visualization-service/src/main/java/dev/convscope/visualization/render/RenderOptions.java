package dev.convscope.visualization.render;

/**
 * How a tensor becomes pictures.
 *
 * @param colormap used for single-channel maps; colour data is drawn as it is
 * @param maxWidth the tile picture's width budget in pixels (DIGITS: 600)
 * @param normalize rescale the drawn values to 0..255 first (DIGITS: yes, except Softmax outputs)
 * @param channels which maps to draw
 * @param channelOrder the order of colour planes in the tensor
 */
public record RenderOptions(
    Colormap colormap,
    int maxWidth,
    boolean normalize,
    ChannelSelection channels,
    ChannelOrder channelOrder) {

  public static final int DEFAULT_MAX_WIDTH = 600;

  public RenderOptions {
    if (maxWidth < 1) {
      throw new IllegalArgumentException("max width " + maxWidth + " is below 1 pixel");
    }
    java.util.Objects.requireNonNull(colormap, "colormap");
    java.util.Objects.requireNonNull(channels, "channels");
    java.util.Objects.requireNonNull(channelOrder, "channelOrder");
  }

  /** DIGITS' settings: jet, 600 pixels, normalised, every map, BGR colour. */
  public static RenderOptions digits() {
    return new RenderOptions(
        Colormap.named(Colormap.DEFAULT),
        DEFAULT_MAX_WIDTH,
        true,
        ChannelSelection.ALL,
        ChannelOrder.BGR);
  }

  public RenderOptions withColormap(Colormap value) {
    return new RenderOptions(value, maxWidth, normalize, channels, channelOrder);
  }

  public RenderOptions withMaxWidth(int value) {
    return new RenderOptions(colormap, value, normalize, channels, channelOrder);
  }

  public RenderOptions withNormalize(boolean value) {
    return new RenderOptions(colormap, maxWidth, value, channels, channelOrder);
  }

  public RenderOptions withChannels(ChannelSelection value) {
    return new RenderOptions(colormap, maxWidth, normalize, value, channelOrder);
  }

  public RenderOptions withChannelOrder(ChannelOrder value) {
    return new RenderOptions(colormap, maxWidth, normalize, channels, value);
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
