package dev.convscope.models.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.convscope.datasets.idx.IdxImages;
import dev.convscope.datasets.idx.IdxLabels;
import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.Preprocessing;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageBatchesTest {

  /** Two 2×3 images; 200 and 255 check that bytes are read unsigned. */
  static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 200, 7, 8, 9, 10, (byte) 255};

  static final LabelledImages TWO =
      new LabelledImages(
          new IdxImages("images", 2, 2, 3, PIXELS), new IdxLabels("labels", new byte[] {4, 9}));

  @Test
  void scalesPixelsInTheGivenOrder() {
    Preprocessing preprocessing =
        Preprocessing.squash(2, 3, 1, ChannelOrder.RGB, new float[0], 1f / 255, "test");

    INDArray batch = ImageBatches.features(TWO, new int[] {1, 0}, 0, 2, preprocessing);

    assertThat(batch.shape()).containsExactly(2, 1, 2, 3);
    assertThat(batch.getFloat(0, 0, 0, 0)).isCloseTo(200f / 255, offset(1e-6f));
    assertThat(batch.getFloat(0, 0, 1, 2)).isCloseTo(1f, offset(1e-6f));
    assertThat(batch.getFloat(1, 0, 0, 1)).isCloseTo(1f / 255, offset(1e-6f));
  }

  @Test
  void subtractsTheMeanBeforeScaling() {
    Preprocessing preprocessing =
        Preprocessing.squash(2, 3, 1, ChannelOrder.RGB, new float[] {100}, 0.5f, "test");

    INDArray batch = ImageBatches.features(TWO, ImageBatches.inOrder(2), 1, 2, preprocessing);

    assertThat(batch.shape()).containsExactly(1, 1, 2, 3);
    assertThat(batch.getFloat(0, 0, 0, 0)).isCloseTo(50f, offset(1e-6f));
  }

  @Test
  void dividesByTheStdBetweenTheMeanAndTheScale() {
    Preprocessing preprocessing =
        new Preprocessing(
            2, 3, 1, ChannelOrder.RGB, 2, 3, new float[] {100}, new float[] {4}, 0.5f, "test");

    INDArray batch = ImageBatches.features(TWO, ImageBatches.inOrder(2), 1, 2, preprocessing);

    // The second image's first pixel is 200: (200 - 100) / 4 * 0.5.
    assertThat(batch.getFloat(0, 0, 0, 0)).isCloseTo(12.5f, offset(1e-6f));
  }

  @Test
  void oneHotLabels() {
    INDArray labels = ImageBatches.oneHotLabels(TWO, new int[] {1, 0}, 0, 2, 10);

    assertThat(labels.shape()).containsExactly(2, 10);
    assertThat(labels.getFloat(0, 9)).isEqualTo(1f);
    assertThat(labels.getFloat(1, 4)).isEqualTo(1f);
    assertThat(labels.sumNumber().floatValue()).isEqualTo(2f);
  }

  @Test
  void rejectsImagesOfAnotherSize() {
    Preprocessing model =
        Preprocessing.squash(28, 28, 1, ChannelOrder.RGB, new float[0], 1f / 255, "gray 28x28");

    assertThatThrownBy(() -> ImageBatches.features(TWO, ImageBatches.inOrder(2), 0, 2, model))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("images holds 1x2x3 images; the model takes gray 28x28 [1, 28, 28]");
  }
}
