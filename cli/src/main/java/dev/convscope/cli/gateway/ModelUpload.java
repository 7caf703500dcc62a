package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.cli.gateway.GatewayClient.GatewayException;
import dev.convscope.console.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A model's files on this machine sent to the gateway as one form, each file in the field its
 * extension names, with a progress bar: what {@code models add} and {@code visualize --model FILES}
 * do.
 *
 * @param labels a labels file, or null
 * @param name a name for people, or null
 * @param preset a preprocessing preset, or null for the format's own
 * @param height the input's height for a file that leaves it symbolic, or null
 * @param width the input's width for a file that leaves it symbolic, or null
 */
record ModelUpload(
    List<Path> files, Path labels, String name, String preset, Integer height, Integer width) {

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

  /** Whether a path names a model file on this machine, rather than a model by name. */
  static boolean isModelFile(Path file) {
    return Files.isRegularFile(file) && fieldOf(file) != null;
  }

  /**
   * Sends the form and answers the gateway's {@code UploadedModel} ({@code run}, {@code
   * already_stored}, {@code model}); says on {@code err} what was stored.
   */
  JsonNode send(GatewayClient client, PrintWriter err) throws IOException, InterruptedException {
    MultipartEntityBuilder form = MultipartEntityBuilder.create();
    List<String> fields = new ArrayList<>();
    for (Path file : files) {
      requireFile(file);
      String field = fieldOf(file);
      if (field == null) {
        throw new GatewayException(
            "cannot tell what "
                + file.getFileName()
                + " is: a model's files end in "
                + String.join(", ", FIELDS.keySet()));
      }
      if (fields.contains(field)) {
        throw new GatewayException(
            "two files for the model's " + field + " (" + file.getFileName() + ")");
      }
      fields.add(field);
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
    text(form, "name", name);
    text(form, "preset", preset);
    text(form, "height", height);
    text(form, "width", width);
    HttpEntity entity = form.build();
    Progress progress = new Progress(err, entity.getContentLength());
    JsonNode stored = client.postForm("/api/v1/models", entity, progress::sent);
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
    return stored;
  }

  private static void text(MultipartEntityBuilder form, String field, Object value) {
    if (value != null) {
      form.addTextBody(
          field, value.toString(), ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8));
    }
  }

  private static String fieldOf(Path file) {
    String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return FIELDS.entrySet().stream()
        .filter(known -> fileName.endsWith(known.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private static void requireFile(Path file) throws GatewayException {
    if (!Files.isRegularFile(file)) {
      throw new GatewayException("there is no file " + file);
    }
  }

  /** The upload's progress bar: redrawn at most once per percent, from the thread that sends. */
  private static final class Progress {

    private final ProgressBar bar;
    private final long total;
    private long shownPercent = -1;

    Progress(PrintWriter err, long total) {
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
}
