package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.cli.gateway.GatewayClient.GatewayException;
import dev.convscope.console.ProgressBar;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
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

    /** Which form field a file goes in, by its extension. */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
      FIELDS.put(".prototxt", "network");
      FIELDS.put(".caffemodel", "weights");
      FIELDS.put(".binaryproto", "mean");
      FIELDS.put(".zip", "model");
      FIELDS.put(".h5", "model");
      FIELDS.put(".hdf5", "model");
      FIELDS.put(".onnx", "model");
    }

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
      MultipartEntityBuilder form = MultipartEntityBuilder.create();
      List<String> fields = new ArrayList<>();
      long bytes = 0;
      for (Path file : files) {
        String field = fieldOf(file);
        if (fields.contains(field)) {
          throw new GatewayException(
              "two files for the model's " + field + " (" + file.getFileName() + ")");
        }
        fields.add(field);
        bytes += Files.size(file);
        form.addBinaryBody(
            field,
            file.toFile(),
            ContentType.APPLICATION_OCTET_STREAM,
            file.getFileName().toString());
      }
      if (labels != null) {
        requireFile(labels);
        form.addBinaryBody(
            "labels", labels.toFile(), ContentType.TEXT_PLAIN, labels.getFileName().toString());
      }
      if (name != null) {
        form.addTextBody("name", name, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8));
      }
      if (preset != null) {
        form.addTextBody("preset", preset, ContentType.TEXT_PLAIN);
      }
      if (height != null) {
        form.addTextBody("height", height.toString(), ContentType.TEXT_PLAIN);
      }
      if (width != null) {
        form.addTextBody("width", width.toString(), ContentType.TEXT_PLAIN);
      }
      HttpEntity entity = form.build();
      PrintWriter err = spec.commandLine().getErr();
      Upload progress = new Upload(err, entity.getContentLength());
      JsonNode stored = models.gateway.client().postForm("/api/v1/models", entity, progress::sent);
      progress.end();
      JsonNode model = stored.path("model");
      String shown = model.path("display_name").asText("");
      err.printf(
          Locale.ROOT,
          "%s %s: %d layers, input %dx%dx%d (%s)%n",
          stored.path("already_stored").asBoolean() ? "already stored" : "stored",
          shown.isEmpty() ? files.get(0).getFileName().toString() : shown,
          model.path("layers").size(),
          model.path("input").path("channels").asInt(),
          model.path("input").path("height").asInt(),
          model.path("input").path("width").asInt(),
          model.path("input").path("preprocessing").asText());
      spec.commandLine().getOut().println(stored.path("run").asText());
      return 0;
    }

    private static String fieldOf(Path file) throws GatewayException {
      requireFile(file);
      String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
      return FIELDS.entrySet().stream()
          .filter(known -> fileName.endsWith(known.getKey()))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElseThrow(
              () ->
                  new GatewayException(
                      "cannot tell what "
                          + file.getFileName()
                          + " is: a model's files end in "
                          + String.join(", ", FIELDS.keySet())));
    }

    private static void requireFile(Path file) throws GatewayException {
      if (!Files.isRegularFile(file)) {
        throw new GatewayException("there is no file " + file);
      }
    }
  }

  /** The upload's progress bar: redrawn at most once per percent, from the thread that sends. */
  private static final class Upload {

    private final ProgressBar bar;
    private final long total;
    private long shownPercent = -1;

    Upload(PrintWriter err, long total) {
      this.bar = new ProgressBar(err);
      this.total = total;
    }

    synchronized void sent(long bytes) {
      long percent = total <= 0 ? 100 : 100 * bytes / total;
      if (percent != shownPercent) {
        shownPercent = percent;
        bar.show("uploading ", bytes, total, "  " + size(bytes) + " of " + size(total));
      }
    }

    private static String size(long bytes) {
      return bytes < 1_000_000
          ? String.format(Locale.ROOT, "%.0f kB", bytes / 1e3)
          : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    synchronized void end() {
      bar.end();
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
