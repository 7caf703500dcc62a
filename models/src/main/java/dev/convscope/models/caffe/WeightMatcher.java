package dev.convscope.models.caffe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Matches a caffemodel's blobs to the network's layers by layer name, as Caffe copies trained
 * layers: the same number of blobs, each of the shape the network needs (old files' four numbers
 * aligned to its last axes) and holding that many values. Layers the network lacks are ignored, as
 * Caffe ignores them; a layer of the network that needs blobs and finds none is refused, since its
 * weights would be made up.
 */
final class WeightMatcher {

  private WeightMatcher() {}

  static Map<String, List<CaffeBlob>> match(
      CaffeNetwork network, Map<String, List<StoredBlob>> stored) {
    Map<String, List<CaffeBlob>> weights = new HashMap<>();
    for (CaffeLayer layer : network.layers()) {
      List<ParameterBlob> needed = layer.parameters();
      List<StoredBlob> found = stored.getOrDefault(layer.name(), List.of());
      String named = "layer '" + layer.name() + "' (" + layer.type().caffeName() + ")";
      if (needed.isEmpty() && found.isEmpty()) {
        continue;
      }
      if (needed.isEmpty() || found.size() != needed.size()) {
        throw new CaffeFormatException(
            named
                + " has "
                + (found.isEmpty() && !stored.containsKey(layer.name())
                    ? "no weights in the caffemodel (no layer of that name)"
                    : found.size()
                        + (found.size() == 1 ? " blob" : " blobs")
                        + " in the caffemodel")
                + "; the prototxt needs "
                + describe(needed));
      }
      List<CaffeBlob> blobs = new ArrayList<>();
      for (int i = 0; i < needed.size(); i++) {
        blobs.add(fit(named, i, needed.get(i), found.get(i)));
      }
      weights.put(layer.name(), blobs);
    }
    return weights;
  }

  private static CaffeBlob fit(String layer, int index, ParameterBlob needed, StoredBlob found) {
    String blob = layer + " blob " + index + " (" + needed.role() + ")";
    if (!found.fits(needed.shape())) {
      throw new CaffeFormatException(
          blob
              + " has shape "
              + found.describeShape()
              + " in the caffemodel; the prototxt needs "
              + needed.shape());
    }
    long count = needed.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
    if (found.values().length != count) {
      throw new CaffeFormatException(
          blob
              + " holds "
              + found.values().length
              + " values in the caffemodel; its shape "
              + needed.shape()
              + " needs "
              + count);
    }
    return new CaffeBlob(needed.shape(), found.values());
  }

  /** "none", or "2 blobs: weights [96, 3, 11, 11], bias [96]". */
  private static String describe(List<ParameterBlob> blobs) {
    if (blobs.isEmpty()) {
      return "none";
    }
    return blobs.size()
        + (blobs.size() == 1 ? " blob: " : " blobs: ")
        + blobs.stream().map(b -> b.role() + " " + b.shape()).collect(Collectors.joining(", "));
  }
}
