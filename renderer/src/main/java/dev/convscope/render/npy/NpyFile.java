package dev.convscope.render.npy;

import dev.convscope.render.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format. Reads an array saved by {@code np.save}: float32 or float64, either
 * byte order, C order, 1 to 4 axes. Anything else is rejected with the reason. Float64 values are
 * narrowed to float32, the precision the renderer draws in. Writes a tensor as {@code np.save}
 * would save a float32 array: format 1.0, little-endian, C order.
 */
public final class NpyFile {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyFile() {}

  /** The file {@code np.save} writes for this tensor as a float32 array. */
  public static byte[] bytesOf(Tensor tensor) {
    String shape =
        tensor.shape().length == 1
            ? "(" + tensor.shape()[0] + ",)"
            : java.util.Arrays.stream(tensor.shape())
                .mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    StringBuilder header =
        new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
    // Magic, version and a 2-byte length come first; the data starts at a multiple of 64.
    int preamble = MAGIC.length + 2 + 2;
    while ((preamble + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteBuffer out =
        ByteBuffer.allocate(preamble + header.length() + tensor.values().length * 4)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.asFloatBuffer().put(tensor.values());
    return out.array();
  }

  public static Tensor read(Path path) throws IOException {
    return parse(Files.readAllBytes(path), path.getFileName().toString());
  }

  public static Tensor parse(byte[] bytes, String name) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (byte b : MAGIC) {
      if (in.remaining() == 0 || in.get() != b) {
        throw new IllegalArgumentException(name + " is not a .npy file (no \\x93NUMPY magic)");
      }
    }
    if (in.remaining() < 2) {
      throw new IllegalArgumentException(name + ": .npy header is truncated");
    }
    int major = in.get();
    in.get(); // minor version
    if (major < 1 || major > 3) {
      throw new IllegalArgumentException(
          name + ": .npy format version " + major + " is not supported");
    }
    // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4.
    if (in.remaining() < (major == 1 ? 2 : 4)) {
      throw new IllegalArgumentException(name + ": .npy header is truncated");
    }
    long headerLength =
        major == 1 ? Short.toUnsignedInt(in.getShort()) : Integer.toUnsignedLong(in.getInt());
    if (headerLength > in.remaining()) {
      throw new IllegalArgumentException(name + ": .npy header is truncated");
    }
    byte[] headerBytes = new byte[(int) headerLength];
    in.get(headerBytes);
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

    String descr = find(DESCR, header, "descr", name);
    if (find(FORTRAN, header, "fortran_order", name).equals("True")) {
      throw new IllegalArgumentException(
          name + " is in Fortran order; save it with np.save(path, np.ascontiguousarray(a))");
    }
    int[] shape = parseShape(find(SHAPE, header, "shape", name), name);

    ByteOrder order =
        switch (descr.charAt(0)) {
          case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
          case '>' -> ByteOrder.BIG_ENDIAN;
          default -> throw unsupported(name, descr);
        };
    int size =
        switch (descr.substring(1)) {
          case "f4" -> 4;
          case "f8" -> 8;
          default -> throw unsupported(name, descr);
        };
    long count = Tensor.elementCount(shape);
    if ((long) in.remaining() != count * size) {
      throw new IllegalArgumentException(
          name
              + " holds "
              + in.remaining()
              + " data bytes; shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + descr
              + " needs "
              + count * size);
    }
    float[] values = new float[(int) count];
    in.order(order);
    if (size == 4) {
      in.asFloatBuffer().get(values);
    } else {
      var doubles = in.asDoubleBuffer();
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) doubles.get(i);
      }
    }
    return new Tensor(shape, values);
  }

  private static int[] parseShape(String text, String name) {
    String[] parts = text.split(",");
    int axes = 0;
    int[] shape = new int[parts.length];
    for (String part : parts) {
      if (!part.isBlank()) {
        try {
          shape[axes++] = Integer.parseInt(part.strip().replace("L", ""));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + ": cannot read the shape (" + text + ")");
        }
      }
    }
    if (axes == 0) {
      throw new IllegalArgumentException(name + " holds a scalar (shape ()); expected 1 to 4 axes");
    }
    int[] trimmed = java.util.Arrays.copyOf(shape, axes);
    Tensor.checkShape(trimmed);
    return trimmed;
  }

  private static String find(Pattern pattern, String header, String key, String name) {
    Matcher matcher = pattern.matcher(header);
    if (!matcher.find()) {
      throw new IllegalArgumentException(name + ": the .npy header has no readable '" + key + "'");
    }
    return matcher.group(1);
  }

  private static IllegalArgumentException unsupported(String name, String descr) {
    return new IllegalArgumentException(
        name
            + " holds dtype '"
            + descr
            + "'; expected float32 or float64 (np.float32, np.float64)");
  }
}
