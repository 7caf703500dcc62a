package dev.convscope.inference.catalog;

import dev.convscope.inference.config.InferenceConfig;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.catalog.ModelRegistrations;
import dev.convscope.models.catalog.ModelResolver;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's one model catalog: every named model registered at start-up (none loaded until
 * asked for), and the service's resolvers (uploads) asked for any other name.
 */
@Singleton
public class ServiceCatalog {

  @Produces
  @Singleton
  ModelCatalog catalog(Instance<ModelResolver> resolvers) {
    return new ModelCatalog(resolvers);
  }

  void onStart(@Observes StartupEvent event, ModelCatalog catalog, InferenceConfig config) {
    ModelRegistrations.registerAll(catalog, config.modelsDir().orElse(null));
  }
}
