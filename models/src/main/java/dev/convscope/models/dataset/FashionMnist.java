package dev.convscope.models.dataset;

import dev.convscope.datasets.idx.IdxFile;
import dev.convscope.datasets.idx.LabelledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST in a directory of the four original files: 60 000 training and 10 000 test images
 * of 28×28, ten classes. By default the Debian package {@code dataset-fashion-mnist}'s directory;
 * the system property {@code convscope.fashion-mnist.dir} points elsewhere.
 */
public record FashionMnist(Path directory) {

  public static final String DIRECTORY_PROPERTY = "convscope.fashion-mnist.dir";
  public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;
  public static final List<String> LABELS =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  /** The directory named by {@value #DIRECTORY_PROPERTY}, else the Debian package's. */
  public static FashionMnist configured() {
    String property = System.getProperty(DIRECTORY_PROPERTY);
    return new FashionMnist(
        property == null || property.isBlank() ? DEBIAN_DIRECTORY : Path.of(property));
  }

  /** The given directory, or the configured one when {@code directory} is null. */
  public static FashionMnist in(Path directory) {
    return directory == null ? configured() : new FashionMnist(directory);
  }

  public LabelledImages train() throws IOException {
    return read(TRAIN_IMAGES, TRAIN_LABELS);
  }

  public LabelledImages test() throws IOException {
    return read(TEST_IMAGES, TEST_LABELS);
  }

  private LabelledImages read(String images, String labels) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "no Fashion-MNIST directory "
              + directory
              + " (install the Debian package dataset-fashion-mnist, or pass --data DIR or -D"
              + DIRECTORY_PROPERTY
              + "=DIR)");
    }
    for (String name : List.of(images, labels)) {
      if (!Files.isRegularFile(directory.resolve(name))) {
        throw new IllegalArgumentException(directory + " has no " + name);
      }
    }
    return IdxFile.readPair(directory.resolve(images), directory.resolve(labels), CLASSES);
  }
}
