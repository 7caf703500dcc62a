package dev.convscope.inference.upload;

import dev.convscope.models.ChannelOrder;
import dev.convscope.models.caffe.CaffeMean;
import dev.convscope.models.caffe.graph.CaffeGraph;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A named way of preparing images, picked at upload, each the arithmetic of the tool it is named
 * after. It fills what the upload's preprocessing leaves unset. A gray input takes a preset's
 * resizing and value range but none of its colour means or divisors, which are for three channels.
 */
public enum PreprocessingPreset {

  /**
   * The Caffe lab's: resize straight to the input size, BGR values from 0 to 255 (its raw_scale of
   * 255 comes before the mean), minus the mean file's channel averages or ImageNet's mean pixel.
   */
  CAFFE("caffe"),

  /**
   * DIGITS': resize to the data set's size (its mean image's, 256×256 without one), crop the
   * centre, BGR values from 0 to 255, minus the mean image cropped with the picture, or ImageNet's
   * mean pixel.
   */
  DIGITS("digits"),

  /**
   * torchvision's: resize straight to the input size, RGB values from 0 to 1, minus 0.485, 0.456,
   * 0.406 and divided by 0.229, 0.224, 0.225; on the contract's 0..255 scale that is minus each
   * mean × 255 and divided by each std × 255, with no scaling after.
   */
  TORCHVISION("torchvision");

  /**
   * ImageNet's channel means and deviations as torchvision's models were trained with, times 255:
   * 0.485, 0.456, 0.406 and 0.229, 0.224, 0.225 on the contract's 0..255 scale.
   */
  private static final float[] TORCHVISION_MEAN = {123.675f, 116.28f, 103.53f};

  private static final float[] TORCHVISION_STD = {58.395f, 57.12f, 57.375f};

  /** DIGITS' default image size for a data set, which its mean image then has. */
  private static final int DIGITS_SIZE = 256;

  private static final float[] NONE = new float[0];

  private final String key;

  PreprocessingPreset(String key) {
    this.key = key;
  }

  /** The stable lowercase name a user gives: "caffe", "digits", "torchvision". */
  public String key() {
    return key;
  }

  /** The preset of that name; {@link IllegalArgumentException} naming the known ones. */
  public static PreprocessingPreset ofKey(String key) {
    return Arrays.stream(values())
        .filter(preset -> preset.key.equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "there is no preset '" + key + "'; the presets are " + known()));
  }

  /** "caffe, digits, torchvision". */
  public static String known() {
    return Arrays.stream(values()).map(PreprocessingPreset::key).collect(Collectors.joining(", "));
  }

  /**
   * What this preset fills in for a model taking {@code input}.
   *
   * @param meanFile the mean image that came with the model, in the model's channel order
   */
  PreprocessingDefaults defaults(ImageInput input, Optional<CaffeMean> meanFile) {
    boolean colour = input.channels() == 3;
    float[] imageNetMean = colour ? CaffeGraph.IMAGENET_MEAN_BGR.clone() : NONE;
    return switch (this) {
      case CAFFE ->
          new PreprocessingDefaults(
              "squash",
              ChannelOrder.BGR,
              meanFile.map(CaffeMean::channelMeans).orElse(imageNetMean),
              NONE,
              1f);
      case DIGITS ->
          meanFile
              .map(
                  mean ->
                      new PreprocessingDefaults(
                          "resize-" + mean.height() + "x" + mean.width() + "-crop",
                          ChannelOrder.BGR,
                          mean.values().clone(),
                          NONE,
                          1f))
              .orElse(
                  new PreprocessingDefaults(
                      "resize-" + DIGITS_SIZE + "-crop", ChannelOrder.BGR, imageNetMean, NONE, 1f));
      case TORCHVISION ->
          colour
              ? new PreprocessingDefaults(
                  "squash", ChannelOrder.RGB, TORCHVISION_MEAN.clone(), TORCHVISION_STD.clone(), 1f)
              : new PreprocessingDefaults("squash", ChannelOrder.RGB, NONE, NONE, 1f / 255);
    };
  }
}
