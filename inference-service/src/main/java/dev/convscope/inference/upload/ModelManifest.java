package dev.convscope.inference.upload;

import dev.convscope.models.Preprocessing;
import java.util.List;

/**
 * What is stored next to an accepted model file as {@code model.json}: enough to run the file in
 * any replica without looking at the upload again.
 *
 * @param version of this layout, for later changes
 * @param sha256 hex SHA-256 of the file
 * @param sizeBytes the file's size
 * @param parts the files the stored file holds one after another; empty for a file of one model
 */
public record ModelManifest(
    int version,
    String sha256,
    ModelFileFormat format,
    long sizeBytes,
    String displayName,
    List<String> labels,
    Preprocessing preprocessing,
    List<ModelPart> parts) {

  public static final int VERSION = 1;

  public ModelManifest {
    labels = List.copyOf(labels);
    // Descriptions stored before models came in parts have none.
    parts = parts == null ? List.of() : List.copyOf(parts);
  }
}
