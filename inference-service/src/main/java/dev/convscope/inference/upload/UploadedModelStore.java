package dev.convscope.inference.upload;

import dev.convscope.models.catalog.ModelNotFoundException;
import dev.convscope.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Accepted models in the bucket, by digest: {@code uploads/models/{sha256}/model.zip} (or {@code
 * model.h5}) and {@code uploads/models/{sha256}/model.json}. The description is written last: a
 * model counts as stored only once it is there, so an upload that fails halfway leaves nothing that
 * looks complete, and a retry writes what is missing.
 */
@ApplicationScoped
public class UploadedModelStore {

  public static final String PREFIX = "uploads/models/";

  private final ObjectStore objects;

  public UploadedModelStore(ObjectStore objects) {
    this.objects = objects;
  }

  public static String fileKey(String sha256, ModelFileFormat format) {
    return PREFIX + sha256 + "/" + format.fileName();
  }

  public static String manifestKey(String sha256) {
    return PREFIX + sha256 + "/model.json";
  }

  /** The stored description of the model with this digest, if it was accepted. */
  Optional<ModelManifest> manifest(String sha256) {
    String key = manifestKey(sha256);
    return objects.read(key).map(json -> ManifestJson.read(json, key));
  }

  /** Stores the file (unless a failed attempt stored it already), then its description. */
  void save(ModelManifest manifest, Path file) {
    String fileKey = fileKey(manifest.sha256(), manifest.format());
    if (!objects.size(fileKey).equals(Optional.of(manifest.sizeBytes()))) {
      objects.put(fileKey, file, manifest.format().contentType());
    }
    objects.put(manifestKey(manifest.sha256()), ManifestJson.write(manifest), "application/json");
  }

  /**
   * The description of the upload named {@code name} ("sha256:{hex}"); NOT_FOUND when no model with
   * this digest was accepted.
   */
  ModelManifest manifestOf(String name) {
    return manifest(UploadedModelNames.digestOf(name))
        .orElseThrow(
            () ->
                new ModelNotFoundException(
                    "unknown model '" + name + "': no model with this digest was uploaded"));
  }

  /** The descriptions of every stored model, in digest order. */
  List<ModelManifest> manifests() {
    return objects.list(PREFIX).stream()
        .filter(key -> key.endsWith("/model.json"))
        .map(key -> objects.read(key).map(json -> ManifestJson.read(json, key)))
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * Removes a stored model: its description first, so that no replica resolves it from then on,
   * then its file.
   */
  void delete(ModelManifest manifest) {
    objects.delete(manifestKey(manifest.sha256()));
    objects.delete(fileKey(manifest.sha256(), manifest.format()));
  }

  /** Writes the stored file of a model into {@code target}. */
  void download(ModelManifest manifest, Path target) {
    objects.download(fileKey(manifest.sha256(), manifest.format()), target);
  }
}
