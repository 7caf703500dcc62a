package dev.convscope.gateway.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.datasets.idx.IdxFile;
import dev.convscope.datasets.idx.IdxImages;
import dev.convscope.datasets.idx.IdxLabels;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.store.Bucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Data-set files uploaded to the bucket, under {@code datasets/{sha256}/{name}} (the same file
 * twice is one object). An IDX file is described beside it ({@code {name}.about.json}: images or
 * labels, and how many), and an image file names its label file once one is uploaded for it, so a
 * person can pick a data set from a list without knowing a key.
 */
public final class UploadedDatasets {

  private static final String PREFIX = "datasets/";
  private static final String ABOUT = ".about.json";

  /** Labels are read for any class count here; a job checks them against its model's. */
  private static final int ANY_CLASS = 256;

  private final Bucket store;

  public UploadedDatasets(Bucket store) {
    this.store = store;
  }

  /**
   * Stores a file; an IDX file is described, and a label file given {@code labelsFor} (the key of
   * an uploaded image file with as many items) becomes that image file's labels. A file that is not
   * of the {@code expectedKind} given ({@value DatasetFile#IMAGES} or {@value DatasetFile#LABELS})
   * is refused. Everything is checked before anything is stored.
   */
  public DatasetFile upload(String name, byte[] file, String expectedKind, String labelsFor) {
    String key = PREFIX + Sha256.hex(file) + "/" + name;
    DatasetFile described = describe(key, name, file);
    if (expectedKind != null && !expectedKind.equals(described.kind())) {
      throw new InvalidInput(
          name
              + " is "
              + (described.kind().equals(DatasetFile.OTHER)
                  ? "not an IDX file"
                  : "an IDX " + described.kind() + " file")
              + ", not the IDX "
              + expectedKind
              + " file expected");
    }
    DatasetFile images = null;
    if (labelsFor != null) {
      images = checkLabelsFor(described, labelsFor);
    }
    if (described.kind().equals(DatasetFile.IMAGES)) {
      // The same image file again keeps the labels it was given.
      String labels = read(key + ABOUT).map(DatasetFile::labels).orElse(null);
      described = described.withLabels(labels);
    }
    store.put(key, file, "application/octet-stream");
    if (!described.kind().equals(DatasetFile.OTHER)) {
      write(described);
    }
    if (images != null) {
      write(images.withLabels(key));
    }
    return described;
  }

  /** The uploaded IDX image files, by name, each with its label file's key when it has one. */
  public List<DatasetFile> imageFiles() {
    List<DatasetFile> found = new ArrayList<>();
    for (String key : store.list(PREFIX)) {
      if (key.endsWith(ABOUT)) {
        read(key).filter(file -> file.kind().equals(DatasetFile.IMAGES)).ifPresent(found::add);
      }
    }
    found.sort(Comparator.comparing(DatasetFile::name).thenComparing(DatasetFile::key));
    return found;
  }

  private DatasetFile checkLabelsFor(DatasetFile labels, String imagesKey) {
    if (!labels.kind().equals(DatasetFile.LABELS)) {
      throw new InvalidInput(
          labels.name() + " is not an IDX label file, so it cannot label " + imagesKey);
    }
    DatasetFile images =
        read(imagesKey + ABOUT)
            .filter(file -> file.kind().equals(DatasetFile.IMAGES))
            .orElseThrow(
                () -> new NotFound("there is no uploaded IDX image file '" + imagesKey + "'"));
    if (images.items() != labels.items()) {
      throw new InvalidInput(
          labels.name()
              + " holds "
              + labels.items()
              + " labels, but "
              + images.name()
              + " holds "
              + images.items()
              + " images");
    }
    return images;
  }

  /** What the file is: IDX images, IDX labels, or another file (kept, not described). */
  private static DatasetFile describe(String key, String name, byte[] file) {
    String now = Instant.now().toString();
    try {
      IdxImages images = IdxFile.readImages(name, file);
      return new DatasetFile(
          key,
          name,
          DatasetFile.IMAGES,
          images.count(),
          images.rows(),
          images.cols(),
          file.length,
          now,
          null);
    } catch (IllegalArgumentException | UncheckedIOException notImages) {
      try {
        IdxLabels labels = IdxFile.readLabels(name, file, ANY_CLASS);
        return new DatasetFile(
            key, name, DatasetFile.LABELS, labels.count(), 0, 0, file.length, now, null);
      } catch (IllegalArgumentException | UncheckedIOException notLabels) {
        return new DatasetFile(key, name, DatasetFile.OTHER, 0, 0, 0, file.length, now, null);
      }
    }
  }

  private void write(DatasetFile file) {
    try {
      store.put(file.key() + ABOUT, JobStore.JSON.writeValueAsBytes(file), "application/json");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a data-set description did not serialise", e);
    }
  }

  private Optional<DatasetFile> read(String aboutKey) {
    return store
        .read(aboutKey)
        .map(
            bytes -> {
              try {
                return JobStore.JSON.readValue(bytes, DatasetFile.class);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
