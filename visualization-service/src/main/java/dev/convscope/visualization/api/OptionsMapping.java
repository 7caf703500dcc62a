package dev.convscope.visualization.api;

import dev.convscope.api.v1.TensorHeader;
import dev.convscope.visualization.render.ChannelOrder;
import dev.convscope.visualization.render.ChannelSelection;
import dev.convscope.visualization.render.Colormap;
import dev.convscope.visualization.render.RenderOptions;

/** Turns a header's wire options into the renderer's options, with the documented defaults. */
final class OptionsMapping {

  private OptionsMapping() {}

  static RenderOptions toRenderOptions(TensorHeader header, String tensor) {
    dev.convscope.api.v1.RenderOptions wire = header.getOptions();
    RenderOptions options = RenderOptions.digits();

    if (!wire.getColormap().isEmpty()) {
      try {
        options = options.withColormap(Colormap.named(wire.getColormap()));
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("options.colormap", tensor + ": " + e.getMessage());
      }
    }
    if (wire.getMaxWidth() < 0) {
      throw new InvalidArgumentException(
          "options.max_width",
          tensor
              + ": max width "
              + wire.getMaxWidth()
              + " is below 1 pixel (0 means the default, 600)");
    }
    if (wire.getMaxWidth() > 0) {
      options = options.withMaxWidth(wire.getMaxWidth());
    }
    // DIGITS drew Softmax outputs as they are (probabilities) and everything else normalised.
    boolean normalize =
        wire.hasNormalize()
            ? wire.getNormalize()
            : !"softmax".equalsIgnoreCase(header.getLayerType());
    options = options.withNormalize(normalize);
    if (header.getChannelOrder() == dev.convscope.api.v1.ChannelOrder.CHANNEL_ORDER_RGB) {
      options = options.withChannelOrder(ChannelOrder.RGB);
    }
    try {
      options =
          options.withChannels(
              switch (wire.getChannels().getSelectionCase()) {
                case FIRST -> ChannelSelection.first(wire.getChannels().getFirst());
                case INDICES ->
                    ChannelSelection.indices(
                        wire.getChannels().getIndices().getValuesList().stream()
                            .mapToInt(Integer::intValue)
                            .toArray());
                case SELECTION_NOT_SET -> ChannelSelection.ALL;
              });
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("options.channels", tensor + ": " + e.getMessage());
    }
    return options;
  }
}
