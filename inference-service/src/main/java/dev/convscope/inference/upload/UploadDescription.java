package dev.convscope.inference.upload;

import java.util.List;

/**
 * What an upload says about its model file.
 *
 * @param displayName a name for people; may be empty
 * @param labels class labels by output index; may be empty
 * @param parts the files of a model sent in several, in the order their bytes follow one another;
 *     empty for a model of one file
 */
public record UploadDescription(
    ModelFileFormat format,
    String displayName,
    List<String> labels,
    RequestedPreprocessing preprocessing,
    List<ModelPart> parts) {

  public UploadDescription {
    labels = List.copyOf(labels);
    parts = List.copyOf(parts);
  }
}
