package dev.convscope.models.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.models.CnnModel;
import dev.convscope.models.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  /** Knows one name of its kind, "found:tiny"; other "found:" names are not found. */
  private static final class FakeResolver implements ModelResolver {
    final List<String> asked = new ArrayList<>();
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public String source() {
      return "found";
    }

    @Override
    public Optional<Supplier<CnnModel>> resolve(String name) {
      asked.add(name);
      if (!name.startsWith("found:")) {
        return Optional.empty();
      }
      if (!name.equals("found:tiny")) {
        throw new ModelNotFoundException("nothing found as " + name);
      }
      return Optional.of(
          () -> {
            loads.incrementAndGet();
            return TestModels.tinyLeNet();
          });
    }
  }

  @Test
  void anUnregisteredNameIsResolvedOnceThenKept() {
    FakeResolver resolver = new FakeResolver();
    ModelCatalog catalog = new ModelCatalog(List.of(resolver));

    CnnModel first = catalog.get("found:tiny");
    CnnModel second = catalog.get("found:tiny");

    assertThat(second).isSameAs(first);
    assertThat(resolver.asked).containsExactly("found:tiny");
    assertThat(resolver.loads).hasValue(1);
    assertThat(catalog.entries())
        .extracting(e -> e.name() + "/" + e.source())
        .containsExactly("found:tiny/found");
  }

  @Test
  void registeredNamesComeFirstAndUnknownNamesAreNotFound() {
    FakeResolver resolver = new FakeResolver();
    ModelCatalog catalog = new ModelCatalog(List.of(resolver));
    catalog.register("lenet", "zoo", TestModels::tinyLeNet);

    catalog.get("lenet");

    assertThat(resolver.asked).isEmpty();
    assertThatThrownBy(() -> catalog.get("found:other"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage("nothing found as found:other");
    assertThatThrownBy(() -> catalog.get("nope"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage("unknown model 'nope'; the known models are lenet");
    assertThat(catalog.entries()).extracting(ModelCatalog.Entry::name).containsExactly("lenet");
  }
}
