package dev.convscope.models.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.datasets.idx.LabelledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path dir;

  @AfterEach
  void forgetProperty() {
    System.clearProperty(FashionMnist.DIRECTORY_PROPERTY);
  }

  @Test
  void defaultsToTheDebianPackagesDirectory() {
    System.clearProperty(FashionMnist.DIRECTORY_PROPERTY);

    assertThat(FashionMnist.configured().directory())
        .isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
    assertThat(FashionMnist.in(null).directory())
        .isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
  }

  @Test
  void aSystemPropertyPointsElsewhereAndAnExplicitDirectoryWins() {
    System.setProperty(FashionMnist.DIRECTORY_PROPERTY, dir.toString());

    assertThat(FashionMnist.configured().directory()).isEqualTo(dir);
    assertThat(FashionMnist.in(null).directory()).isEqualTo(dir);
    assertThat(FashionMnist.in(Path.of("elsewhere")).directory()).isEqualTo(Path.of("elsewhere"));
  }

  @Test
  void readsTheFourFilesOfADirectory() throws Exception {
    FakeFashionMnist.write(dir, 30, 20, 1);

    FashionMnist dataset = new FashionMnist(dir);

    assertThat(dataset.train().count()).isEqualTo(30);
    assertThat(dataset.test().count()).isEqualTo(20);
    assertThat(dataset.test().label(13)).isEqualTo(3);
  }

  @Test
  void saysWhatIsMissing() throws Exception {
    Path absent = dir.resolve("absent");
    assertThatThrownBy(() -> new FashionMnist(absent).train())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no Fashion-MNIST directory " + absent)
        .hasMessageContaining("--data DIR");

    FakeFashionMnist.write(dir, 3, 2, 1);
    Files.delete(dir.resolve(FashionMnist.TEST_LABELS));
    assertThatThrownBy(() -> new FashionMnist(dir).test())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir + " has no t10k-labels-idx1-ubyte.gz");
  }

  @Test
  void theRealDataSetHasItsPublishedCounts() throws Exception {
    FashionMnist real = new FashionMnist(FashionMnist.DEBIAN_DIRECTORY);

    LabelledImages test = real.test();

    assertThat(test.count()).isEqualTo(10_000);
    assertThat(test.images().rows()).isEqualTo(28);
    assertThat(test.images().cols()).isEqualTo(28);
    int[] perClass = new int[FashionMnist.CLASSES];
    for (int i = 0; i < test.count(); i++) {
      perClass[test.label(i)]++;
    }
    assertThat(perClass).containsOnly(1000);
  }
}
