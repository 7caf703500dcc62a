package dev.convscope.datasets.idx;

/**
 * Class labels read from an IDX file, one unsigned byte each.
 *
 * @param source the file they were read from, for messages
 */
public record IdxLabels(String source, byte[] labels) {

  public int count() {
    return labels.length;
  }

  public int label(int index) {
    return Byte.toUnsignedInt(labels[index]);
  }
}
