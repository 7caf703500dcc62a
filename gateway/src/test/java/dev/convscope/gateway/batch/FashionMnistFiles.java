package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.datasets.idx.IdxFile;
import dev.convscope.datasets.idx.IdxLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Fashion-MNIST test set from Debian's dataset-fashion-mnist, for data-set job tests. */
public final class FashionMnistFiles {

  public static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
  public static final String IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final String LABELS = "t10k-labels-idx1-ubyte.gz";
  public static final int CLASSES = 10;

  private FashionMnistFiles() {}

  public static Path path(String file) {
    Path path = FOLDER.resolve(file);
    assertThat(path)
        .as("the Fashion-MNIST test set (Debian package dataset-fashion-mnist)")
        .exists();
    return path;
  }

  /** Test-set images {@code from} to {@code to} (exclusive) as 28x28 gray PNGs. */
  public static List<byte[]> pngs(int from, int to) {
    IdxDataset images;
    try {
      images = IdxDataset.read(IMAGES, Files.readAllBytes(path(IMAGES)), null, null, CLASSES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<byte[]> pngs = new ArrayList<>();
    for (int index = from; index < to; index++) {
      pngs.add(images.item(index).png());
    }
    return pngs;
  }

  /** Uploads one of the files through the running gateway and answers its key in the bucket. */
  public static String upload(String file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return given()
        .contentType("application/octet-stream")
        .body(bytes)
        .queryParam("name", file)
        .post("/api/v1/datasets")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  /** How many of the first {@code count} test images carry each label: [label] = images. */
  public static long[] labelCounts(int count, int classes) {
    try {
      IdxLabels labels = IdxFile.readLabels(path(LABELS), classes);
      assertThat(labels.count()).as("labels in the file").isGreaterThanOrEqualTo(count);
      long[] counts = new long[classes];
      for (int i = 0; i < count; i++) {
        counts[labels.label(i)]++;
      }
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
