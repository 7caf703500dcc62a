package dev.convscope.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PictureFilesTest {

  @Test
  void aPlainLayerNameIsKept() {
    assertThat(PictureFiles.name("conv1", "activation", "tiles"))
        .isEqualTo("conv1-activation-tiles.png");
    assertThat(PictureFiles.name("Conv2D_1", "weights", "heatmap"))
        .isEqualTo("Conv2D_1-weights-heatmap.png");
  }

  @Test
  void noLayerNameEscapesTheOutputFolder() {
    Path folder = Path.of("out");
    for (String hostile :
        new String[] {"../../etc/passwd", "..", "/abs", "a\\b", "", "名前", "x\0y"}) {
      String name = PictureFiles.name(hostile, "activation", "tiles");
      assertThat(name).doesNotContain("/").doesNotContain("\\").doesNotStartWith(".");
      assertThat(folder.resolve(name).normalize().getParent()).isEqualTo(folder);
    }
  }

  @Test
  void aVeryLongLayerNameIsCut() {
    assertThat(PictureFiles.name("x".repeat(10_000), "activation", "tiles").length())
        .isLessThan(200);
  }
}
