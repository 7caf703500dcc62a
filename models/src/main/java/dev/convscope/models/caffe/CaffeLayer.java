package dev.convscope.models.caffe;

import java.util.List;

/**
 * A layer of a network in the order Caffe runs it: the blobs it reads (bottoms) and writes (tops; a
 * top named as its bottom is computed in place), its settings and the learned blobs it needs.
 */
public record CaffeLayer(
    String name,
    CaffeLayerType type,
    List<String> bottoms,
    List<String> tops,
    LayerParams params,
    List<ParameterBlob> parameters) {

  public CaffeLayer {
    bottoms = List.copyOf(bottoms);
    tops = List.copyOf(tops);
    parameters = List.copyOf(parameters);
  }

  /** The settings as the record of this layer's type, e.g. {@code params(Convolution.class)}. */
  public <T extends LayerParams> T params(Class<T> kind) {
    if (!kind.isInstance(params)) {
      throw new IllegalStateException(
          "layer "
              + name
              + " ("
              + type.caffeName()
              + ") has no "
              + kind.getSimpleName()
              + " params");
    }
    return kind.cast(params);
  }
}
