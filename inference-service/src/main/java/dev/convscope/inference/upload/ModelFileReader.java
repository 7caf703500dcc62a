package dev.convscope.inference.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a model file of a declared format into a network and the image it takes. The file's first
 * bytes are checked against the format before any parser sees it, so a file of the other format or
 * of none is named plainly and never handed to the native HDF5 library by mistake.
 */
final class ModelFileReader {

  private ModelFileReader() {}

  /**
   * @param requestedSize height and width the upload gives, for files that do not state them
   */
  static LoadedNetwork read(
      Path file, ModelFileFormat declared, List<ModelPart> parts, Optional<int[]> requestedSize) {
    if (declared == ModelFileFormat.CAFFE) {
      return CaffeFileReader.read(file, parts);
    }
    Optional<ModelFileFormat> actual;
    try {
      actual = ModelFileFormat.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the received model file", e);
    }
    if (actual.isPresent() && actual.get() != declared) {
      throw new ModelRejectedException(
          "the file is "
              + actual.get().description()
              + ", but the upload declares "
              + declared.description());
    }
    if (declared == ModelFileFormat.ONNX) {
      return OnnxFileReader.read(file, requestedSize);
    }
    if (actual.isEmpty()) {
      throw new ModelRejectedException(
          "the file is not "
              + declared.description()
              + ": it does not start with "
              + declared.signatureDescription());
    }
    return switch (declared) {
      case DL4J_ZIP -> Dl4jZipReader.read(file, requestedSize);
      case KERAS_HDF5 -> KerasHdf5Reader.read(file);
      case CAFFE, ONNX -> throw new IllegalStateException("read above");
    };
  }
}
