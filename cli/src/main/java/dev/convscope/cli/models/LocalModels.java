package dev.convscope.cli.models;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.CnnModel;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.catalog.ModelRegistrations;
import dev.convscope.models.onnx.OnnxGraph;
import dev.convscope.models.onnx.OnnxModelReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model named on the command line, loaded in this process: a catalog name ({@code fashion-mnist},
 * {@code caffenet}, ...), a Caffe network and its weights ({@code deploy.prototxt,net.caffemodel}),
 * or an ONNX file ({@code net.onnx}), the files imported as an upload would be.
 */
public final class LocalModels {

  private LocalModels() {}

  /**
   * @param modelsDir where pretrained model zips are; null for the default
   */
  public static CnnModel load(String model, Path modelsDir) throws IOException {
    String[] files = model.split(",");
    if (files.length == 2) {
      return CaffeFiles.load(Path.of(files[0]), Path.of(files[1]));
    }
    if (files.length > 2) {
      throw new IllegalArgumentException(
          "give a model name, deploy.prototxt,net.caffemodel or net.onnx, not " + model);
    }
    if (model.endsWith(".prototxt")) {
      throw new IllegalArgumentException(
          model + " is a Caffe network definition: give its weights after a comma");
    }
    if (model.endsWith(".onnx")) {
      return onnx(Path.of(model));
    }
    ModelCatalog catalog = new ModelCatalog(List.of()); // named models only, no uploads
    ModelRegistrations.registerAll(catalog, modelsDir);
    return catalog.get(model);
  }

  private static CnnModel onnx(Path file) throws IOException {
    OnnxGraph graph;
    try (InputStream in = Files.newInputStream(file)) {
      graph = OnnxGraph.build(OnnxModelReader.read(in), Optional.empty());
    }
    return graph.toModel(
        file.getFileName().toString(), Sha256.hex(file), graph.defaultPreprocessing(), List.of());
  }
}
