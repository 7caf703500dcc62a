package dev.convscope.inference.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The models this service can run, by name. Each is loaded on first use and then kept: loading
 * CaffeNet takes seconds and a quarter of a gigabyte, so it happens once per process.
 */
@ApplicationScoped
public class ModelCatalog {

  private final Map<String, Supplier<CnnModel>> loaders = new ConcurrentHashMap<>();
  private final Map<String, CnnModel> loaded = new ConcurrentHashMap<>();
  private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Makes a model available under {@code name}; the loader runs on first use. */
  public void register(String name, Supplier<CnnModel> loader) {
    if (loaders.putIfAbsent(name, loader) == null) {
      order.add(name);
    }
  }

  public CnnModel get(String name) {
    Supplier<CnnModel> loader = loaders.get(name);
    if (loader == null) {
      throw new ModelNotFoundException("unknown model '" + name + "'; this service has " + String.join(", ", order));
    }
    return loaded.computeIfAbsent(name, n -> loader.get());
  }

  /** Model names in the order they were registered. */
  public List<String> names() {
    return new ArrayList<>(order);
  }
}
