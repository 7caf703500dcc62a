package dev.convscope.models.catalog;

import dev.convscope.models.CnnModel;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds models that are not registered by name at start-up, such as uploaded models named by their
 * digest, which any replica may be asked to run. The catalog asks each resolver about a name it
 * does not know and registers what one finds.
 */
public interface ModelResolver {

  /** Where the models it finds come from, such as "upload". */
  String source();

  /**
   * @return a loader for the model, or empty when {@code name} is not of this resolver's kind
   * @throws ModelNotFoundException when the name is of its kind but no such model exists
   */
  Optional<Supplier<CnnModel>> resolve(String name);
}
