package dev.convscope.inference.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drawn weights of each model and set of drawing options, kept after the first run: weights do
 * not change between images, so they are drawn once per model and then answered from here. (Their
 * pictures are content addressed too, so another replica drawing them again writes nothing new.)
 *
 * @param <R> a drawn layer, as the drawing side answers it
 */
public class DrawnWeights<R> {

  private final Map<String, List<R>> byModelAndOptions = new ConcurrentHashMap<>();

  Optional<List<R>> find(String key) {
    return Optional.ofNullable(byModelAndOptions.get(key));
  }

  void keep(String key, List<R> results) {
    byModelAndOptions.put(key, List.copyOf(results));
  }
}
