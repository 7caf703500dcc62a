package dev.convscope.inference.catalog;

import dev.convscope.inference.config.InferenceConfig;
import dev.convscope.inference.model.ImageNetLabels;
import dev.convscope.inference.model.builtin.FashionMnistModel;
import dev.convscope.inference.model.caffenet.CaffeNet;
import dev.convscope.inference.model.zoo.ZooModels;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;

/**
 * Registers every model this service offers by name, at start-up; none is loaded until asked for.
 */
@ApplicationScoped
public class ModelRegistrations {

  private final ModelCatalog catalog;
  private final InferenceConfig config;

  public ModelRegistrations(ModelCatalog catalog, InferenceConfig config) {
    this.catalog = catalog;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    registerAll(catalog, config.modelsDir().orElse(null));
  }

  /**
   * Registers every named model in {@code catalog}: the service does so at start-up, the command
   * line before it looks a model up.
   *
   * @param modelsDir where pretrained zips may be; null for none
   */
  public static void registerAll(ModelCatalog catalog, Path modelsDir) {
    catalog.register(
        FashionMnistModel.NAME,
        FashionMnistModel.SOURCE,
        () -> {
          try {
            return FashionMnistModel.load();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(
                "the built-in model's resources cannot be read", e);
          }
        });
    catalog.register(CaffeNet.NAME, "zoo", () -> new CaffeNet(modelsDir).load());
    for (String name : ZooModels.names()) {
      catalog.register(
          name, "zoo", () -> ZooModels.load(name, modelsDir, ImageNetLabels::forClasses));
    }
  }
}
