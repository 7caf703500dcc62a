package dev.convscope.inference.drawing;

import dev.convscope.api.v1.ChannelOrder;

/** A model's channel order as the contract writes it. */
public final class WireChannelOrder {

  private WireChannelOrder() {}

  public static ChannelOrder of(dev.convscope.models.ChannelOrder order) {
    return order == dev.convscope.models.ChannelOrder.BGR
        ? ChannelOrder.CHANNEL_ORDER_BGR
        : ChannelOrder.CHANNEL_ORDER_RGB;
  }
}
