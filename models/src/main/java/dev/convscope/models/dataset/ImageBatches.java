package dev.convscope.models.dataset;

import dev.convscope.datasets.idx.IdxImages;
import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.Preprocessing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns stored grey images into network input, the same way an uploaded image is prepared: minus
 * the mean (0..255 scale), divided by the std, times the scale. Data set images are already the
 * input size, so they are never resized; a size mismatch is an error.
 */
public final class ImageBatches {

  private ImageBatches() {}

  /**
   * The images {@code order[from..to)} as a batch shaped (n, 1, H, W).
   *
   * @param order indices into {@code data}, e.g. a shuffled permutation
   */
  public static INDArray features(
      LabelledImages data, int[] order, int from, int to, Preprocessing preprocessing) {
    IdxImages images = data.images();
    if (preprocessing.channels() != 1
        || images.rows() != preprocessing.height()
        || images.cols() != preprocessing.width()) {
      throw new IllegalArgumentException(
          images.source()
              + " holds 1x"
              + images.rows()
              + "x"
              + images.cols()
              + " images; the model takes "
              + preprocessing);
    }
    float mean = preprocessing.mean().length == 0 ? 0f : preprocessing.mean()[0];
    float divisor = preprocessing.divisor(0);
    float scale = preprocessing.scale();
    int size = images.pixelsPerImage();
    float[] values = new float[(to - from) * size];
    for (int i = from; i < to; i++) {
      int image = order[i];
      int base = (i - from) * size;
      for (int p = 0; p < size; p++) {
        values[base + p] = (images.pixel(image, p) - mean) / divisor * scale;
      }
    }
    return Nd4j.create(
        values, new long[] {to - from, 1, images.rows(), images.cols()}, DataType.FLOAT);
  }

  /** The labels of {@code order[from..to)}, one-hot, shaped (n, classes). */
  public static INDArray oneHotLabels(
      LabelledImages data, int[] order, int from, int to, int classes) {
    float[] values = new float[(to - from) * classes];
    for (int i = from; i < to; i++) {
      values[(i - from) * classes + data.label(order[i])] = 1f;
    }
    return Nd4j.create(values, new long[] {to - from, classes}, DataType.FLOAT);
  }

  /** 0, 1, 2, ... n-1: the data set in stored order. */
  public static int[] inOrder(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
