package dev.convscope.models.caffe;

import java.util.List;

/**
 * A blob as a file stores it, before it is matched to a layer: its shape field, or (legacy) the
 * four numbers (num, channels, height, width) older files give instead, and its values.
 */
record StoredBlob(List<Integer> shape, boolean legacy, float[] values) {

  StoredBlob {
    shape = List.copyOf(shape);
  }

  /** "[96, 3, 11, 11]", or "(num, channels, height, width) (1, 1, 4096, 9216)". */
  String describeShape() {
    if (!legacy) {
      return shape.toString();
    }
    return "(num, channels, height, width) ("
        + String.join(", ", shape.stream().map(String::valueOf).toList())
        + ")";
  }

  /**
   * Whether this blob can fill one of that shape, as Caffe decides: legacy numbers are aligned to
   * the shape's last four axes, the missing ones counting 1 (a bias [4096] is (1, 1, 1, 4096)).
   */
  boolean fits(List<Integer> wanted) {
    if (!legacy) {
      return shape.equals(wanted);
    }
    if (wanted.size() > 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      int axis = wanted.size() - 4 + i;
      int size = axis < 0 ? 1 : wanted.get(axis);
      if (shape.get(i) != size) {
        return false;
      }
    }
    return true;
  }
}
