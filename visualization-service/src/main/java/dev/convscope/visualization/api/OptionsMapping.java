package dev.convscope.visualization.api;

import dev.convscope.api.v1.TensorHeader;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.WireOptions;
import dev.convscope.render.ChannelOrder;
import dev.convscope.render.DrawingOptions;

/**
 * Turns a header's wire options into the drawing options of its tensor; the defaults and limits are
 * the contract's ({@link RenderOptions}).
 */
final class OptionsMapping {

  private OptionsMapping() {}

  static DrawingOptions toDrawingOptions(TensorHeader header, String tensor) {
    RenderOptions requested;
    try {
      requested = WireOptions.render(header.getOptions());
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
