package dev.convscope.inference.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.attribution.AttributionMethod;
import dev.convscope.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stored explanations: each one as JSON under a key naming the model, the image and the options,
 * written after all its pictures and maps, so that a manifest found means everything it lists is
 * there and the same request is answered without a gradient pass.
 *
 * <pre>
 * attributions/MODEL_DIGEST/IMAGE_DIGEST/explanations/OPTIONS_DIGEST.json
 * </pre>
 */
final class ExplanationManifests {

  /** The layout of the JSON; a manifest of another version is computed again, not read. */
  static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectStore objects;

  ExplanationManifests(ObjectStore objects) {
    this.objects = objects;
  }

  /**
   * @param gradCamLayer the layer Grad-CAM is taken at, the default resolved; empty without
   *     Grad-CAM
   */
  static String keyOf(
      String modelDigest, String imageDigest, ExplainRequestSpec request, String gradCamLayer) {
    // Only what changes the answer: settings of methods not asked for are left out.
    String options =
        "class="
            + (request.classIndex().isPresent() ? request.classIndex().getAsInt() : "")
            + ";top_k="
            + request.topK()
            + ";methods="
            + request.methods().stream()
                .sorted()
                .map(AttributionMethod::id)
                .collect(Collectors.joining(","))
            + ";layer="
            + gradCamLayer
            + ";samples="
            + (request.methods().contains(AttributionMethod.SMOOTH_GRAD) ? request.samples() : 0)
            + ";steps="
            + (request.methods().contains(AttributionMethod.INTEGRATED_GRADIENTS)
                ? request.steps()
                : 0)
            + ";colormap="
            + request.colormap();
    return "attributions/"
        + modelDigest
        + "/"
        + imageDigest
        + "/explanations/"
        + Sha256.hex(options.getBytes(StandardCharsets.UTF_8))
        + ".json";
  }

  Optional<Explanation> find(String key) {
    return objects.read(key).flatMap(json -> parse(json, key)).map(Explanation::asRead);
  }

  void save(Explanation explanation) {
    try {
      byte[] json = JSON.writeValueAsBytes(new Stored(VERSION, explanation));
      objects.put(explanation.manifestKey(), json, "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A manifest this service cannot read is treated as absent: the explanation is redone. */
  private static Optional<Explanation> parse(byte[] json, String key) {
    try {
      JsonNode tree = JSON.readTree(json);
      if (tree.path("version").asInt() != VERSION) {
        return Optional.empty();
      }
      return Optional.of(JSON.treeToValue(tree, Stored.class).explanation());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private record Stored(int version, Explanation explanation) {}
}
