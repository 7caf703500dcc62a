package dev.convscope.models.caffe.graph;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the arrays numpy writes (np.save's .npy, np.savez's .npz): little-endian float32, C order,
 * the only kind the fixture generator writes.
 */
public final class Npy {

  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static INDArray read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.getFileName().toString());
  }

  /** The arrays of an .npz, by name, in the order written. */
  public static Map<String, INDArray> readAll(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readAll(in);
    }
  }

  /** The arrays of an .npz stream, by name, in the order written. */
  public static Map<String, INDArray> readAll(InputStream npz) throws IOException {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(npz)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName().replaceFirst("\\.npy$", "");
        arrays.put(name, parse(zip.readAllBytes(), name));
      }
    }
    return arrays;
  }

  /** The array of an .npy file's bytes; {@code name} is for messages. */
  public static INDArray parse(byte[] bytes, String name) throws IOException {
    InputStream in = new ByteArrayInputStream(bytes);
    byte[] magic = in.readNBytes(6);
    if (magic.length != 6 || (magic[0] & 0xff) != 0x93 || magic[1] != 'N') {
      throw new IOException(name + " is not an .npy array");
    }
    int major = in.read();
    in.read(); // minor version
    ByteBuffer length = ByteBuffer.wrap(in.readNBytes(major == 1 ? 2 : 4));
    length.order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = major == 1 ? Short.toUnsignedInt(length.getShort()) : length.getInt();
    String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
    if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
      throw new IOException(name + ": not a C-order float32 array: " + header);
    }
    Matcher shape = SHAPE.matcher(header);
    if (!shape.find()) {
      throw new IOException(name + ": no shape in " + header);
    }
    long[] dims =
        Arrays.stream(shape.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    ByteBuffer data = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[data.remaining() / 4];
    data.asFloatBuffer().get(values);
    return Nd4j.create(values, dims, 'c');
  }
}
