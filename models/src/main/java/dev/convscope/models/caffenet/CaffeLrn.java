package dev.convscope.models.caffenet;

import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;

/**
 * Caffe's LRN across channels as a DL4J layer that computes the same values.
 *
 * <p>Caffe: {@code x / (k + alpha/n · Σ x²)^beta}, the sum over the n channels centred on x. DL4J's
 * LocalResponseNormalization sums over the same window but multiplies by its alpha as it is ({@code
 * x / (k + alpha · Σ x²)^beta}), so it is given Caffe's alpha divided by n.
 */
public final class CaffeLrn {

  private CaffeLrn() {}

  /**
   * @param localSize Caffe's local_size: the channels summed over, odd
   * @param alpha Caffe's alpha, before its division by local_size
   */
  public static LocalResponseNormalization acrossChannels(
      int localSize, double alpha, double beta, double k) {
    if (localSize % 2 == 0) {
      throw new IllegalArgumentException("Caffe's local_size is odd, not " + localSize);
    }
    return new LocalResponseNormalization.Builder()
        .n(localSize)
        .alpha(alpha / localSize)
        .beta(beta)
        .k(k)
        .build();
  }
}
