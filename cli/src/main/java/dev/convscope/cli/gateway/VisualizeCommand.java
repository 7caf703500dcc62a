package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.cli.gateway.GatewayClient.GatewayException;
import dev.convscope.console.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./convscope visualize IMAGE --out DIR}: runs an image on a running gateway and saves the
 * run's manifest.json and every layer's pictures into DIR, with a progress bar while layers arrive.
 * Predictions from untrained weights are printed under the gateway's warning.
 */
@Command(
    name = "visualize",
    mixinStandardHelpOptions = true,
    description = {
      "Runs IMAGE through a model on a running gateway (./convscope up) and writes every layer's",
      "pictures (LAYER-KIND-PICTURE.png) and the run's manifest.json into the output folder;",
      "with --npy, each layer's values too (LAYER-KIND.npy)."
    })
public final class VisualizeCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "IMAGE", description = "A PNG or JPEG file.")
  Path image;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for manifest.json and the PNGs (created if missing).")
  Path out;

  @Option(
      names = "--model",
      split = ",",
      paramLabel = "NAME|FILE",
      description = {
        "Model name or sha256:<digest>, or the model's files on this machine",
        "(deploy.prototxt,net.caffemodel or net.onnx), added to the gateway first;",
        "default: the gateway's built-in model."
      })
  List<String> models = List.of();

  /** The model the run names: given by name, or the name its files got when added. */
  private String model;

  @Option(
      names = "--layers",
      split = ",",
      paramLabel = "LAYER",
      description = "Only these layers (comma-separated names); default: every layer.")
  List<String> layers = List.of();

  @Option(names = "--colormap", paramLabel = "NAME", description = "jet, hot, viridis, gray, ...")
  String colormap;

  @Option(names = "--max-width", paramLabel = "PIXELS", description = "Width budget of a picture.")
  Integer maxWidth;

  @Option(names = "--top-k", paramLabel = "K", description = "Predictions to show (default 5).")
  Integer topK;

  @Option(names = "--skip-weights", description = "Leave the weights out.")
  boolean skipWeights;

  @Option(
      names = "--npy",
      description = "Save each layer's values as LAYER-KIND.npy (float32), the numbers drawn.")
  boolean npy;

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      defaultValue = "${env:CONVSCOPE_GATEWAY_URL:-http://localhost:8080}",
      description = "The gateway's address (default: ${DEFAULT-VALUE}).")
  URI gateway;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:CONVSCOPE_API_KEY}",
      description = "The gateway's API key, when it requires one (default: CONVSCOPE_API_KEY).")
  String apiKey;

  @Spec CommandLine.Model.CommandSpec spec;

  private final HttpClient http = HttpClient.newHttpClient();

  public static void main(String[] args) {
    System.exit(new CommandLine(new VisualizeCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    if (!Files.isRegularFile(image)) {
      err.println("visualize: there is no file " + image);
      return 2;
    }
    Files.createDirectories(out);
    HttpResponse<Stream<String>> response;
    try {
      model = modelToRun(err);
      response = http.send(runRequest(), HttpResponse.BodyHandlers.ofLines());
    } catch (ConnectException e) {
      err.println(
          "visualize: no gateway answers at "
              + gateway
              + "; start one with ./convscope up, or name it with --gateway");
      return 3;
    } catch (GatewayException e) {
      err.println("visualize: " + e.getMessage());
      return 1;
    }
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() != 200) {
        err.println("visualize: " + problemDetail(response.statusCode(), lines));
        return 1;
      }
      return save(lines.filter(line -> !line.isBlank()).iterator(), stdout, err);
    }
  }

  /**
   * The name to run: the one given, or, when --model names files on this machine, the name the
   * gateway stores them under (the same files again are answered from what is stored).
   */
  private String modelToRun(PrintWriter err) throws IOException, InterruptedException {
    List<Path> files = models.stream().map(Path::of).filter(ModelUpload::isModelFile).toList();
    if (files.isEmpty()) {
      if (models.size() > 1) {
        throw new GatewayException(
            "--model names one model, or its files on this machine; "
                + String.join(",", models)
                + " are neither");
      }
      return models.isEmpty() ? null : models.get(0);
    }
    if (files.size() != models.size()) {
      throw new GatewayException("--model mixes files and names: " + String.join(",", models));
    }
    return new ModelUpload(files, null, null, null, null, null)
        .send(new GatewayClient(gateway, apiKey), err)
        .path("run")
        .asText();
  }

  /** Saves pictures as their layers arrive; answers the exit code. */
  private int save(Iterator<String> lines, PrintWriter stdout, PrintWriter err) throws Exception {
    ProgressBar progress = new ProgressBar(err);
    List<String> predictions = new ArrayList<>();
    String weightsNotice = null;
    int layerCount = 0;
    int layersSaved = 0;
    int picturesSaved = 0;
    int valuesSaved = 0;
    List<String> health = new ArrayList<>();
    boolean fromManifest = false;
    while (lines.hasNext()) {
      JsonNode event = JSON.readTree(lines.next());
      switch (event.path("type").asText()) {
        case "started" -> {
          layerCount = event.path("layer_count").asInt();
          fromManifest = event.path("from_manifest").asBoolean();
          progress.show(0, layerCount, "run " + event.path("run_id").asText());
        }
        case "predictions" -> {
          if (event.hasNonNull("weights_notice")) {
            weightsNotice = event.path("weights_notice").asText();
          }
          for (JsonNode prediction : event.path("predictions")) {
            predictions.add(
                String.format(
                    Locale.ROOT,
                    "%6.2f%%  %s",
                    100 * prediction.path("probability").asDouble(),
                    prediction.path("label").asText()));
          }
        }
        case "layer" -> {
          JsonNode layer = event.path("layer");
          for (JsonNode picture : layer.path("pictures")) {
            String name =
                PictureFiles.name(
                    layer.path("name").asText(),
                    layer.path("kind").asText(),
                    picture.path("kind").asText());
            download(picture.path("url").asText(), out.resolve(name));
            picturesSaved++;
          }
          if (layer.hasNonNull("npy_url")) {
            download(
                layer.path("npy_url").asText(),
                out.resolve(
                    PictureFiles.valuesName(
                        layer.path("name").asText(), layer.path("kind").asText())));
            valuesSaved++;
          }
          layersSaved++;
          if (layer.path("kind").asText().equals("activation")) {
            health.add(LayerHealthLine.of(layer));
          }
          progress.show(layersSaved, layerCount, layer.path("name").asText());
        }
        case "finished" -> {
          download(event.path("manifest_url").asText(), out.resolve("manifest.json"));
          progress.end();
          if (weightsNotice != null) {
            stdout.println("warning: " + weightsNotice);
          }
          predictions.forEach(stdout::println);
          health.forEach(stdout::println);
          stdout.printf(
              "%d layers, %d pictures%s and manifest.json in %s%s%n",
              layersSaved,
              picturesSaved,
              valuesSaved > 0 ? ", " + valuesSaved + " .npy files" : "",
              out,
              fromManifest ? " (answered from a stored run)" : "");
          stdout.flush();
          return 0;
        }
        case "error" -> {
          progress.end();
          err.println(
              "visualize: the run failed: " + event.path("problem").path("detail").asText());
          return 1;
        }
        default -> {
          // An event this client does not know yet.
        }
      }
    }
    progress.end();
    err.println("visualize: the gateway ended the run before it finished");
    return 1;
  }

  private HttpRequest runRequest() throws IOException {
    StringBuilder query = new StringBuilder();
    addParameter(query, "model", model);
    addParameter(query, "layers", layers.isEmpty() ? null : String.join(",", layers));
    addParameter(query, "colormap", colormap);
    addParameter(query, "max_width", maxWidth);
    addParameter(query, "top_k", topK);
    addParameter(query, "skip_weights", skipWeights ? true : null);
    addParameter(query, "npy", npy ? true : null);
    String type = image.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g") ? "jpeg" : "png";
    return GatewayClient.withKey(
            HttpRequest.newBuilder(gateway.resolve("/api/v1/runs" + query)), apiKey)
        .header("Content-Type", "image/" + type)
        .header("Accept", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofFile(image))
        .build();
  }

  private static void addParameter(StringBuilder query, String name, Object value) {
    if (value == null) {
      return;
    }
    query.append(query.isEmpty() ? '?' : '&');
    query.append(name).append('=');
    query.append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
  }

  /** Fetches a picture or manifest: its URL is the gateway's own path, or absolute. */
  private void download(String url, Path target) throws IOException, InterruptedException {
    HttpResponse<Path> response =
        http.send(
            HttpRequest.newBuilder(gateway.resolve(url)).build(),
            HttpResponse.BodyHandlers.ofFile(target));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(target);
      throw new IOException(
          "fetching " + target.getFileName() + " answered " + response.statusCode());
    }
  }

  private static String problemDetail(int status, Stream<String> lines) {
    return GatewayClient.problemDetail(status, String.join("\n", lines.toList()));
  }
}
