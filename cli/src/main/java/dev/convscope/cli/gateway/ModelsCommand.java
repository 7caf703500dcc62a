package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./convscope models}: add, list and remove the models a running gateway can run. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Adds your own models to a running gateway, lists and removes them.",
    subcommands = {
      ModelsCommand.Add.class,
      ModelsCommand.ListModels.class,
      ModelsCommand.Remove.class
    })
public final class ModelsCommand {

  @Mixin GatewayOptions gateway;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelsCommand()).execute(args));
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Uploads a model and prints the name to run it by (sha256:...).",
        "A Caffe model is its deploy.prototxt and .caffemodel, with an optional mean file",
        "(.binaryproto); an ONNX file, a DL4J zip or a Keras HDF5 file comes alone."
      })
  static final class Add implements Callable<Integer> {

    @ParentCommand ModelsCommand models;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The model's files.")
    List<Path> files;

    @Option(
        names = "--labels",
        paramLabel = "FILE",
        description = "Class names, one per line (synset_words.txt form keeps the WordNet ids).")
    Path labels;

    @Option(names = "--name", paramLabel = "NAME", description = "A name for people to know it by.")
    String name;

    @Option(
        names = "--preset",
        paramLabel = "NAME",
        description =
            "How images are prepared: caffe (a Caffe model's default), digits or torchvision.")
    String preset;

    @Option(
        names = "--height",
        paramLabel = "PIXELS",
        description = "The input's height, for an ONNX file that leaves it symbolic.")
    Integer height;

    @Option(
        names = "--width",
        paramLabel = "PIXELS",
        description = "The input's width, for an ONNX file that leaves it symbolic.")
    Integer width;

    @Override
    public Integer call() throws Exception {
      return models.gateway.talk(spec, this::upload);
    }

    private int upload() throws Exception {
      JsonNode stored =
          new ModelUpload(files, labels, name, preset, height, width)
              .send(models.gateway.client(), spec.commandLine().getErr());
      spec.commandLine().getOut().println(stored.path("run").asText());
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the models the gateway can run, uploads with their names.")
  static final class ListModels implements Callable<Integer> {

    @ParentCommand ModelsCommand models;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return models.gateway.talk(
          spec,
          () -> {
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode model : models.gateway.client().get("/api/v1/models")) {
              out.println(describe(model));
            }
            return 0;
          });
    }

    /** One line: name, source, what its weights are, and the name a person gave it. */
    static String describe(JsonNode model) {
      String weights =
          !model.has("pretrained")
              ? "not loaded yet"
              : model.path("pretrained").asBoolean() ? "trained weights" : "RANDOM weights";
      return String.format(
              Locale.ROOT,
              "%-71s %-9s %-16s %s",
              model.path("name").asText(),
              model.path("source").asText(),
              weights,
              model.path("display_name").asText(""))
          .stripTrailing();
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes an uploaded model (sha256:...); models that come with Convscope stay.")
  static final class Remove implements Callable<Integer> {

    @ParentCommand ModelsCommand models;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The model's sha256: name.")
    String model;

    @Override
    public Integer call() throws Exception {
      return models.gateway.talk(
          spec,
          () -> {
            models
                .gateway
                .client()
                .delete("/api/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8));
            spec.commandLine().getOut().println("removed " + model);
            return 0;
          });
    }
  }
}
