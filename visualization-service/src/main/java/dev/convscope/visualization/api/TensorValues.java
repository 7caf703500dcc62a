package dev.convscope.visualization.api;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor's values, decoded from little-endian float32 or float64 bytes as each chunk arrives, so
 * the service holds a tensor once (as floats) rather than twice (bytes, then floats): fc6's weights
 * are 151 MB either way. A value split across two chunks waits in a few bytes of carry.
 */
final class TensorValues {

  private final float[] values;
  private final int valueBytes;
  private final long capacity;
  private final byte[] carry;
  private int carried;
  private int next;
  private long received;

  TensorValues(long capacity, int valueBytes) {
    this.capacity = capacity;
    this.valueBytes = valueBytes;
    this.values = new float[(int) (capacity / valueBytes)];
    this.carry = new byte[valueBytes];
  }

  long capacity() {
    return capacity;
  }

  /** Bytes of memory the values take (float64 is held as float32). */
  long heldBytes() {
    return (long) values.length * Float.BYTES;
  }

  long received() {
    return received;
  }

  long remaining() {
    return capacity - received;
  }

  boolean complete() {
    return received == capacity;
  }

  float[] values() {
    return values;
  }

  /** Decodes a chunk that fits in what remains. */
  void add(ByteString chunk) {
    for (ByteBuffer buffer : chunk.asReadOnlyByteBufferList()) {
      buffer.order(ByteOrder.LITTLE_ENDIAN);
      while (buffer.hasRemaining()) {
        if (carried > 0 || buffer.remaining() < valueBytes) {
          int take = Math.min(valueBytes - carried, buffer.remaining());
          buffer.get(carry, carried, take);
          carried += take;
          if (carried == valueBytes) {
            values[next++] = decode(ByteBuffer.wrap(carry).order(ByteOrder.LITTLE_ENDIAN));
            carried = 0;
          }
        } else {
          int whole = buffer.remaining() / valueBytes;
          if (valueBytes == Float.BYTES) {
            buffer.asFloatBuffer().get(values, next, whole);
            buffer.position(buffer.position() + whole * Float.BYTES);
            next += whole;
          } else {
            for (int i = 0; i < whole; i++) {
              values[next++] = (float) buffer.getDouble();
            }
          }
        }
      }
    }
    received += chunk.size();
  }

  private float decode(ByteBuffer bytes) {
    return valueBytes == Float.BYTES ? bytes.getFloat() : (float) bytes.getDouble();
  }
}
