package dev.convscope.models.catalog;

import dev.convscope.models.CnnModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The models this service can run, by name. Each is loaded on first use and then kept: loading
 * CaffeNet takes seconds and a quarter of a gigabyte, so it happens once per process. A name that
 * was never registered is offered to the {@link ModelResolver}s, which find models such as uploads
 * that another replica accepted.
 */
public class ModelCatalog {

  /** A model this service knows, loaded or not. */
  public record Entry(String name, String source, Optional<CnnModel> loaded) {}

  private record Registration(String source, Supplier<CnnModel> loader) {}

  private final Iterable<? extends ModelResolver> resolvers;
  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
  private final Map<String, CnnModel> loaded = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  public ModelCatalog(Iterable<? extends ModelResolver> resolvers) {
    this.resolvers = resolvers;
  }

  /** Makes a model available under {@code name}; the loader runs on first use. */
  public void register(String name, String source, Supplier<CnnModel> loader) {
    if (registrations.putIfAbsent(name, new Registration(source, loader)) == null) {
      order.add(name);
    }
  }

  /**
   * Removes a model, loaded or not; its name is unknown from then on unless a resolver finds it.
   */
  public void forget(String name) {
    registrations.remove(name);
    loaded.remove(name);
    order.remove(name);
  }

  public CnnModel get(String name) {
    Registration registration = registrations.get(name);
    if (registration == null) {
      registration = resolve(name);
    }
    Registration found = registration;
    return loaded.computeIfAbsent(name, n -> found.loader().get());
  }

  /** Every model in the order registered, without loading any. */
  public List<Entry> entries() {
    return order.stream()
        .map(
            name ->
                new Entry(
                    name, registrations.get(name).source(), Optional.ofNullable(loaded.get(name))))
        .toList();
  }

  private Registration resolve(String name) {
    for (ModelResolver resolver : resolvers) {
      Optional<Supplier<CnnModel>> loader = resolver.resolve(name);
      if (loader.isPresent()) {
        register(name, resolver.source(), loader.get());
        return registrations.get(name);
      }
    }
    throw new ModelNotFoundException(
        "unknown model '" + name + "'; the known models are " + String.join(", ", order));
  }
}
