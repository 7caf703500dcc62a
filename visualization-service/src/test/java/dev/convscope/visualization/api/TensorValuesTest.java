package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorValuesTest {

  @Test
  void floatsSplitAcrossChunksAtAnyByteAreDecodedWhole() {
    float[] expected = new float[257];
    Random random = new Random(3);
    for (int i = 0; i < expected.length; i++) {
      expected[i] = random.nextFloat() * 200 - 100;
    }
    ByteBuffer bytes = ByteBuffer.allocate(expected.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(expected);
    byte[] all = bytes.array();

    for (int chunk : new int[] {1, 3, 4, 5, 7, 1000, all.length}) {
      TensorValues values = new TensorValues(all.length, 4);
      for (int offset = 0; offset < all.length; offset += chunk) {
        values.add(ByteString.copyFrom(all, offset, Math.min(chunk, all.length - offset)));
      }
      assertThat(values.complete()).isTrue();
      assertThat(values.values()).as("chunks of %d bytes", chunk).containsExactly(expected);
    }
  }

  @Test
  void doublesBecomeFloats() {
    ByteBuffer bytes = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putDouble(1.5).putDouble(-2.25).putDouble(1e-3);
    TensorValues values = new TensorValues(24, 8);
    values.add(ByteString.copyFrom(bytes.array(), 0, 11));
    assertThat(values.complete()).isFalse();
    assertThat(values.received()).isEqualTo(11);
    values.add(ByteString.copyFrom(bytes.array(), 11, 13));
    assertThat(values.values()).containsExactly(1.5f, -2.25f, (float) 1e-3);
  }

  @Test
  void aChunkMadeOfSeveralBuffersIsDecodedInOrder() {
    ByteBuffer first = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putFloat(4f);
    ByteBuffer second = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(8f);
    byte[] a = first.array();
    byte[] b = second.array();
    // 4f in the first 4 bytes, then 8f across the boundary of two buffers of one chunk.
    ByteString chunk =
        ByteString.copyFrom(a, 0, 4)
            .concat(ByteString.copyFrom(b, 0, 2))
            .concat(ByteString.copyFrom(b, 2, 2));
    TensorValues values = new TensorValues(8, 4);
    values.add(chunk);
    assertThat(values.values()).containsExactly(4f, 8f);
  }
}
