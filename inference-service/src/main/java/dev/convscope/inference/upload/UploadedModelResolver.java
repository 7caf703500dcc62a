package dev.convscope.inference.upload;

import dev.convscope.models.CnnModel;
import dev.convscope.models.catalog.ModelResolver;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds uploaded models by their "sha256:{hex}" name in the bucket, so every replica can run a
 * model any replica accepted: the description says how, the file is downloaded into the local cache
 * (checked against its digest) and loaded.
 */
@ApplicationScoped
public class UploadedModelResolver implements ModelResolver {

  private final UploadedModelStore store;
  private final ModelCache cache;

  public UploadedModelResolver(UploadedModelStore store, ModelCache cache) {
    this.store = store;
    this.cache = cache;
  }

  @Override
  public String source() {
    return UploadedModelBuilder.SOURCE;
  }

  @Override
  public Optional<Supplier<CnnModel>> resolve(String name) {
    if (!UploadedModelNames.isUploadName(name)) {
      return Optional.empty();
    }
    ModelManifest manifest = store.manifestOf(name);
    return Optional.of(() -> UploadedModelBuilder.fromManifest(localFile(manifest), manifest));
  }

  private Path localFile(ModelManifest manifest) {
    Path cached = cache.fileOf(manifest.sha256(), manifest.format());
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    Path download = cache.incomingPath();
    try {
      store.download(manifest, download);
      String actual = ModelDigest.of(download, manifest.parts());
      if (!actual.equals(manifest.sha256())) {
        throw new IllegalStateException(
            "the stored file of model " + manifest.sha256() + " has digest " + actual);
      }
      return cache.keep(download, manifest.sha256(), manifest.format());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the downloaded model file", e);
    } finally {
      try {
        Files.deleteIfExists(download);
      } catch (IOException e) {
        // only a leftover in the cache's incoming folder
      }
    }
  }
}
