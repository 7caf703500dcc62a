package dev.convscope.render.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.render.Tensor;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * .npy files written byte by byte in the test, read back; everything else rejected with its reason.
 */
class NpyFileTest {

  static List<Arguments> dtypesAndShapes() {
    List<Arguments> all = new ArrayList<>();
    for (String descr : new String[] {"<f4", "<f8", ">f4", ">f8"}) {
      for (int[] shape : new int[][] {{5}, {2, 3, 4}, {1, 2, 3, 4}}) {
        all.add(Arguments.of(descr, shape));
      }
    }
    return all;
  }

  private static int count(int[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  private static Tensor parse(byte[] bytes) {
    return NpyFile.parse(bytes, "test.npy");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void writesWhatNpSaveWritesForFloat32AndReadsItBackBitForBit(int[] shape) {
    Random random = new Random(shape.length);
    float[] values = new float[count(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    values[0] = Float.NaN;
    values[values.length - 1] = -0.0f;

    byte[] written = NpyFile.bytesOf(new Tensor(shape, values));

    assertThat(written)
        .isEqualTo(
            NpyBytes.file(
                NpyBytes.dict("<f4", false, shape),
                NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, values)));
    Tensor read = parse(written);
    assertThat(read.shape()).isEqualTo(shape);
    for (int i = 0; i < values.length; i++) {
      assertThat(Float.floatToRawIntBits(read.values()[i]))
          .isEqualTo(Float.floatToRawIntBits(values[i]));
    }
  }

  static List<int[]> shapes() {
    return List.of(new int[] {5}, new int[] {3, 2}, new int[] {4, 6, 6}, new int[] {2, 3, 5, 5});
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("dtypesAndShapes")
  void readsTheValuesBack(String descr, int[] shape) {
    Random random = new Random(Arrays.hashCode(shape) * 31L + descr.hashCode());
    double[] doubles = new double[count(shape)];
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] = random.nextGaussian() * 1000;
    }
    doubles[0] = Double.POSITIVE_INFINITY;
    doubles[doubles.length - 1] = -0.0;
    float[] expected = new float[doubles.length];
    for (int i = 0; i < doubles.length; i++) {
      expected[i] = (float) doubles[i]; // float64 is narrowed to the renderer's float32
    }
    ByteOrder order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    byte[] data =
        descr.endsWith("f4") ? NpyBytes.float32(order, expected) : NpyBytes.float64(order, doubles);

    Tensor tensor = parse(NpyBytes.file(NpyBytes.dict(descr, false, shape), data));

    assertThat(tensor.shape()).containsExactly(shape);
    assertThat(tensor.values()).containsExactly(expected);
  }

  @Test
  void float64KeepsMoreThanFloat32CanHoldOnlyAsFarAsFloat32Goes() {
    double precise = 0.1; // not a float32
    Tensor tensor =
        parse(
            NpyBytes.file(
                NpyBytes.dict("<f8", false, 1),
                NpyBytes.float64(ByteOrder.LITTLE_ENDIAN, precise)));

    assertThat(tensor.values()[0]).isEqualTo(0.1f);
  }

  @Test
  void readsAFileFromDisk(@TempDir Path dir) throws Exception {
    Path file = NpyBytes.write(dir.resolve("fc6.npy"), new int[] {3, 2}, 1, 2, 3, 4, 5, 6);

    Tensor tensor = NpyFile.read(file);

    assertThat(tensor.shape()).containsExactly(3, 2);
    assertThat(tensor.values()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void keysInAnyOrderAndVersionTwoAreRead() {
    String dict = "{'shape': (2, 2), 'fortran_order': False, 'descr': '<f4'}";
    byte[] data = NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4);

    assertThat(parse(NpyBytes.file(1, dict, data)).values()).containsExactly(1, 2, 3, 4);
    assertThat(parse(NpyBytes.file(2, dict, data)).values()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void wrongMagicIsRejected() {
    byte[] bytes =
        NpyBytes.file(
            NpyBytes.dict("<f4", false, 2), NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, 1, 2));
    bytes[1] = 'n';

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a .npy file");
    assertThatThrownBy(() -> parse("hello".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a .npy file");
    assertThatThrownBy(() -> parse(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a .npy file");
  }

  @Test
  void integersAreRejectedAskingForFloats() {
    byte[] bytes = NpyBytes.file(NpyBytes.dict("<i4", false, 3), new byte[12]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<i4")
        .hasMessageContaining("float32");
  }

  @Test
  void halfPrecisionIsRejected() {
    byte[] bytes = NpyBytes.file(NpyBytes.dict("<f2", false, 3), new byte[6]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<f2");
  }

  @Test
  void fortranOrderIsRejected() {
    byte[] bytes = NpyBytes.file(NpyBytes.dict("<f4", true, 2, 3), new byte[24]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Fortran order");
  }

  @Test
  void dataShorterThanTheShapeIsRejected() {
    // (2, 3, 4) needs 24 float32 = 96 bytes; 23 values are there.
    byte[] bytes = NpyBytes.file(NpyBytes.dict("<f4", false, 2, 3, 4), new byte[92]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("92")
        .hasMessageContaining("96");
  }

  @Test
  void aScalarIsRejected() {
    byte[] bytes =
        NpyBytes.file(NpyBytes.dict("<f4", false), NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, 7));

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scalar");
  }

  @Test
  void fiveAxesAreRejected() {
    byte[] bytes = NpyBytes.file(NpyBytes.dict("<f4", false, 1, 2, 1, 2, 2), new byte[8 * 4]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 axes");
  }

  @Test
  void aZeroDimensionIsRejected() {
    byte[] bytes = NpyBytes.file(NpyBytes.dict("<f4", false, 3, 0), new byte[0]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis of 0");
  }

  @Test
  void aHeaderWithoutShapeIsRejected() {
    byte[] bytes = NpyBytes.file("{'descr': '<f4', 'fortran_order': False, }", new byte[4]);

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shape");
  }

  @Test
  void anUnknownFormatVersionIsRejected() {
    byte[] bytes =
        NpyBytes.file(
            NpyBytes.dict("<f4", false, 2), NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, 1, 2));
    bytes[6] = 4;

    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 4");
  }

  @Test
  void aTruncatedHeaderIsRejected() {
    byte[] full =
        NpyBytes.file(
            NpyBytes.dict("<f4", false, 2), NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, 1, 2));
    byte[] fullVersion2 =
        NpyBytes.file(
            2, NpyBytes.dict("<f4", false, 2), NpyBytes.float32(ByteOrder.LITTLE_ENDIAN, 1, 2));

    // Cut inside the version and length fields, and inside the header dict, for both versions.
    for (byte[] file : new byte[][] {full, fullVersion2}) {
      for (int length : new int[] {7, 8, 9, 10, 11, 30}) {
        byte[] cut = Arrays.copyOf(file, length);
        assertThatThrownBy(() -> parse(cut))
            .as("version %d cut to %d bytes", file[6], length)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("truncated");
      }
    }
  }
}
