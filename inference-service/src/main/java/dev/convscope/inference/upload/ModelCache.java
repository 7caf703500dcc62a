package dev.convscope.inference.upload;

import dev.convscope.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * Model files on this machine: uploads while they are received ({@code incoming/}), and accepted or
 * downloaded files by digest ({@code {sha256}/model.zip}). A file appears under its digest only
 * once complete and checked (it is moved there in one step), so whatever is there can be loaded.
 */
@ApplicationScoped
public class ModelCache {

  private final Path root;

  public ModelCache(InferenceConfig config) {
    try {
      this.root =
          config.modelCacheDir().isPresent()
              ? Files.createDirectories(config.modelCacheDir().get())
              : Files.createTempDirectory("convscope-models");
      Files.createDirectories(root.resolve("incoming"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the model cache", e);
    }
  }

  /** A new file to receive an upload of these parts into, holding at most {@code maxBytes}. */
  IncomingModelFile incoming(long maxBytes, List<ModelPart> parts) {
    return new IncomingModelFile(
        root.resolve("incoming").resolve(UUID.randomUUID() + ".part"),
        maxBytes,
        new ModelDigest(parts));
  }

  /** Where the file of a digest is kept; it may not be there. */
  Path fileOf(String sha256, ModelFileFormat format) {
    return root.resolve(sha256).resolve(format.fileName());
  }

  /** Moves a complete, checked file under its digest; returns where it now is. */
  Path keep(Path complete, String sha256, ModelFileFormat format) {
    Path target = fileOf(sha256, format);
    try {
      Files.createDirectories(target.getParent());
      try {
        Files.move(
            complete, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(complete, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the model file in the model cache", e);
    }
  }

  /** Deletes the kept file of a digest, if this machine has it. */
  void forget(String sha256) {
    Path folder = root.resolve(sha256);
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (NoSuchFileException e) {
      // never kept here
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the cached model " + sha256, e);
    }
  }

  /** A new name in {@code incoming/} for a download. */
  Path incomingPath() {
    return root.resolve("incoming").resolve(UUID.randomUUID() + ".part");
  }
}
