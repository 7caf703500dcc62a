package dev.convscope.inference.upload;

/** What one file of a model sent in several parts is. */
public enum ModelPartRole {
  /** A Caffe network definition: deploy.prototxt, text format. */
  CAFFE_NETWORK("caffe-network", "a Caffe network definition (deploy.prototxt)"),
  /** A Caffe model's trained weights: a .caffemodel. */
  CAFFE_WEIGHTS("caffe-weights", "Caffe weights (.caffemodel)"),
  /** A Caffe mean image: a .binaryproto. */
  CAFFE_MEAN("caffe-mean", "a Caffe mean file (.binaryproto)");

  private final String key;
  private final String description;

  ModelPartRole(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** The role's name in a stored model's description, such as "caffe-weights". */
  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return key;
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static ModelPartRole ofKey(String key) {
    for (ModelPartRole role : values()) {
      if (role.key.equals(key)) {
        return role;
      }
    }
    throw new IllegalArgumentException("no model part role '" + key + "'");
  }

  /** For messages. */
  public String description() {
    return description;
  }
}
