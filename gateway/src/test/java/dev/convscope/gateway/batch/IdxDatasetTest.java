package dev.convscope.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IdxDatasetTest {

  @Test
  void eachItemIsItsImageAsAPngWithItsLabel() throws IOException {
    byte[] pixels = new byte[2 * 3 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 10);
    }
    IdxDataset dataset =
        IdxDataset.read("images", gzip(images(2, 3, 4, pixels)), "labels", labels(7, 2));

    assertThat(dataset.size()).isEqualTo(2);
    assertThat(dataset.labelled()).isTrue();
    DatasetItem second = dataset.item(1);
    assertThat(second.label()).isEqualTo(2);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(second.png()));
    assertThat(png.getWidth()).isEqualTo(4);
    assertThat(png.getHeight()).isEqualTo(3);
    assertThat(png.getRaster().getSample(1, 2, 0)).isEqualTo(Byte.toUnsignedInt(pixels[12 + 9]));
  }

  @Test
  void filesThatDoNotAddUpAreRefusedByName() {
    byte[] good = images(2, 2, 2, new byte[8]);
    assertThatThrownBy(() -> IdxDataset.read("labels.idx", labels(1, 2), null, null))
        .hasMessageContaining("labels.idx")
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> IdxDataset.read("cut.idx", Arrays.copyOf(good, 20), null, null))
        .hasMessageContaining("cut.idx")
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> IdxDataset.read("images", good, "few.idx", labels(1)))
        .hasMessageContaining("few.idx")
        .hasMessageContaining("1 labels for 2 images");
    assertThatThrownBy(() -> IdxDataset.read("empty", new byte[0], null, null))
        .hasMessageContaining("empty");
  }

  private static byte[] images(int count, int rows, int cols, byte[] pixels) {
    return ByteBuffer.allocate(16 + pixels.length)
        .putInt(0x803)
        .putInt(count)
        .putInt(rows)
        .putInt(cols)
        .put(pixels)
        .array();
  }

  private static byte[] labels(int... labels) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length).putInt(0x801).putInt(labels.length);
    for (int label : labels) {
      buffer.put((byte) label);
    }
    return buffer.array();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
