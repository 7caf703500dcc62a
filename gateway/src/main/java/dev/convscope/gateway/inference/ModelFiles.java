package dev.convscope.gateway.inference;

import dev.convscope.api.v1.ModelFormat;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.UnsupportedMedia;
import java.util.HexFormat;
import java.util.Locale;

/** Knows model files by their media type and their first bytes. */
public final class ModelFiles {

  /** DL4J's ModelSerializer writes zips. */
  public static final String DL4J_ZIP = "application/zip";

  /** Keras' model.save("model.h5"). */
  public static final String KERAS_HDF5 = "application/x-hdf5";

  /** torch.onnx.export and other exporters: a protobuf ModelProto, with no signature of its own. */
  public static final String ONNX = "application/onnx";

  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private ModelFiles() {}

  /** The format of a media type; unspecified for any other type. */
  public static ModelFormat formatOf(String mediaType) {
    if (mediaType == null) {
      return ModelFormat.MODEL_FORMAT_UNSPECIFIED;
    }
    String type = mediaType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case DL4J_ZIP, "application/x-zip-compressed" -> ModelFormat.MODEL_FORMAT_DL4J_ZIP;
      case KERAS_HDF5, "application/x-hdf" -> ModelFormat.MODEL_FORMAT_KERAS_HDF5;
      case ONNX -> ModelFormat.MODEL_FORMAT_ONNX;
      default -> ModelFormat.MODEL_FORMAT_UNSPECIFIED;
    };
  }

  /** The format a file's first bytes show: a zip or HDF5's signature; unspecified otherwise. */
  public static ModelFormat formatOfContent(byte[] start) {
    if (startsWith(start, ZIP_SIGNATURE)) {
      return ModelFormat.MODEL_FORMAT_DL4J_ZIP;
    }
    if (startsWith(start, HDF5_SIGNATURE)) {
      return ModelFormat.MODEL_FORMAT_KERAS_HDF5;
    }
    return ModelFormat.MODEL_FORMAT_UNSPECIFIED;
  }

  /**
   * Throws {@link UnsupportedMedia} unless the file starts as its format's files do: a zip's local
   * header, or HDF5's signature. A Caffe model's first file is a prototxt and an ONNX file a bare
   * protobuf message, neither with a signature: the inference service reads them and names what is
   * wrong.
   */
  static void requireFormat(ModelFormat format, byte[] start) {
    byte[] signature =
        switch (format) {
          case MODEL_FORMAT_DL4J_ZIP -> ZIP_SIGNATURE;
          case MODEL_FORMAT_KERAS_HDF5 -> HDF5_SIGNATURE;
          case MODEL_FORMAT_CAFFE, MODEL_FORMAT_ONNX -> new byte[0];
          default ->
              throw new InvalidInput(
                  "the model format must be DL4J zip, Keras HDF5, Caffe or ONNX");
        };
    if (!startsWith(start, signature)) {
      String name = format == ModelFormat.MODEL_FORMAT_DL4J_ZIP ? "a zip" : "an HDF5 file";
      throw new UnsupportedMedia(
          "the model file is not "
              + name
              + ": it starts with bytes "
              + HexFormat.ofDelimiter(" ").formatHex(start, 0, Math.min(start.length, 8)));
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] signature) {
    if (bytes.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (bytes[i] != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
