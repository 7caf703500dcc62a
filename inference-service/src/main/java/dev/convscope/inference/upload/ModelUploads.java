package dev.convscope.inference.upload;

import dev.convscope.inference.config.InferenceConfig;
import dev.convscope.models.CnnModel;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.store.NoSuchObjectException;
import dev.convscope.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Accepts users' models: checks that a file is a model of its declared format that takes an image
 * and runs, stores it by its SHA-256 and makes it runnable as "sha256:{hex}". The same bytes
 * uploaded again are answered from what is stored, without checking or storing anything.
 */
@ApplicationScoped
public class ModelUploads {

  private static final Logger LOG = Logger.getLogger(ModelUploads.class);

  private final long maxModelBytes;
  private final ModelCache cache;
  private final UploadedModelStore store;
  private final ObjectStore objects;
  private final ModelCatalog catalog;

  public ModelUploads(
      InferenceConfig config,
      ModelCache cache,
      UploadedModelStore store,
      ObjectStore objects,
      ModelCatalog catalog) {
    this.maxModelBytes = config.maxModelBytes();
    this.cache = cache;
    this.store = store;
    this.objects = objects;
    this.catalog = catalog;
  }

  /** The largest model file accepted, in bytes. */
  public long maxModelBytes() {
    return maxModelBytes;
  }

  /** A file to receive an upload's chunks into; the caller closes it when the call ends. */
  public IncomingModelFile receive(UploadDescription upload) {
    return cache.incoming(maxModelBytes, upload.parts());
  }

  /** Accepts a received file; it is moved into the cache when accepted. */
  public UploadOutcome accept(UploadDescription upload, IncomingModelFile file) {
    String sha256 = file.complete();
    return accept(upload, file.path(), sha256, file.size());
  }

  /** Accepts the file an object in the bucket holds. */
  public UploadOutcome acceptObject(UploadDescription upload, String objectKey) {
    long size =
        objects
            .size(objectKey)
            .orElseThrow(
                () ->
                    new NoSuchObjectException(
                        "there is no object '"
                            + objectKey
                            + "' in bucket '"
                            + objects.bucket()
                            + "'"));
    if (size > maxModelBytes) {
      throw new ModelTooLargeException(
          "object '" + objectKey + "' has " + size + " bytes; the limit is " + maxModelBytes);
    }
    Path file = cache.incomingPath();
    try {
      objects.download(objectKey, file);
      return accept(upload, file, ModelDigest.of(file, upload.parts()), Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the downloaded model file", e);
    } finally {
      deleteQuietly(file);
    }
  }

  private UploadOutcome accept(UploadDescription upload, Path file, String sha256, long size) {
    if (size == 0) {
      throw new ModelRejectedException("the file is empty");
    }
    String name = UploadedModelNames.of(sha256);
    Optional<ModelManifest> stored = store.manifest(sha256);
    if (stored.isPresent()) {
      // The bytes are the stored ones: keep them here so this replica need not download them.
      if (!Files.isRegularFile(cache.fileOf(sha256, stored.get().format()))) {
        cache.keep(file, sha256, stored.get().format());
      }
      return new UploadOutcome(catalog.get(name), true);
    }
    CnnModel model = UploadedModelBuilder.fromUpload(file, sha256, upload);
    ModelManifest manifest =
        new ModelManifest(
            ModelManifest.VERSION,
            sha256,
            upload.format(),
            size,
            upload.displayName(),
            upload.labels(),
            model.preprocessing(),
            upload.parts());
    Path kept = cache.keep(file, sha256, upload.format());
    store.save(manifest, kept);
    catalog.register(name, UploadedModelBuilder.SOURCE, () -> model);
    LOG.infof(
        "accepted %s%s as %s (%d bytes; %s)",
        upload.format().description(),
        upload.displayName().isEmpty() ? "" : " '" + upload.displayName() + "'",
        name,
        size,
        model.preprocessing());
    return new UploadOutcome(catalog.get(name), false);
  }

  /** Every model uploaded to the bucket, as described when it was accepted. */
  public List<ModelManifest> stored() {
    return store.manifests();
  }

  /** The stored description of an uploaded model, if {@code name} is one. */
  public Optional<ModelManifest> stored(String name) {
    return UploadedModelNames.isUploadName(name)
        ? store.manifest(UploadedModelNames.digestOf(name))
        : Optional.empty();
  }

  /**
   * Removes an uploaded model from the bucket, this replica's catalog and its cache. Other replicas
   * stop finding it at once; one that has it loaded keeps running it until it restarts.
   */
  public void remove(String name) {
    if (!UploadedModelNames.isUploadName(name)) {
      throw new ModelNotRemovableException(
          "model '"
              + name
              + "' comes with the service and cannot be removed; only uploaded models"
              + " (sha256:<hex>) can");
    }
    ModelManifest manifest = store.manifestOf(name);
    store.delete(manifest);
    catalog.forget(name);
    cache.forget(manifest.sha256());
    LOG.infof("removed %s", name);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warnf("could not delete %s: %s", file, e.getMessage());
    }
  }
}
