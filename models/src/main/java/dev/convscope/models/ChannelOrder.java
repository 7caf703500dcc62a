package dev.convscope.models;

/** The order of colour planes a network expects. Caffe models take BGR. */
public enum ChannelOrder {
  RGB,
  BGR
}
