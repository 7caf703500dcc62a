package dev.convscope.models.catalog;

import dev.convscope.models.ImageNetLabels;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.models.caffenet.CaffeNet;
import dev.convscope.models.zoo.ZooModels;
import java.nio.file.Path;

/** The models every catalog offers by name: the built-in model, CaffeNet and the zoo's. */
public final class ModelRegistrations {

  private ModelRegistrations() {}

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
