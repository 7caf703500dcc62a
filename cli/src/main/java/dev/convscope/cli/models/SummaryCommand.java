package dev.convscope.cli.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.convscope.models.ModelSummary;
import dev.convscope.models.caffenet.CaffeTables;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.catalog.ModelRegistrations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convscope summary MODEL} or {@code convscope summary deploy.prototxt net.caffemodel}: the
 * Caffe lab's two tables (blobs, parameters), or JSON.
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description =
        "Prints a model's blobs (output shapes) and parameters (shapes), as Caffe's lab does.")
public final class SummaryCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description =
          "a model name (fashion-mnist, caffenet, lenet, alexnet, vgg16, resnet50), or a Caffe"
              + " network definition (deploy.prototxt) followed by its weights")
  String model;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "CAFFEMODEL",
      description = "the trained weights (.caffemodel) of the network definition MODEL")
  Path caffemodel;

  @Option(
      names = "--json",
      description = "print JSON: each layer's name, type, output shape and parameter shapes")
  boolean json;

  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      description = "where pretrained model zips are")
  Path modelsDir;

  @Override
  public Integer call() throws Exception {
    ModelSummary summary = caffemodel == null ? named() : imported();
    System.out.print(json ? toJson(summary) : CaffeTables.format(summary));
    return 0;
  }

  private ModelSummary named() {
    if (model.endsWith(".prototxt")) {
      throw new IllegalArgumentException(
          model + " is a Caffe network definition: give its .caffemodel after it");
    }
    ModelCatalog catalog = new ModelCatalog(List.of()); // named models only, no uploads
    ModelRegistrations.registerAll(catalog, modelsDir);
    return catalog.get(model).summary();
  }

  /** A Caffe network with its weights, imported as an upload would be. */
  private ModelSummary imported() throws IOException {
    return CaffeFiles.load(Path.of(model), caffemodel).summary();
  }

  static String toJson(ModelSummary summary) throws Exception {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", summary.name());
    root.put("digest", summary.digest());
    root.put("source", summary.source());
    root.put("pretrained", summary.pretrained());
    root.put("input", summary.preprocessing().inputShape());
    root.put("preprocessing", summary.preprocessing().description());
    root.put("parameter_count", summary.parameterCount());
    List<Map<String, Object>> layers =
        summary.layers().stream()
            .map(
                layer -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("name", layer.name());
                  entry.put("type", layer.type());
                  entry.put("output_shape", layer.outputShape());
                  Map<String, int[]> parameters = new LinkedHashMap<>();
                  layer.parameters().forEach(p -> parameters.put(p.name(), p.shape()));
                  entry.put("parameters", parameters);
                  return entry;
                })
            .toList();
    root.put("layers", layers);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
        + "\n";
  }
}
