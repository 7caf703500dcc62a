package dev.convscope.render;

/** The order of the planes of colour data. Caffe and DIGITS stored colour as BGR. */
public enum ChannelOrder {
  BGR,
  RGB
}
