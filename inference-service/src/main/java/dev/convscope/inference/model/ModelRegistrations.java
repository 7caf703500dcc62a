package dev.convscope.inference.model;

import dev.convscope.inference.config.InferenceConfig;
import dev.convscope.inference.model.caffenet.CaffeNet;
import dev.convscope.inference.model.zoo.ZooModels;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.List;

/** Registers every model this service offers by name, at start-up; none is loaded until asked for. */
@ApplicationScoped
public class ModelRegistrations {

  private final ModelCatalog catalog;
  private final InferenceConfig config;

  public ModelRegistrations(ModelCatalog catalog, InferenceConfig config) {
    this.catalog = catalog;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    Path modelsDir = config.modelsDir().orElse(null);
    catalog.register(CaffeNet.NAME, "zoo", () -> new CaffeNet(modelsDir).load());
    for (String name : ZooModels.names()) {
      catalog.register(name, "zoo", () -> ZooModels.load(name, modelsDir, ImageNetLabels::forClasses));
    }
  }
}
