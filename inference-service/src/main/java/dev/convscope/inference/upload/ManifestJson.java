package dev.convscope.inference.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code model.json}: a {@link ModelManifest} as JSON with snake_case names. */
final class ManifestJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestJson() {}

  static byte[] write(ModelManifest manifest) {
    try {
      return JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelManifest read(byte[] json, String key) {
    try {
      JsonNode tree = JSON.readTree(json);
      int version = tree.path("version").asInt();
      if (version != ModelManifest.VERSION) {
        throw new IllegalStateException(
            key
                + " has layout version "
                + version
                + "; this service reads "
                + ModelManifest.VERSION);
      }
      return JSON.treeToValue(tree, ModelManifest.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          key + " is not a model description this service can read: " + e.getMessage(), e);
    }
  }
}
