package dev.convscope.cli.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.convscope.models.ModelSummary;
import dev.convscope.models.caffenet.CaffeTables;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.catalog.ModelRegistrations;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope summary MODEL}: the Caffe lab's two tables (blobs, parameters), or JSON. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description =
        "Prints a model's blobs (output shapes) and parameters (shapes), as Caffe's lab does.")
public final class SummaryCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "MODEL",
      description = "a model name: fashion-mnist, caffenet, lenet, alexnet, vgg16, resnet50")
  String model;

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
    ModelCatalog catalog = new ModelCatalog(java.util.List.of()); // named models only, no uploads
    ModelRegistrations.registerAll(catalog, modelsDir);
    ModelSummary summary = catalog.get(model).summary();
    System.out.print(json ? toJson(summary) : CaffeTables.format(summary));
    return 0;
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
