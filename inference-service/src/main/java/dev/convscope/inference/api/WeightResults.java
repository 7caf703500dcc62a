package dev.convscope.inference.api;

import dev.convscope.api.v1.LayerResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drawn weights of each model and set of drawing options, kept after the first run: weights do
 * not change between images, so they are drawn once per model and then answered from here. (Their
 * pictures are content addressed too, so another replica drawing them again writes nothing new.)
 */
@ApplicationScoped
public class WeightResults {

  private final Map<String, List<LayerResult>> byModelAndOptions = new ConcurrentHashMap<>();

  Optional<List<LayerResult>> find(String key) {
    return Optional.ofNullable(byModelAndOptions.get(key));
  }

  void keep(String key, List<LayerResult> results) {
    byModelAndOptions.put(key, List.copyOf(results));
  }
}
