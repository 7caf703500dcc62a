package dev.convscope.inference.upload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The file formats a user's model may come in, each known by the bytes it starts with. */
public enum ModelFileFormat {
  /** A zip written by DL4J's ModelSerializer. */
  DL4J_ZIP(
      "dl4j-zip", "model.zip", "application/zip", "a DL4J model zip", new byte[] {'P', 'K', 3, 4}),
  /** A Keras model saved as HDF5. */
  KERAS_HDF5(
      "keras-hdf5",
      "model.h5",
      "application/x-hdf5",
      "a Keras HDF5 file",
      new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}),
  /**
   * A Caffe network with its weights (and optionally a mean file): files sent as parts, kept one
   * after another in one file. Its parts are checked by their readers, not by a signature.
   */
  CAFFE(
      "caffe",
      "model.caffe",
      "application/octet-stream",
      "a Caffe network with its weights",
      new byte[0]),
  /**
   * An ONNX model file. Protocol Buffers have no signature: it is told from the formats that have
   * one by not starting as they do, and checked by its reader.
   */
  ONNX("onnx", "model.onnx", "application/octet-stream", "an ONNX model", new byte[0]);

  private final String key;
  private final String fileName;
  private final String contentType;
  private final String description;
  private final byte[] signature;

  ModelFileFormat(
      String key, String fileName, String contentType, String description, byte[] signature) {
    this.key = key;
    this.fileName = fileName;
    this.contentType = contentType;
    this.description = description;
    this.signature = signature;
  }

  /** The format's name in a stored model's description, such as "dl4j-zip". */
  @JsonValue
  public String key() {
    return key;
  }

  @JsonCreator
  public static ModelFileFormat ofKey(String key) {
    return Arrays.stream(values())
        .filter(f -> f.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model file format '" + key + "'"));
  }

  /** The name the file is stored under: "model.zip", "model.h5", "model.caffe" or "model.onnx". */
  public String fileName() {
    return fileName;
  }

  public String contentType() {
    return contentType;
  }

  /** For messages: "a DL4J model zip", "a Keras HDF5 file", ... */
  public String description() {
    return description;
  }

  /** The format a file's first bytes announce, if any of those that have a signature. */
  public static Optional<ModelFileFormat> of(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8);
    }
    for (ModelFileFormat format : values()) {
      if (format.signature.length > 0
          && head.length >= format.signature.length
          && Arrays.equals(
              head, 0, format.signature.length, format.signature, 0, format.signature.length)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** For messages: what the file has to start with. */
  String signatureDescription() {
    return this == DL4J_ZIP ? "the zip signature" : "the HDF5 signature";
  }
}
