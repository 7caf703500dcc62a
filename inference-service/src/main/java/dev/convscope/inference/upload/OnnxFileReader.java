package dev.convscope.inference.upload;

import dev.convscope.models.ImageLayout;
import dev.convscope.models.onnx.OnnxFormatException;
import dev.convscope.models.onnx.OnnxGraph;
import dev.convscope.models.onnx.OnnxModelReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads an ONNX model file into a graph whose blobs are named after the file's values. Its
 * preprocessing is torchvision's ({@link PreprocessingPreset#TORCHVISION}) unless the upload picks
 * another preset.
 */
final class OnnxFileReader {

  private OnnxFileReader() {}

  /**
   * @param requestedSize height and width the upload gives, for an input that leaves them symbolic
   */
  static LoadedNetwork read(Path file, Optional<int[]> requestedSize) {
    try {
      OnnxGraph graph = OnnxGraph.build(OnnxModelReader.read(file), requestedSize);
      int[] image = graph.imageShape();
      ImageInput input =
          new ImageInput(image[0], image[1], image[2], ImageLayout.NCHW, graph.imageSizeStated());
      return new LoadedNetwork(
          graph.graph(),
          input,
          graph.blobs(),
          Optional.of(PreprocessingPreset.TORCHVISION),
          Optional.empty());
    } catch (OnnxFormatException e) {
      throw new ModelRejectedException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the received ONNX file", e);
    }
  }
}
