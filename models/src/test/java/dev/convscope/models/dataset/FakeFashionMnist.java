package dev.convscope.models.dataset;

import dev.convscope.datasets.idx.IdxBytes;
import java.nio.file.Path;
import java.util.Random;

/** Fashion-MNIST-shaped directories of random images, for tests that train or evaluate. */
public final class FakeFashionMnist {

  private FakeFashionMnist() {}

  /**
   * A Fashion-MNIST-shaped directory of {@code train} and {@code test} random 28×28 images with
   * labels cycling through the ten classes, gzipped like the real files.
   */
  public static Path write(Path directory, int train, int test, long seed) {
    Random random = new Random(seed);
    writePair(directory, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, train, random);
    writePair(directory, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, test, random);
    return directory;
  }

  private static void writePair(
      Path directory, String imageFile, String labelFile, int count, Random random) {
    byte[] pixels = new byte[count * 28 * 28];
    random.nextBytes(pixels);
    byte[] classes = new byte[count];
    for (int i = 0; i < count; i++) {
      classes[i] = (byte) (i % 10);
    }
    IdxBytes.write(
        directory.resolve(imageFile), IdxBytes.gzip(IdxBytes.images(count, 28, 28, pixels)));
    IdxBytes.write(directory.resolve(labelFile), IdxBytes.gzip(IdxBytes.labels(count, classes)));
  }
}
