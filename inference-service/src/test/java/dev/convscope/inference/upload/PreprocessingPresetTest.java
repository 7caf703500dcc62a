package dev.convscope.inference.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.ImageLayout;
import dev.convscope.models.InputTensors;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.caffe.CaffeMean;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each preset as the input tensor it makes of a small image, against the arithmetic its tool is
 * known by, worked out here by hand: Caffe's and DIGITS' 0..255 values minus the mean,
 * torchvision's 0..1 values minus its mean and divided by its std.
 */
class PreprocessingPresetTest {

  /** ImageNet's mean pixel as Caffe's ilsvrc_2012_mean.binaryproto averages it, B, G, R. */
  private static final float[] IMAGENET_BGR = {104.00699f, 116.66877f, 122.67892f};

  private static ImageInput colour(int height, int width) {
    return new ImageInput(3, height, width, ImageLayout.NCHW, true);
  }

  private static Preprocessing resolve(
      PreprocessingPreset preset, ImageInput input, Optional<CaffeMean> meanFile) {
    return RequestedPreprocessing.DEFAULT.resolve(input, preset.defaults(input, meanFile));
  }

  @Test
  void caffeResizesStraightToTheInputAndSubtractsImageNetsMeanPixelFromBgrValues() {
    Preprocessing pre = resolve(PreprocessingPreset.CAFFE, colour(4, 4), Optional.empty());

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    assertThat(input.shape()).containsExactly(1, 3, 4, 4);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(input.getFloat(0, 0, y, x))
            .isCloseTo(200 + 10 * y + x - IMAGENET_BGR[0], within(1e-4f));
        assertThat(input.getFloat(0, 1, y, x))
            .isCloseTo(100 + 10 * y + x - IMAGENET_BGR[1], within(1e-4f));
        assertThat(input.getFloat(0, 2, y, x))
            .isCloseTo(10 * y + x - IMAGENET_BGR[2], within(1e-4f));
      }
    }
    assertThat(pre.description())
        .isEqualTo("BGR, resize to 4x4, minus mean [104.00699, 116.66877, 122.67892], scale 1.0");
  }

  @Test
  void caffeSubtractsTheMeanFilesChannelAverages() {
    // B averages 2.5, G 25, R 25.
    CaffeMean mean = new CaffeMean(3, 2, 2, new float[] {1, 2, 3, 4, 10, 20, 30, 40, 0, 0, 0, 100});
    Preprocessing pre = resolve(PreprocessingPreset.CAFFE, colour(4, 4), Optional.of(mean));

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    assertThat(input.getFloat(0, 0, 3, 1)).isCloseTo(231 - 2.5f, within(1e-4f));
    assertThat(input.getFloat(0, 1, 0, 2)).isCloseTo(102 - 25f, within(1e-4f));
    assertThat(input.getFloat(0, 2, 2, 3)).isCloseTo(23 - 25f, within(1e-4f));
  }

  @Test
  void digitsResizesToTheMeanImagesSizeAndCropsTheMeanWithThePicture() {
    float[] values = new float[3 * 4 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = i; // plane c, row y, column x holds 16c + 4y + x
    }
    CaffeMean mean = new CaffeMean(3, 4, 4, values);
    Preprocessing pre = resolve(PreprocessingPreset.DIGITS, colour(2, 2), Optional.of(mean));

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    // 4×4 is already the mean's size; the 2×2 centre starts at row 1, column 1.
    assertThat(input.shape()).containsExactly(1, 3, 2, 2);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        int row = y + 1;
        int column = x + 1;
        assertThat(input.getFloat(0, 0, y, x))
            .isEqualTo((200 + 10 * row + column) - (4 * row + column));
        assertThat(input.getFloat(0, 1, y, x))
            .isEqualTo((100 + 10 * row + column) - (16 + 4 * row + column));
        assertThat(input.getFloat(0, 2, y, x))
            .isEqualTo((10 * row + column) - (32 + 4 * row + column));
      }
    }
  }

  @Test
  void digitsWithoutAMeanFileResizesTo256CropsAndSubtractsImageNetsMeanPixel() {
    Preprocessing pre = resolve(PreprocessingPreset.DIGITS, colour(2, 2), Optional.empty());

    INDArray input = InputTensors.of(TestImages.solid(5, 3, 30, 130, 230), pre);

    assertThat(new int[] {pre.resizeHeight(), pre.resizeWidth()}).containsExactly(256, 256);
    assertThat(input.getFloat(0, 0, 1, 0)).isCloseTo(230 - IMAGENET_BGR[0], within(1e-4f));
    assertThat(input.getFloat(0, 1, 0, 1)).isCloseTo(130 - IMAGENET_BGR[1], within(1e-4f));
    assertThat(input.getFloat(0, 2, 1, 1)).isCloseTo(30 - IMAGENET_BGR[2], within(1e-4f));
  }

  @Test
  void torchvisionTakesRgbFromZeroToOneMinusItsMeanDividedByItsStd() {
    Preprocessing pre = resolve(PreprocessingPreset.TORCHVISION, colour(4, 4), Optional.empty());

    INDArray input = InputTensors.of(TestImages.positions(), pre);

    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        float red = (10 * y + x) / 255f;
        float green = (100 + 10 * y + x) / 255f;
        float blue = (200 + 10 * y + x) / 255f;
        assertThat(input.getFloat(0, 0, y, x)).isCloseTo((red - 0.485f) / 0.229f, within(1e-5f));
        assertThat(input.getFloat(0, 1, y, x)).isCloseTo((green - 0.456f) / 0.224f, within(1e-5f));
        assertThat(input.getFloat(0, 2, y, x)).isCloseTo((blue - 0.406f) / 0.225f, within(1e-5f));
      }
    }
    assertThat(pre.description()).contains("RGB", "divided by std [58.395");
  }

  @Test
  void aGrayInputTakesThePresetsRangeWithoutItsColourMeans() {
    ImageInput gray = new ImageInput(1, 4, 4, ImageLayout.NCHW, true);
    // Pixel (1, 2): luma (21 * 299 + 121 * 587 + 221 * 114) / 1000 = 102.5.
    float luma = 102.5f;

    INDArray torchvision =
        InputTensors.of(
            TestImages.positions(),
            resolve(PreprocessingPreset.TORCHVISION, gray, Optional.empty()));
    INDArray caffe =
        InputTensors.of(
            TestImages.positions(), resolve(PreprocessingPreset.CAFFE, gray, Optional.empty()));

    assertThat(torchvision.getFloat(0, 0, 2, 1)).isCloseTo(luma / 255, within(1e-5f));
    assertThat(caffe.getFloat(0, 0, 2, 1)).isCloseTo(luma, within(1e-3f));
  }

  @Test
  void fieldsTheUploadGivesOverrideThePresetsAndTheRestStayThePresets() {
    var requested =
        new RequestedPreprocessing(
            0,
            0,
            0,
            null,
            "",
            new float[0],
            new float[] {255, 255, 255},
            0f,
            "",
            Optional.of(PreprocessingPreset.TORCHVISION));
    ImageInput input = colour(4, 4);

    Preprocessing pre =
        requested.resolve(input, PreprocessingPreset.TORCHVISION.defaults(input, Optional.empty()));
    INDArray tensor = InputTensors.of(TestImages.positions(), pre);

    assertThat(pre.order()).isEqualTo(ChannelOrder.RGB);
    // Red of pixel (3, 2) is 23: torchvision's mean, 0.485 on the 0..1 scale, then the given std.
    assertThat(tensor.getFloat(0, 0, 2, 3)).isCloseTo((23 - 0.485f * 255) / 255, within(1e-5f));
  }

  @Test
  void aPresetNameIsOneOfThreeAndAnyOtherIsRefusedNamingThem() {
    assertThat(PreprocessingPreset.ofKey("digits")).isEqualTo(PreprocessingPreset.DIGITS);
    assertThatThrownBy(() -> PreprocessingPreset.ofKey("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("there is no preset 'imagenet'; the presets are caffe, digits, torchvision");
  }

  @Test
  void aStdOfTheWrongLengthOrNotPositiveIsRefused() {
    ImageInput input = colour(4, 4);
    var defaults = PreprocessingPreset.CAFFE.defaults(input, Optional.empty());

    assertRefused(withStd(new float[] {2, 2}), input, defaults, "std has 2 values; expected 3");
    assertRefused(
        withStd(new float[] {2, 0, 2}),
        input,
        defaults,
        "std[1] is 0.0; each channel's divisor is positive and finite");
    assertRefused(withStd(new float[] {2, 2, Float.NaN}), input, defaults, "std[2] is NaN");
  }

  @Test
  void digitsCannotCropAnInputLargerThanItsSize() {
    ImageInput large = colour(299, 299);
    var defaults = PreprocessingPreset.DIGITS.defaults(large, Optional.empty());

    assertRefused(
        RequestedPreprocessing.DEFAULT, large, defaults, "cannot crop 299x299 out of 256x256");
  }

  private static void assertRefused(
      RequestedPreprocessing requested,
      ImageInput input,
      PreprocessingDefaults defaults,
      String message) {
    assertThatThrownBy(() -> requested.resolve(input, defaults))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining(message);
  }

  private static RequestedPreprocessing withStd(float[] std) {
    return new RequestedPreprocessing(
        0, 0, 0, null, "", new float[0], std, 0f, "", Optional.empty());
  }
}
