package dev.convscope.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.InputTensors;
import dev.convscope.models.Preprocessing;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class InputTensorsTest {

  @Test
  void perChannelMeanInTheModelsChannelOrderAfterTheCentreCrop() {
    Preprocessing pre =
        new Preprocessing(
            2,
            2,
            3,
            ChannelOrder.BGR,
            4,
            4,
            new float[] {1, 2, 3},
            new float[0],
            0.5f,
            "BGR, crop 2x2");

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    assertThat(input.shape()).containsExactly(1, 3, 2, 2);
    // Crop starts at (1, 1); plane 0 is blue (200 + 10y + x) minus 1, halved.
    assertThat(input.getFloat(0, 0, 0, 0)).isEqualTo((211 - 1) * 0.5f);
    assertThat(input.getFloat(0, 1, 1, 0)).isEqualTo((121 - 2) * 0.5f);
    assertThat(input.getFloat(0, 2, 1, 1)).isEqualTo((22 - 3) * 0.5f);
  }

  @Test
  void aMeanImageIsCroppedWithTheImage() {
    float[] meanImage = new float[3 * 4 * 4];
    for (int i = 0; i < meanImage.length; i++) {
      meanImage[i] = i; // plane c, row y, column x holds 16c + 4y + x
    }
    Preprocessing pre =
        new Preprocessing(
            2, 2, 3, ChannelOrder.RGB, 4, 4, meanImage, new float[0], 1f, "RGB, mean image");

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    assertThat(pre.meanImage()).isTrue();
    // Red at (1, 1) of the crop is pixel (2, 2): 22, minus the mean image's plane 0 at (2, 2).
    assertThat(input.getFloat(0, 0, 1, 1)).isEqualTo(22 - (0 * 16 + 2 * 4 + 2));
    // Blue at (0, 1) of the crop is pixel (1, 2): 212, minus plane 2 at (1, 2).
    assertThat(input.getFloat(0, 2, 0, 1)).isEqualTo(212 - (2 * 16 + 1 * 4 + 2));
  }

  @Test
  void eachChannelIsDividedByItsStdAfterTheMeanAndBeforeTheScale() {
    Preprocessing pre =
        new Preprocessing(
            4,
            4,
            3,
            ChannelOrder.RGB,
            4,
            4,
            new float[] {1, 2, 3},
            new float[] {2, 4, 8},
            0.5f,
            "RGB, std");

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    // Pixel (2, 3): red 32, green 132, blue 232.
    assertThat(input.getFloat(0, 0, 3, 2)).isEqualTo((32 - 1) / 2f * 0.5f);
    assertThat(input.getFloat(0, 1, 3, 2)).isEqualTo((132 - 2) / 4f * 0.5f);
    assertThat(input.getFloat(0, 2, 3, 2)).isEqualTo((232 - 3) / 8f * 0.5f);
  }

  @Test
  void aStdThatIsNotOnePositiveValuePerChannelIsRefused() {
    assertThatThrownBy(
            () ->
                new Preprocessing(
                    2, 2, 3, ChannelOrder.RGB, 2, 2, new float[0], new float[] {1}, 1f, "bad"))
        .hasMessage("std has 1 values; expected 3 (one per channel) or none");
    assertThatThrownBy(
            () ->
                new Preprocessing(
                    2, 2, 1, ChannelOrder.RGB, 2, 2, new float[0], new float[] {-1}, 1f, "bad"))
        .hasMessage("std[0] is -1.0; each channel's divisor is positive and finite");
  }

  @Test
  void aMeanOfAnyOtherSizeIsRefused() {
    assertThatThrownBy(
            () ->
                new Preprocessing(
                    2, 2, 3, ChannelOrder.RGB, 4, 4, new float[5], new float[0], 1f, "bad"))
        .hasMessage("mean has 5 values; expected 3 (one per channel) or 48 (a 3x4x4 mean image)");
  }
}
