package dev.convscope.inference.upload;

import java.util.Objects;

/**
 * One file of a model sent in several parts, such as a Caffe network and its weights; the parts'
 * bytes follow one another in the received file.
 *
 * @param fileName the file's name on the sender's disk, for messages only
 */
public record ModelPart(ModelPartRole role, long sizeBytes, String fileName) {

  public ModelPart {
    Objects.requireNonNull(role, "role");
    fileName = fileName == null ? "" : fileName;
  }

  /** For messages: the file's name when the sender gave one, else what it is. */
  public String named() {
    return fileName.isEmpty() ? role.description() : fileName;
  }
}
