package dev.convscope.models;

/**
 * How a network holds images: channels first (N, C, H, W), as DL4J and Caffe do, or channels last
 * (N, H, W, C), as Keras' TensorFlow models do and DL4J imports them. Inputs are made and
 * activations reported channels first either way.
 */
public enum ImageLayout {
  NCHW,
  NHWC
}
