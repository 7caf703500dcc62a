package dev.convscope.inference.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The models this service can run, by name. Each is loaded on first use and then kept: loading
 * CaffeNet takes seconds and a quarter of a gigabyte, so it happens once per process.
 */
@ApplicationScoped
public class ModelCatalog {

  /** A model this service knows, loaded or not. */
  public record Entry(String name, String source, Optional<CnnModel> loaded) {}

  private record Registration(String source, Supplier<CnnModel> loader) {}

  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
  private final Map<String, CnnModel> loaded = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  /** Makes a model available under {@code name}; the loader runs on first use. */
  public void register(String name, String source, Supplier<CnnModel> loader) {
    if (registrations.putIfAbsent(name, new Registration(source, loader)) == null) {
      order.add(name);
    }
  }

  public CnnModel get(String name) {
    Registration registration = registrations.get(name);
    if (registration == null) {
      throw new ModelNotFoundException("unknown model '" + name + "'; this service has " + String.join(", ", order));
    }
    return loaded.computeIfAbsent(name, n -> registration.loader().get());
  }

  /** Every model in the order registered, without loading any. */
  public List<Entry> entries() {
    return order.stream()
        .map(name -> new Entry(name, registrations.get(name).source(), Optional.ofNullable(loaded.get(name))))
        .toList();
  }
}
