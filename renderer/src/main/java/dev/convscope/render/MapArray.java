package dev.convscope.render;

/**
 * How DIGITS read an array as a stack of maps (conformance rule 1): a view of a tensor's values as
 * {@code count} maps of {@code height × width}, each either one value per pixel or a colour image
 * of three planes. Nothing is copied; the strides say where each value is.
 *
 * <ul>
 *   <li>1-D (N) and 2-D (A,B): N or A·B maps of 1×1.
 *   <li>3-D (3,H,W): one colour image. Other 3-D (N,H,W): N maps.
 *   <li>4-D (3,B,H,W): B colour images across the second axis; else (O,3,H,W): O colour images;
 *       else (O·I) maps of kh×kw. The first-axis test wins.
 * </ul>
 */
public final class MapArray {

  private final float[] values;
  private final int count;
  private final int height;
  private final int width;
  private final boolean colour;
  private final int mapStride;
  private final int channelStride;
  private final int[] planeOfChannel; // output channel (R, G, B) → plane in the tensor

  private MapArray(
      float[] values,
      int count,
      int height,
      int width,
      boolean colour,
      int mapStride,
      int channelStride,
      ChannelOrder order) {
    this.values = values;
    this.count = count;
    this.height = height;
    this.width = width;
    this.colour = colour;
    this.mapStride = mapStride;
    this.channelStride = channelStride;
    this.planeOfChannel = order == ChannelOrder.BGR ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
  }

  public static MapArray of(Tensor tensor, ChannelOrder order) {
    int[] s = tensor.shape();
    float[] v = tensor.values();
    return switch (s.length) {
      case 1, 2 -> new MapArray(v, v.length, 1, 1, false, 1, 0, order);
      case 3 ->
          s[0] == 3
              ? new MapArray(v, 1, s[1], s[2], true, 0, s[1] * s[2], order)
              : new MapArray(v, s[0], s[1], s[2], false, s[1] * s[2], 0, order);
      case 4 -> {
        int plane = s[2] * s[3];
        if (s[0] == 3) {
          yield new MapArray(v, s[1], s[2], s[3], true, plane, s[1] * plane, order);
        }
        if (s[1] == 3) {
          yield new MapArray(v, s[0], s[2], s[3], true, 3 * plane, plane, order);
        }
        yield new MapArray(v, s[0] * s[1], s[2], s[3], false, plane, 0, order);
      }
      default ->
          throw new IllegalArgumentException("cannot draw a tensor with " + s.length + " axes");
    };
  }

  public int count() {
    return count;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** True when each map is a colour image (three planes) rather than one value per pixel. */
  public boolean colour() {
    return colour;
  }

  /** Values per pixel: 3 for colour images, 1 for maps. */
  public int channels() {
    return colour ? 3 : 1;
  }

  /** The value of one pixel's channel (0 for maps; 0, 1, 2 = red, green, blue for colour). */
  public float value(int map, int y, int x, int channel) {
    int offset = map * mapStride + y * width + x;
    return colour ? values[offset + planeOfChannel[channel] * channelStride] : values[offset];
  }
}
