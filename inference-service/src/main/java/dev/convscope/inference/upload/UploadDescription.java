package dev.convscope.inference.upload;

import java.util.List;

/**
 * What an upload says about its model file.
 *
 * @param displayName a name for people; may be empty
 * @param labels class labels by output index; may be empty
 */
public record UploadDescription(
    ModelFileFormat format,
    String displayName,
    List<String> labels,
    RequestedPreprocessing preprocessing) {

  public UploadDescription {
    labels = List.copyOf(labels);
  }
}
