package dev.convscope.render.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.contract.options.Colormap;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.render.DrawingOptions;
import dev.convscope.render.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A conformance case directory: {@code case.json} (shape, colormap, normalize, max_width) and
 * {@code input.f32} (raw little-endian float32, C order).
 */
public record CaseDirectory(
    Path directory, Tensor tensor, DrawingOptions options, boolean weights) {

  public static boolean looksLikeOne(Path path) {
    return Files.isRegularFile(path.resolve("case.json"));
  }

  public static CaseDirectory read(Path directory) throws IOException {
    JsonNode spec = new ObjectMapper().readTree(directory.resolve("case.json").toFile());
    JsonNode shapeNode = required(spec, "shape", directory);
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt();
    }
    Tensor.checkShape(shape);
    byte[] raw = Files.readAllBytes(directory.resolve("input.f32"));
    long expected = Tensor.elementCount(shape) * Float.BYTES;
    if (raw.length != expected) {
      throw new IllegalArgumentException(
          directory.resolve("input.f32")
              + " holds "
              + raw.length
              + " bytes; the shape in case.json needs "
              + expected);
    }
    float[] values = new float[raw.length / Float.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    DrawingOptions options =
        DrawingOptions.digits()
            .withColormap(Colormap.named(spec.path("colormap").asText(Colormap.DEFAULT)))
            .withNormalize(spec.path("normalize").asBoolean(true))
            .withMaxWidth(spec.path("max_width").asInt(RenderOptions.DEFAULT_MAX_WIDTH));
    boolean weights = "weights".equals(spec.path("kind").asText());
    return new CaseDirectory(directory, new Tensor(shape, values), options, weights);
  }

  private static JsonNode required(JsonNode spec, String field, Path directory) {
    JsonNode node = spec.get(field);
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(
          directory.resolve("case.json") + " has no '" + field + "' array");
    }
    return node;
  }
}
