package dev.convscope.gateway.batch;

import static dev.convscope.datasets.idx.IdxBytes.gzip;
import static dev.convscope.datasets.idx.IdxBytes.images;
import static dev.convscope.datasets.idx.IdxBytes.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
        IdxDataset.read(
            "images", gzip(images(2, 3, 4, pixels)), "labels", labels(2, new byte[] {7, 2}), 10);

    assertThat(dataset.size()).isEqualTo(2);
    assertThat(dataset.labelled()).isTrue();
    DatasetItem second = dataset.item(1);
    assertThat(second.label()).isEqualTo(2);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(second.png()));
    assertThat(png.getWidth()).isEqualTo(4);
    assertThat(png.getHeight()).isEqualTo(3);
    assertThat(png.getRaster().getSample(1, 2, 0)).isEqualTo(Byte.toUnsignedInt(pixels[12 + 9]));
  }

  /** The reader's own checks are tested with it; here, that the model's classes reach it. */
  @Test
  void aLabelOutsideTheModelsClassesIsRefusedByName() {
    byte[] images = images(2, 2, 2, new byte[8]);
    byte[] labels = labels(2, new byte[] {1, 3});

    assertThat(IdxDataset.read("images", images, "labels.idx", labels, 4).labelled()).isTrue();
    assertThatThrownBy(() -> IdxDataset.read("images", images, "labels.idx", labels, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels.idx: label 3 of item 1 is outside 0..2 (mislabelled)");
  }
}
