package dev.convscope.models;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a decoded image into a network's input (1, C, H, W) as its {@link Preprocessing} says:
 * resize (bilinear), centre crop, gray or colour planes in the model's order, minus the mean,
 * divided by the std, times the scale.
 */
public final class InputTensors {

  private InputTensors() {}

  /**
   * The image as the network sees it, before any arithmetic: resized and cropped to the input's
   * height and width, in colour (attribution overlays are drawn on it).
   */
  public static BufferedImage asSeen(BufferedImage image, Preprocessing pre) {
    BufferedImage resized = resize(image, pre.resizeWidth(), pre.resizeHeight());
    int top = (pre.resizeHeight() - pre.height()) / 2;
    int left = (pre.resizeWidth() - pre.width()) / 2;
    return resized.getSubimage(left, top, pre.width(), pre.height());
  }

  public static INDArray of(BufferedImage image, Preprocessing pre) {
    BufferedImage resized = resize(image, pre.resizeWidth(), pre.resizeHeight());
    int top = (pre.resizeHeight() - pre.height()) / 2;
    int left = (pre.resizeWidth() - pre.width()) / 2;
    int plane = pre.height() * pre.width();
    float[] values = new float[pre.channels() * plane];
    int[] rgb = resized.getRGB(left, top, pre.width(), pre.height(), null, 0, pre.width());
    for (int i = 0; i < plane; i++) {
      int r = rgb[i] >> 16 & 0xFF;
      int g = rgb[i] >> 8 & 0xFF;
      int b = rgb[i] & 0xFF;
      if (pre.channels() == 1) {
        // ITU-R BT.601 luma, as PIL's convert("L") computes it.
        values[i] = (r * 299 + g * 587 + b * 114) / 1000f;
      } else if (pre.order() == ChannelOrder.BGR) {
        values[i] = b;
        values[plane + i] = g;
        values[2 * plane + i] = r;
      } else {
        values[i] = r;
        values[plane + i] = g;
        values[2 * plane + i] = b;
      }
    }
    float[] mean = pre.mean();
    for (int c = 0; c < pre.channels(); c++) {
      float divisor = pre.divisor(c);
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        float subtract;
        if (pre.meanImage()) {
          // The mean image has the resized size: crop it as the image was cropped.
          int y = (i - c * plane) / pre.width();
          int x = (i - c * plane) % pre.width();
          subtract = mean[(c * pre.resizeHeight() + top + y) * pre.resizeWidth() + left + x];
        } else {
          subtract = mean.length == 0 ? 0f : mean[c];
        }
        values[i] = (values[i] - subtract) / divisor * pre.scale();
      }
    }
    return Nd4j.create(
        values, new long[] {1, pre.channels(), pre.height(), pre.width()}, DataType.FLOAT);
  }

  private static BufferedImage resize(BufferedImage image, int width, int height) {
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }
}
