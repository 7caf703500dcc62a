package dev.convscope.visualization.api;

import dev.convscope.api.v1.TensorHeader;
import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.visualization.render.ChannelOrder;
import dev.convscope.visualization.render.DrawingOptions;

/**
 * Turns a header's wire options into the drawing options of its tensor; the defaults and limits are
 * the contract's ({@link RenderOptions}).
 */
final class OptionsMapping {

  private OptionsMapping() {}

  static DrawingOptions toDrawingOptions(TensorHeader header, String tensor) {
    dev.convscope.api.v1.RenderOptions wire = header.getOptions();
    RenderOptions requested;
    try {
      requested =
          RenderOptions.of(
              wire.getColormap(),
              wire.getMaxWidth() == 0 ? null : wire.getMaxWidth(),
              wire.hasNormalize() ? wire.getNormalize() : null,
              switch (wire.getChannels().getSelectionCase()) {
                case FIRST -> ChannelSelection.first(wire.getChannels().getFirst());
                case INDICES ->
                    ChannelSelection.indices(
                        wire.getChannels().getIndices().getValuesList().stream()
                            .mapToInt(Integer::intValue)
                            .toArray());
                case SELECTION_NOT_SET -> null;
              });
    } catch (InvalidOptionException e) {
      throw new InvalidArgumentException(e.option(), tensor + ": " + e.getMessage());
    }
    ChannelOrder order =
        header.getChannelOrder() == dev.convscope.api.v1.ChannelOrder.CHANNEL_ORDER_RGB
            ? ChannelOrder.RGB
            : ChannelOrder.BGR;
    return DrawingOptions.of(requested, header.getLayerType(), order);
  }
}
