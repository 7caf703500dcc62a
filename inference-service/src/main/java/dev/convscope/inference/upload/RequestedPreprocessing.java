package dev.convscope.inference.upload;

import dev.convscope.models.ChannelOrder;
import dev.convscope.models.Preprocessing;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preprocessing an upload asks for, in which a field left at zero or empty takes the preset's
 * value, else the model format's (for DL4J and Keras: squash to the input's height × width, RGB, no
 * mean, scale 1/255), and the description is made from the rest. Given height, width and channels
 * must match an input the model file states.
 *
 * @param order null for the preset's or format's
 * @param resize "" for the preset's or format's; "squash" (resize to height × width),
 *     "resize-N-crop" or "resize-HxW-crop" (resize, then crop the centre)
 * @param std one divisor per channel; empty for the preset's or format's
 * @param preset the preset the upload names; empty for the format's
 */
public record RequestedPreprocessing(
    int height,
    int width,
    int channels,
    ChannelOrder order,
    String resize,
    float[] mean,
    float[] std,
    float scale,
    String description,
    Optional<PreprocessingPreset> preset) {

  /** Everything by default. */
  public static final RequestedPreprocessing DEFAULT =
      new RequestedPreprocessing(
          0, 0, 0, null, "", new float[0], new float[0], 0f, "", Optional.empty());

  private static final Pattern RESIZE = Pattern.compile("resize-(\\d{1,5})(?:x(\\d{1,5}))?-crop");
  private static final float DEFAULT_SCALE = 1f / 255;

  /** Height and width when the upload gives both; a DL4J file may need them. */
  Optional<int[]> size() {
    return height > 0 && width > 0 ? Optional.of(new int[] {height, width}) : Optional.empty();
  }

  /** The preprocessing for a model taking {@code input}, whose format assumes {@code defaults}. */
  Preprocessing resolve(ImageInput input, PreprocessingDefaults defaults) {
    if (height < 0 || width < 0 || channels < 0) {
      throw rejected("height, width and channels cannot be negative");
    }
    if ((height == 0) != (width == 0)) {
      throw rejected("give both height and width, or neither");
    }
    if (input.sizeRecorded()
        && (height != 0 && height != input.height() || width != 0 && width != input.width())) {
      throw rejected(
          "it gives "
              + height
              + "x"
              + width
              + " but the model's input is "
              + input.height()
              + "x"
              + input.width());
    }
    if (channels != 0 && channels != input.channels()) {
      throw rejected(
          "it gives " + channels + " channels but the model's input has " + input.channels());
    }
    int h = input.height();
    int w = input.width();
    int[] resizeTo = resizeTo(resize.isEmpty() ? defaults.resize() : resize, h, w);
    ChannelOrder channelOrder = order == null ? defaults.order() : order;
    if (!Float.isFinite(scale)) {
      throw rejected("scale " + scale + " is not a number");
    }
    float s = scale == 0f ? defaults.scale() : scale;
    float[] subtracted = mean.length == 0 ? defaults.mean() : mean;
    float[] divisors = std.length == 0 ? defaults.std() : std;
    try {
      Preprocessing.checkMean(subtracted.length, input.channels(), resizeTo[0], resizeTo[1]);
      Preprocessing.checkStd(divisors, input.channels());
    } catch (IllegalArgumentException e) {
      throw rejected(e.getMessage());
    }
    String text =
        description.isBlank()
            ? describe(input.channels(), channelOrder, h, w, resizeTo, subtracted, divisors, s)
            : description;
    return new Preprocessing(
        h,
        w,
        input.channels(),
        channelOrder,
        resizeTo[0],
        resizeTo[1],
        subtracted.clone(),
        divisors.clone(),
        s,
        text);
  }

  private static int[] resizeTo(String resize, int h, int w) {
    if (resize.equals("squash")) {
      return new int[] {h, w};
    }
    Matcher matcher = RESIZE.matcher(resize);
    if (!matcher.matches()) {
      throw rejected(
          "resize '"
              + resize
              + "' is not one of squash, resize-<size>-crop, resize-<height>x<width>-crop");
    }
    int resizeHeight = Integer.parseInt(matcher.group(1));
    int resizeWidth = matcher.group(2) == null ? resizeHeight : Integer.parseInt(matcher.group(2));
    if (resizeHeight < h || resizeWidth < w) {
      throw rejected("cannot crop " + h + "x" + w + " out of " + resizeHeight + "x" + resizeWidth);
    }
    return new int[] {resizeHeight, resizeWidth};
  }

  private static String describe(
      int c,
      ChannelOrder channelOrder,
      int h,
      int w,
      int[] resizeTo,
      float[] mean,
      float[] std,
      float s) {
    StringBuilder text = new StringBuilder(c == 1 ? "gray" : channelOrder.name());
    if (resizeTo[0] == h && resizeTo[1] == w) {
      text.append(", resize to ").append(h).append('x').append(w);
    } else {
      text.append(", resize to ")
          .append(resizeTo[0])
          .append('x')
          .append(resizeTo[1])
          .append(", centre crop ")
          .append(h)
          .append('x')
          .append(w);
    }
    if (mean.length > c) {
      text.append(", minus a mean image");
    } else if (mean.length != 0) {
      text.append(", minus mean ").append(Arrays.toString(mean));
    }
    if (std.length != 0) {
      text.append(", divided by std ").append(Arrays.toString(std));
    }
    text.append(", scale ").append(s == DEFAULT_SCALE ? "1/255" : Float.toString(s));
    return text.toString();
  }

  private static ModelRejectedException rejected(String why) {
    return new ModelRejectedException("the upload's preprocessing does not fit the model: " + why);
  }
}
