package dev.convscope.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The house rules, checked on each module's compiled classes: its packages form a tree (no two
 * import each other, however indirectly), the generated wire types are used only in the packages
 * that speak the wire (none in the libraries and the command line), and no service or library
 * depends on the command line.
 */
class ServiceRulesTest {

  /** The contract's generated types, whatever service generated them. */
  private static final String WIRE = "dev.convscope.api..";

  /** Each module, its root package, and the packages where the wire is spoken. */
  enum Service {
    CONTRACT("contract", "dev.convscope.contract"),
    DATASETS("datasets", "dev.convscope.datasets"),
    STREAMING("streaming", "dev.convscope.streaming"),
    CONSOLE("console", "dev.convscope.console"),
    RENDERER("renderer", "dev.convscope.render"),
    MODELS("models", "dev.convscope.models"),
    VISUALIZATION("visualization-service", "dev.convscope.visualization", "api"),
    // api: the gRPC server; drawing: the client of the visualization service.
    INFERENCE("inference-service", "dev.convscope.inference", "api", "drawing"),
    // api: REST; grpc: the gRPC server; inference: the client of the inference service; shard:
    // the shard pod's client of it; wire: the one mapping between the contract's messages and the
    // gateway's records; manifest: manifests kept in the contract's JSON form.
    GATEWAY(
        "gateway",
        "dev.convscope.gateway",
        "api",
        "grpc",
        "inference",
        "shard",
        "wire",
        "manifest"),
    COMMAND_LINE("cli", "dev.convscope.cli");

    final String module;
    final String root;
    final String[] transport;

    Service(String module, String root, String... transport) {
      this.module = module;
      this.root = root;
      this.transport =
          Arrays.stream(transport).map(p -> root + "." + p + "..").toArray(String[]::new);
    }

    JavaClasses classes() {
      Path compiled = Path.of("..", module, "target", "classes");
      assertThat(compiled).as("%s is compiled", module).isDirectory();
      return new ClassFileImporter().importPath(compiled);
    }
  }

  @ParameterizedTest
  @EnumSource(Service.class)
  void packagesFormATree(Service service) {
    slices()
        .matching(service.root + ".(**)")
        .should()
        .beFreeOfCycles()
        // A module of one package has no subpackages to slice, and nothing that could loop.
        .allowEmptyShould(true)
        .as(service.module + "'s packages import each other in no loop")
        .check(service.classes());
  }

  @ParameterizedTest
  @EnumSource(Service.class)
  void wireTypesStayInTheTransportPackages(Service service) {
    noClasses()
        .that()
        .resideInAPackage(service.root + "..")
        .and()
        .resideOutsideOfPackages(service.transport)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(WIRE)
        .as(service.module + " uses the generated wire types only where it speaks the wire")
        .check(service.classes());
  }

  @ParameterizedTest
  @EnumSource(value = Service.class, names = "COMMAND_LINE", mode = EnumSource.Mode.EXCLUDE)
  void noServiceDependsOnTheCommandLine(Service service) throws IOException {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.convscope.cli..")
        .as(service.module + " depends on no command-line code")
        .check(service.classes());
    try (Stream<String> pom = Files.lines(Path.of("..", service.module, "pom.xml"))) {
      assertThat(pom)
          .as("%s's dependencies", service.module)
          .noneMatch(line -> line.contains("<artifactId>cli</artifactId>"));
    }
  }
}
