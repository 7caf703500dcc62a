package dev.convscope.datasets.idx;

import static dev.convscope.datasets.idx.IdxBytes.gzip;
import static dev.convscope.datasets.idx.IdxBytes.images;
import static dev.convscope.datasets.idx.IdxBytes.labels;
import static dev.convscope.datasets.idx.IdxBytes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

  /** Two 2×3 images; 200 and 255 check that bytes are read unsigned. */
  static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 200, 7, 8, 9, 10, (byte) 255};

  @TempDir Path dir;

  @Test
  void readsPlainImages() throws Exception {
    Path file = write(dir.resolve("images-idx3-ubyte"), images(2, 2, 3, PIXELS));

    IdxImages read = IdxFile.readImages(file);

    assertThat(read.count()).isEqualTo(2);
    assertThat(read.rows()).isEqualTo(2);
    assertThat(read.cols()).isEqualTo(3);
    assertThat(read.pixels()).containsExactly(PIXELS);
    assertThat(read.pixel(1, 0)).isEqualTo(200);
    assertThat(read.pixel(1, 5)).isEqualTo(255);
    assertThat(read.source()).isEqualTo(file.toString());
  }

  @Test
  void readsGzippedImagesWhateverTheFileIsCalled() throws Exception {
    Path gzipped = write(dir.resolve("images.gz"), gzip(images(2, 2, 3, PIXELS)));
    Path noSuffix = write(dir.resolve("images-compressed"), gzip(images(2, 2, 3, PIXELS)));

    assertThat(IdxFile.readImages(gzipped).pixels()).containsExactly(PIXELS);
    assertThat(IdxFile.readImages(noSuffix).pixels()).containsExactly(PIXELS);
  }

  @Test
  void readsPlainAndGzippedLabels() throws Exception {
    byte[] classes = {9, 0, 3};
    Path plain = write(dir.resolve("labels"), labels(3, classes));
    Path gzipped = write(dir.resolve("labels.gz"), gzip(labels(3, classes)));

    for (Path file : new Path[] {plain, gzipped}) {
      IdxLabels read = IdxFile.readLabels(file, 10);
      assertThat(read.count()).isEqualTo(3);
      assertThat(read.label(0)).isEqualTo(9);
      assertThat(read.label(2)).isEqualTo(3);
    }
  }

  @Test
  void readsAPair() throws Exception {
    Path imageFile = write(dir.resolve("images.gz"), gzip(images(2, 2, 3, PIXELS)));
    Path labelFile = write(dir.resolve("labels.gz"), gzip(labels(2, new byte[] {4, 7})));

    LabelledImages pair = IdxFile.readPair(imageFile, labelFile, 10);

    assertThat(pair.count()).isEqualTo(2);
    assertThat(pair.label(1)).isEqualTo(7);
    LabelledImages first = pair.first(1);
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.images().pixels()).containsExactly(Arrays.copyOf(PIXELS, 6));
    assertThat(pair.first(5).count()).as("more than there are").isEqualTo(2);
  }

  @Test
  void rejectsALabelFileReadAsImages() {
    Path file = write(dir.resolve("labels.gz"), gzip(labels(2, new byte[] {1, 2})));

    assertThatThrownBy(() -> IdxFile.readImages(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("magic number 0x00000801 (2049)")
        .hasMessageContaining("not an image file's 0x00000803 (2051)");
  }

  @Test
  void rejectsAnImageFileReadAsLabels() {
    Path file = write(dir.resolve("images"), images(2, 2, 3, PIXELS));

    assertThatThrownBy(() -> IdxFile.readLabels(file, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("(2051) is not a label file's 0x00000801 (2049)");
  }

  @Test
  void rejectsSomethingElseEntirely() {
    Path file =
        write(
            dir.resolve("picture.png"),
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});

    assertThatThrownBy(() -> IdxFile.readImages(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("picture.png")
        .hasMessageContaining("magic number");
  }

  @Test
  void rejectsFewerPixelsThanTheHeaderPromises() {
    byte[] short10 = Arrays.copyOf(PIXELS, 10);
    Path plain = write(dir.resolve("short"), images(2, 2, 3, short10));
    Path gzipped = write(dir.resolve("short.gz"), gzip(images(2, 2, 3, short10)));

    for (Path file : new Path[] {plain, gzipped}) {
      assertThatThrownBy(() -> IdxFile.readImages(file))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(file.toString())
          .hasMessageContaining(
              "truncated, 10 data bytes where the header promises 2 images of 2x3 (12 bytes)");
    }
  }

  @Test
  void rejectsFewerLabelsThanTheHeaderPromises() {
    Path file = write(dir.resolve("labels"), labels(5, new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> IdxFile.readLabels(file, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("truncated, 3 data bytes where the header promises 5 labels");
  }

  @Test
  void rejectsAGzipStreamCutOffMidway() {
    byte[] whole = gzip(images(2, 2, 3, PIXELS));
    Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(whole, whole.length - 12));

    assertThatThrownBy(() -> IdxFile.readImages(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsAFileThatEndsInsideTheHeader() {
    Path file = write(dir.resolve("header-only"), Arrays.copyOf(images(2, 2, 3, PIXELS), 10));

    assertThatThrownBy(() -> IdxFile.readImages(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("truncated, the file ends inside the IDX header");
  }

  @Test
  void rejectsImagesAndLabelsThatDoNotPairUp() {
    Path imageFile = write(dir.resolve("images.gz"), gzip(images(2, 2, 3, PIXELS)));
    Path labelFile = write(dir.resolve("labels.gz"), gzip(labels(3, new byte[] {1, 2, 3})));

    assertThatThrownBy(() -> IdxFile.readPair(imageFile, labelFile, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(imageFile + " holds 2 images but " + labelFile + " holds 3 labels");
  }

  @Test
  void rejectsALabelOutsideTheClasses() {
    Path file = write(dir.resolve("labels.gz"), gzip(labels(3, new byte[] {1, 10, 3})));

    assertThatThrownBy(() -> IdxFile.readLabels(file, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": label 10 of item 1 is outside 0..9 (mislabelled)");
  }

  @Test
  void readsAHighLabelUnsigned() {
    Path file = write(dir.resolve("labels"), labels(1, new byte[] {(byte) 250}));

    assertThatThrownBy(() -> IdxFile.readLabels(file, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 250 of item 0");
  }

  @Test
  void rejectsANegativeCountOrEmptyImages() {
    Path negative = write(dir.resolve("negative"), images(-1, 2, 3, new byte[0]));
    Path flat = write(dir.resolve("flat"), images(2, 0, 3, new byte[0]));

    assertThatThrownBy(() -> IdxFile.readImages(negative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(negative + ": the header promises -1 images of 2x3 pixels");
    assertThatThrownBy(() -> IdxFile.readImages(flat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(flat + ": the header promises 2 images of 0x3 pixels");
  }

  @Test
  void saysWhichFileIsMissing() {
    Path missing = dir.resolve("nowhere.gz");

    assertThatThrownBy(() -> IdxFile.readImages(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nowhere.gz");
  }

  @Test
  void readsBytesInMemoryAsItReadsFiles() {
    IdxImages images = IdxFile.readImages("datasets/abc/images.gz", gzip(images(2, 2, 3, PIXELS)));
    IdxLabels labels = IdxFile.readLabels("labels", labels(2, new byte[] {4, 7}), 10);

    assertThat(images.pixels()).containsExactly(PIXELS);
    assertThat(images.source()).isEqualTo("datasets/abc/images.gz");
    assertThat(labels.label(1)).isEqualTo(7);
  }

  @Test
  void refusesAHeaderThatPromisesMoreThanTheBytesHoldWithoutMakingRoomForIt() {
    // 100000 images of 100x200: two gigabytes promised, a dozen bytes given.
    byte[] hostile = images(100_000, 100, 200, PIXELS);

    assertThatThrownBy(() -> IdxFile.readImages("hostile.idx", hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "hostile.idx: truncated, 12 data bytes where the header promises 100000 images of"
                + " 100x200 (2000000000 bytes)");
  }

  @Test
  void refusesCorruptCompressedBytes() {
    byte[] whole = gzip(images(2, 2, 3, PIXELS));
    byte[] corrupt = whole.clone();
    corrupt[12] ^= 0x55; // inside the deflate stream
    byte[] signatureOnly = Arrays.copyOf(whole, 2);

    assertThatThrownBy(() -> IdxFile.readImages("corrupt.gz", corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("corrupt.gz: ");
    assertThatThrownBy(() -> IdxFile.readImages("two-bytes.gz", signatureOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("two-bytes.gz: the compressed data is corrupt or truncated");
  }
}
