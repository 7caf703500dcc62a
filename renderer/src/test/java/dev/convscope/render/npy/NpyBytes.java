package dev.convscope.render.npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes .npy files byte by byte as numpy's format 1.0 lays them out, independently of the reader:
 * magic, version, little-endian uint16 header length, a Python dict padded with spaces and a
 * newline so that the data starts at a multiple of 64.
 */
public final class NpyBytes {

  public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private NpyBytes() {}

  /** The dict numpy writes, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }. */
  public static String dict(String descr, boolean fortranOrder, int... shape) {
    return "{'descr': '"
        + descr
        + "', 'fortran_order': "
        + (fortranOrder ? "True" : "False")
        + ", 'shape': "
        + tuple(shape)
        + ", }";
  }

  /** A Python tuple: (), (5,), (2, 3, 4). */
  public static String tuple(int... shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.stream(shape)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** A version 1.0 file with this header dict and data. */
  public static byte[] file(String dict, byte[] data) {
    return file(1, dict, data);
  }

  /** Version 1.0 (uint16 header length) or 2.0 (uint32), padded to a multiple of 64. */
  public static byte[] file(int major, String dict, byte[] data) {
    int lengthBytes = major == 1 ? 2 : 4;
    int preamble = MAGIC.length + 2 + lengthBytes;
    StringBuilder header = new StringBuilder(dict);
    while ((preamble + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.write(major);
    out.write(0);
    int length = header.length();
    out.write(length & 0xFF);
    out.write(length >>> 8 & 0xFF);
    if (major != 1) {
      out.write(length >>> 16 & 0xFF);
      out.write(length >>> 24 & 0xFF);
    }
    out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    if ((preamble + length) % 64 != 0) {
      throw new AssertionError(
          "preamble of " + (preamble + length) + " bytes is not a multiple of 64");
    }
    out.writeBytes(data);
    return out.toByteArray();
  }

  public static byte[] float32(ByteOrder order, float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(order);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  public static byte[] float64(ByteOrder order, double... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(order);
    for (double v : values) {
      buffer.putDouble(v);
    }
    return buffer.array();
  }

  /** A little-endian float32 .npy of this shape and these values, written to {@code path}. */
  public static Path write(Path path, int[] shape, float... values) throws IOException {
    Files.write(path, file(dict("<f4", false, shape), float32(ByteOrder.LITTLE_ENDIAN, values)));
    return path;
  }
}
