package dev.convscope.models.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.convscope.models.caffe.format.CaffeMessages.BlobProto;
import dev.convscope.models.caffe.format.CaffeMessages.BlobShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes one BlobProto from a stream, field by field, so that its values go straight into the
 * float array that is kept: a blob is never held as a message, a list or a byte array besides. The
 * stream must have a limit pushed (the enclosing message, or the file's size), so that a declared
 * length beyond the end is refused before anything is allocated for it.
 */
final class BlobDecoder {

  /** Values are copied through a buffer of this many bytes (a multiple of 8). */
  private static final int CHUNK_BYTES = 1 << 16;

  private BlobDecoder() {}

  /** Reads a length-delimited BlobProto whose tag has just been read. */
  static StoredBlob read(CodedInputStream in) throws IOException {
    int outer = pushMessage(in);
    StoredBlob blob = readFields(in);
    in.popLimit(outer);
    return blob;
  }

  /** Reads a BlobProto's fields up to the stream's current limit. */
  static StoredBlob readFields(CodedInputStream in) throws IOException {
    List<Integer> shape = List.of();
    int[] legacy = new int[4];
    boolean isLegacy = false;
    Floats data = new Floats();
    Floats doubleData = new Floats();
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      switch (field) {
        case BlobProto.SHAPE_FIELD_NUMBER -> shape = readShape(in, wireType);
        case BlobProto.DATA_FIELD_NUMBER -> readFloats(in, wireType, data);
        case BlobProto.DOUBLE_DATA_FIELD_NUMBER -> readDoubles(in, wireType, doubleData);
        case BlobProto.NUM_FIELD_NUMBER,
            BlobProto.CHANNELS_FIELD_NUMBER,
            BlobProto.HEIGHT_FIELD_NUMBER,
            BlobProto.WIDTH_FIELD_NUMBER -> {
          expect(wireType, WireFormat.WIRETYPE_VARINT, "blob dimension");
          legacy[field - BlobProto.NUM_FIELD_NUMBER] = in.readInt32();
          isLegacy = true;
        }
        default -> in.skipField(tag);
      }
    }
    // As Caffe reads blobs: the four numbers win over shape, double values over float ones.
    float[] values = doubleData.size() > 0 ? doubleData.toArray() : data.toArray();
    if (isLegacy) {
      for (int size : legacy) {
        if (size < 0) {
          throw new CaffeFormatException(
              "a blob has negative dimensions " + Arrays.toString(legacy));
        }
      }
      return new StoredBlob(Arrays.stream(legacy).boxed().toList(), true, values);
    }
    return new StoredBlob(shape, false, values);
  }

  /** Pushes the limit of a length-delimited field whose tag has just been read. */
  static int pushMessage(CodedInputStream in) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new CaffeFormatException("a field declares a negative length: the file is corrupt");
    }
    // Throws a truncation error when the length runs past the enclosing message or the file.
    return in.pushLimit(length);
  }

  private static List<Integer> readShape(CodedInputStream in, int wireType) throws IOException {
    expect(wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, "blob shape");
    int outer = pushMessage(in);
    List<Long> dims = new ArrayList<>();
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (WireFormat.getTagFieldNumber(tag) != BlobShape.DIM_FIELD_NUMBER) {
        in.skipField(tag);
      } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int packed = pushMessage(in);
        while (!in.isAtEnd()) {
          dims.add(in.readInt64());
        }
        in.popLimit(packed);
      } else {
        expect(WireFormat.getTagWireType(tag), WireFormat.WIRETYPE_VARINT, "blob dimension");
        dims.add(in.readInt64());
      }
    }
    in.popLimit(outer);
    List<Integer> shape = new ArrayList<>();
    for (long dim : dims) {
      if (dim < 0 || dim > Integer.MAX_VALUE) {
        throw new CaffeFormatException("a blob has shape " + dims + ", which no array can hold");
      }
      shape.add((int) dim);
    }
    return shape;
  }

  private static void readFloats(CodedInputStream in, int wireType, Floats into)
      throws IOException {
    if (wireType == WireFormat.WIRETYPE_FIXED32) {
      into.add(in.readFloat());
    } else {
      expect(wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, "blob data");
      readPacked(in, Float.BYTES, into);
    }
  }

  private static void readDoubles(CodedInputStream in, int wireType, Floats into)
      throws IOException {
    if (wireType == WireFormat.WIRETYPE_FIXED64) {
      into.add((float) in.readDouble());
    } else {
      expect(wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, "blob double_data");
      readPacked(in, Double.BYTES, into);
    }
  }

  /** Packed little-endian floats or doubles, copied chunk by chunk into the kept array. */
  private static void readPacked(CodedInputStream in, int valueBytes, Floats into)
      throws IOException {
    int bytes = packedLength(in, valueBytes);
    int count = bytes / valueBytes;
    float[] target = into.reserve(count);
    int offset = into.size() - count;
    while (bytes > 0) {
      int chunk = Math.min(bytes, CHUNK_BYTES);
      ByteBuffer buffer = ByteBuffer.wrap(in.readRawBytes(chunk)).order(ByteOrder.LITTLE_ENDIAN);
      if (valueBytes == Float.BYTES) {
        buffer.asFloatBuffer().get(target, offset, chunk / Float.BYTES);
      } else {
        for (int i = 0; i < chunk / Double.BYTES; i++) {
          target[offset + i] = (float) buffer.getDouble();
        }
      }
      offset += chunk / valueBytes;
      bytes -= chunk;
    }
  }

  /** The byte length of packed values, checked against what is left before anything is made. */
  private static int packedLength(CodedInputStream in, int valueBytes) throws IOException {
    int bytes = in.readRawVarint32();
    if (bytes < 0 || bytes % valueBytes != 0) {
      throw new CaffeFormatException(
          "blob values take "
              + Integer.toUnsignedString(bytes)
              + " bytes, not a whole number of "
              + valueBytes
              + "-byte values: the file is corrupt");
    }
    if (bytes > in.getBytesUntilLimit()) {
      throw new CaffeFormatException(
          "blob values declare "
              + bytes
              + " bytes where "
              + in.getBytesUntilLimit()
              + " remain: the file is truncated or corrupt");
    }
    return bytes;
  }

  private static void expect(int wireType, int wanted, String what) {
    if (wireType != wanted) {
      throw new CaffeFormatException(
          what
              + " is stored with wire type "
              + wireType
              + ", not "
              + wanted
              + ": the file is corrupt");
    }
  }

  /** A float array that grows: sized exactly by the first packed run, as files hold one. */
  private static final class Floats {
    private float[] values = new float[0];
    private int size;

    int size() {
      return size;
    }

    /** Room for count more values, which the caller writes at size() - count. */
    float[] reserve(int count) {
      if (size + count > values.length) {
        values = Arrays.copyOf(values, size == 0 ? count : Math.max(size + count, 2 * size));
      }
      size += count;
      return values;
    }

    void add(float value) {
      reserve(1)[size - 1] = value;
    }

    float[] toArray() {
      return size == values.length ? values : Arrays.copyOf(values, size);
    }
  }
}
