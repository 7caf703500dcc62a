package dev.convscope.models.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.convscope.models.caffe.format.CaffeMessages.BlobProto;
import dev.convscope.models.caffe.format.CaffeMessages.BlobShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blobs in every encoding a protobuf writer may choose, decoded field by field. */
class BlobDecoderTest {

  private interface Writing {
    void to(CodedOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writing writing) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writing.to(out);
    out.flush();
    return bytes.toByteArray();
  }

  private static StoredBlob decode(byte[] blobFields) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(blobFields);
    in.pushLimit(blobFields.length);
    return BlobDecoder.readFields(in);
  }

  @Test
  void readsPackedValuesAsProtobufWritesThem() throws IOException {
    BlobProto blob =
        BlobProto.newBuilder()
            .setShape(BlobShape.newBuilder().addDim(2).addDim(3))
            .addAllData(List.of(1f, -2f, 3.5f, 0f, 1e-7f, -0f))
            .build();

    StoredBlob decoded = decode(blob.toByteArray());

    assertThat(decoded.shape()).containsExactly(2, 3);
    assertThat(decoded.legacy()).isFalse();
    assertThat(decoded.values()).containsExactly(1f, -2f, 3.5f, 0f, 1e-7f, -0f);
  }

  @Test
  void readsUnpackedAndSplitValuesAsTheSame() throws IOException {
    byte[] fields =
        bytes(
            out -> {
              // Dimensions unpacked, values one by one, then a packed run: all one blob.
              out.writeByteArray(
                  BlobProto.SHAPE_FIELD_NUMBER,
                  bytes(
                      shape -> {
                        shape.writeInt64(BlobShape.DIM_FIELD_NUMBER, 2);
                        shape.writeInt64(BlobShape.DIM_FIELD_NUMBER, 2);
                      }));
              out.writeFloat(BlobProto.DATA_FIELD_NUMBER, 1f);
              out.writeFloat(BlobProto.DATA_FIELD_NUMBER, 2f);
              out.writeByteArray(
                  BlobProto.DATA_FIELD_NUMBER,
                  bytes(
                      packed -> {
                        packed.writeFloatNoTag(3f);
                        packed.writeFloatNoTag(4f);
                      }));
            });

    StoredBlob decoded = decode(fields);

    assertThat(decoded.shape()).containsExactly(2, 2);
    assertThat(decoded.values()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void doubleValuesWinOverFloatOnesAndTheFourNumbersOverTheShape() throws IOException {
    BlobProto blob =
        BlobProto.newBuilder()
            .setShape(BlobShape.newBuilder().addDim(9))
            .setNum(1)
            .setChannels(1)
            .setHeight(1)
            .setWidth(2)
            .addAllData(List.of(7f, 8f))
            .addAllDoubleData(List.of(0.25, -1.5))
            .build();

    StoredBlob decoded = decode(blob.toByteArray());

    assertThat(decoded.legacy()).isTrue();
    assertThat(decoded.shape()).containsExactly(1, 1, 1, 2);
    assertThat(decoded.values()).containsExactly(0.25f, -1.5f);
    assertThat(decoded.fits(List.of(2))).isTrue();
    assertThat(decoded.fits(List.of(1, 2))).isTrue();
    assertThat(decoded.fits(List.of(2, 1))).isFalse();
    assertThat(decoded.fits(List.of(1, 1, 1, 1, 2))).isFalse();
  }

  @Test
  void aLargeBlobIsCopiedAcrossChunks() throws IOException {
    float[] values = new float[100_003];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.5f - 7;
    }
    BlobProto.Builder blob =
        BlobProto.newBuilder().setShape(BlobShape.newBuilder().addDim(values.length));
    for (float value : values) {
      blob.addData(value);
    }

    assertThat(decode(blob.build().toByteArray()).values()).isEqualTo(values);
  }

  @Test
  void valuesUnderAnotherWireTypeAreRefusedAsCorrupt() throws IOException {
    byte[] fields = bytes(out -> out.writeInt32(BlobProto.DATA_FIELD_NUMBER, 7));

    assertThatThrownBy(() -> decode(fields))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage("blob data is stored with wire type 0, not 2: the file is corrupt");
  }

  @Test
  void aLengthPastTheEndIsRefusedBeforeAnythingIsAllocated() throws IOException {
    // A packed run that claims 2 GB in a file of a few bytes.
    byte[] fields =
        bytes(
            out -> {
              out.writeTag(BlobProto.DATA_FIELD_NUMBER, 2);
              out.writeUInt32NoTag(2_000_000_000);
              out.writeFloatNoTag(1f);
            });

    assertThatThrownBy(() -> decode(fields))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "blob values declare 2000000000 bytes where 4 remain: the file is truncated or corrupt");
  }
}
