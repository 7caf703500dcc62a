package dev.convscope.contract.options;

import java.util.Objects;
import java.util.Optional;

/**
 * How a request asks for its tensors to be drawn, with every default filled in and every limit
 * checked. Built only through {@link #of}, so a value of this type is always valid; the renderer
 * turns it into the settings of one tensor (its layer type decides an unset {@code normalize}).
 *
 * @param colormap used for single-channel maps
 * @param maxWidth the tile picture's width budget in pixels
 * @param normalize rescale values to 0..255 before drawing; empty: by the layer type
 * @param channels which maps to draw
 */
public record RenderOptions(
    Colormap colormap, int maxWidth, Optional<Boolean> normalize, ChannelSelection channels) {

  /** DIGITS' width budget. */
  public static final int DEFAULT_MAX_WIDTH = 600;

  /** The narrowest picture a request may ask for. */
  public static final int MIN_MAX_WIDTH = 1;

  /** The widest: beyond this a tile picture is only memory, no screen shows it whole. */
  public static final int MAX_MAX_WIDTH = 4096;

  public RenderOptions {
    Objects.requireNonNull(colormap, "colormap");
    Objects.requireNonNull(normalize, "normalize");
    Objects.requireNonNull(channels, "channels");
  }

  /** DIGITS' settings: jet, 600 pixels, normalised by layer type, every map. */
  public static RenderOptions defaults() {
    return of(null, null, null, null);
  }

  /**
   * The options as a request gives them, where a null or blank colormap, and a null width,
   * normalize or channels each mean the default. A transport whose wire writes "not given" as 0 or
   * "" passes null for it.
   *
   * @throws InvalidOptionException naming the first option that is out of the contract
   */
  public static RenderOptions of(
      String colormap, Integer maxWidth, Boolean normalize, ChannelSelection channels) {
    Colormap chosen;
    try {
      chosen = Colormap.named(colormap == null || colormap.isBlank() ? Colormap.DEFAULT : colormap);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("options.colormap", e.getMessage());
    }
    int width = maxWidth == null ? DEFAULT_MAX_WIDTH : maxWidth;
    if (width < MIN_MAX_WIDTH || width > MAX_MAX_WIDTH) {
      throw new InvalidOptionException(
          "options.max_width",
          "max width "
              + maxWidth
              + " is outside "
              + MIN_MAX_WIDTH
              + ".."
              + MAX_MAX_WIDTH
              + " pixels");
    }
    return new RenderOptions(
        chosen,
        width,
        Optional.ofNullable(normalize),
        channels == null ? ChannelSelection.ALL : channels);
  }

  /**
   * Whether a tensor of this layer type is drawn normalised: as asked, or as DIGITS did, which drew
   * Softmax outputs as they are (probabilities) and everything else rescaled.
   */
  public boolean normalizes(String layerType) {
    return normalize.orElse(!"softmax".equalsIgnoreCase(layerType));
  }

  /** One line that names these options exactly; equal options give equal lines. */
  public String canonical() {
    return "colormap="
        + colormap.name()
        + ";max_width="
        + maxWidth
        + ";normalize="
        + normalize.map(String::valueOf).orElse("by-layer")
        + ";channels="
        + channels.canonical();
  }
}
