package dev.convscope.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorsTest {

  static TensorProto.Builder tensor(TensorProto.DataType type, long... dims) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder().setName("t").setDataType(type.getNumber());
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor;
  }

  @Test
  void floatsReadTheSameFromRawBytesAndFromTheTypedField() {
    ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = {1.5f, -2f, 0.25f, 3e-8f, -0f, 1e30f};
    for (float value : values) {
      raw.putFloat(value);
    }
    TensorProto.Builder typed = tensor(TensorProto.DataType.FLOAT, 2, 3);
    for (float value : values) {
      typed.addFloatData(value);
    }

    Constant fromRaw =
        Tensors.read(
            tensor(TensorProto.DataType.FLOAT, 2, 3)
                .setRawData(ByteString.copyFrom(raw.array()))
                .build(),
            "raw");
    Constant fromTyped = Tensors.read(typed.build(), "typed");

    assertThat(fromRaw.shape()).containsExactly(2, 3);
    assertThat(fromRaw.floats()).containsExactly(values);
    assertThat(fromTyped.floats()).containsExactly(values);
    assertThat(fromRaw.whole()).isFalse();
  }

  @Test
  void wholeNumbersComeFromInt64AndInt32FieldsAndFromRawBytes() {
    Constant int64 =
        Tensors.read(
            tensor(TensorProto.DataType.INT64, 3)
                .addInt64Data(-1)
                .addInt64Data(0)
                .addInt64Data(Long.MAX_VALUE)
                .build(),
            "int64");
    Constant int32 =
        Tensors.read(
            tensor(TensorProto.DataType.INT32, 2).addInt32Data(-7).addInt32Data(9).build(),
            "int32");
    ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(-6);
    Constant rawInt32 =
        Tensors.read(
            tensor(TensorProto.DataType.INT32, 2)
                .setRawData(ByteString.copyFrom(raw.array()))
                .build(),
            "raw int32");
    Constant scalar =
        Tensors.read(tensor(TensorProto.DataType.INT64).addInt64Data(4).build(), "scalar");

    assertThat(int64.longs()).containsExactly(-1, 0, Long.MAX_VALUE);
    assertThat(int64.whole()).isTrue();
    assertThat(int32.longs()).containsExactly(-7, 9);
    assertThat(rawInt32.longs()).containsExactly(5, -6);
    assertThat(scalar.rank()).isZero();
    assertThat(scalar.single("scalar")).isEqualTo(4);
  }

  @Test
  void valuesThatDoNotFillTheShapeAreRefusedNamingTheTensor() {
    TensorProto short1 = tensor(TensorProto.DataType.FLOAT, 2, 2).addFloatData(1).build();
    TensorProto shortRaw =
        tensor(TensorProto.DataType.INT64, 2).setRawData(ByteString.copyFrom(new byte[12])).build();
    TensorProto strings = tensor(TensorProto.DataType.STRING, 1).build();

    assertThatThrownBy(() -> Tensors.read(short1, "initializer 'w'"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessage("initializer 'w' holds 1 values (or bytes) where its shape needs 4");
    assertThatThrownBy(() -> Tensors.read(shortRaw, "initializer 'shape'"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining(
            "initializer 'shape' holds 12 values (or bytes) where its shape needs 16");
    assertThatThrownBy(() -> Tensors.read(strings, "initializer 'names'"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("initializer 'names' holds STRING values; supported: FLOAT");
  }
}
