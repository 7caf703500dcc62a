package dev.convscope.gateway.model;

/** The order of a model's colour planes. */
public enum ChannelOrder {
  /** Not said: BGR, as Caffe and DIGITS stored colour. */
  UNSPECIFIED,
  BGR,
  RGB
}
