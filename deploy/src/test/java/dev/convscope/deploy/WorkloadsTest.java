package dev.convscope.deploy;

import static dev.convscope.deploy.Manifests.env;
import static dev.convscope.deploy.Manifests.requireEnv;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The three Deployments: images, ports, probes, memory and the pods' locks. */
class WorkloadsTest {

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theThreeServicesRunTheirOwnImages(Manifests manifests) {
    assertThat(manifests.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "convscope-gateway", "convscope-inference", "convscope-visualization");
    for (ServiceModule service : ServiceModule.values()) {
      String image = manifests.container(service).getImage();
      if (manifests.variant.equals("base")) {
        assertThat(image).isEqualTo(service.image);
      } else {
        // Tagged by the overlay's images:, never floating.
        assertThat(image).matches("([^:]+/)?" + service.image + ":[\\w][\\w.-]*");
        assertThat(image).doesNotEndWith(":latest");
      }
    }
  }

  /** SmallRye Health answers on the service's one port: gRPC shares the HTTP server. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void probesAskSmallRyeHealthOnTheServicePort(Manifests manifests) throws IOException {
    for (ServiceModule service : ServiceModule.values()) {
      assertThat(service.properties().getProperty("quarkus.grpc.server.use-separate-server"))
          .as("%s serves gRPC on its HTTP port", service.module)
          .isEqualTo("false");
      assertThat(Files.readString(Manifests.ROOT.resolve(service.module).resolve("pom.xml")))
          .contains("<artifactId>quarkus-smallrye-health</artifactId>");
      Container container = manifests.container(service);
      int port = service.defaultPort();
      assertProbe(container, container.getStartupProbe(), "/q/health/started", port);
      assertProbe(container, container.getReadinessProbe(), "/q/health/ready", port);
      assertProbe(container, container.getLivenessProbe(), "/q/health/live", port);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void portsAreTheOnesTheServicesListenOn(Manifests manifests) throws IOException {
    for (ServiceModule service : ServiceModule.values()) {
      Container container = manifests.container(service);
      int port = service.defaultPort();
      assertThat(container.getPorts())
          .extracting(ContainerPort::getContainerPort)
          .containsExactly(port);
      // Set explicitly too, so nothing else in the pod's environment can move it.
      assertThat(requireEnv(container, service.setting("quarkus.http.port").envVar()))
          .isEqualTo(String.valueOf(port));
      // Prometheus scrapes Micrometer's /q/metrics on the same port.
      assertThat(Files.readString(Manifests.ROOT.resolve(service.module).resolve("pom.xml")))
          .contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>");
      Map<String, String> annotations =
          manifests.deployment(service).getSpec().getTemplate().getMetadata().getAnnotations();
      assertThat(annotations)
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/path", "/q/metrics")
          .containsEntry("prometheus.io/port", String.valueOf(port));
    }
  }

  /**
   * Requests and limits everywhere; the JVMs' memory as ./convscope up sets it (docs/operations.md,
   * "Memory"), with room for what lives off the heap.
   */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void memoryFitsTheJvmSettings(Manifests manifests) throws IOException {
    for (Manifests.Workload workload : manifests.workloads()) {
      for (Container container : workload.template().getSpec().getContainers()) {
        String where = workload.name() + "/" + container.getName();
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        for (String resource : new String[] {"cpu", "memory"}) {
          assertThat(requests).as("%s requests", where).containsKey(resource);
          assertThat(limits).as("%s limits", where).containsKey(resource);
          assertThat(amount(requests.get(resource)))
              .as("%s %s request within its limit", where, resource)
              .isLessThanOrEqualTo(amount(limits.get(resource)));
        }
        Optional<String> javaOptions = env(container, "JAVA_TOOL_OPTIONS");
        if (javaOptions.isEmpty()) {
          continue;
        }
        BigDecimal heap = size(javaOptions.get(), "-Xmx").orElseThrow();
        BigDecimal request = amount(requests.get("memory"));
        BigDecimal limit = amount(limits.get("memory"));
        assertThat(request)
            .as("%s memory request covers the heap", where)
            .isGreaterThanOrEqualTo(heap);
        assertThat(limit)
            .as("%s memory limit leaves half the heap again for the rest", where)
            .isGreaterThanOrEqualTo(heap.multiply(BigDecimal.valueOf(1.5)));
        Optional<BigDecimal> physical =
            size(javaOptions.get(), "-Dorg.bytedeco.javacpp.maxphysicalbytes=");
        if (physical.isPresent()) {
          BigDecimal offHeap =
              size(javaOptions.get(), "-Dorg.bytedeco.javacpp.maxbytes=").orElseThrow();
          assertThat(heap.add(offHeap))
              .as("%s heap + off-heap", where)
              .isLessThanOrEqualTo(physical.get());
          // Over the limit the kernel kills the pod before JavaCPP can refuse an allocation.
          assertThat(limit)
              .as("%s memory limit over maxphysicalbytes", where)
              .isGreaterThan(physical.get());
        }
      }
    }
    String script = Files.readString(Manifests.ROOT.resolve("convscope"));
    assertThat(javaOptions(manifests, ServiceModule.VISUALIZATION))
        .startsWith(localRun(script, "VIS_JAVA_OPTS"));
    assertThat(javaOptions(manifests, ServiceModule.INFERENCE))
        .startsWith(localRun(script, "INF_JAVA_OPTS"));
    assertThat(javaOptions(manifests, ServiceModule.GATEWAY))
        .startsWith(localRun(script, "GW_JAVA_OPTS"));
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void inferenceRunsOneOpenMpThread(Manifests manifests) {
    assertThat(requireEnv(manifests.container(ServiceModule.INFERENCE), "OMP_NUM_THREADS"))
        .isEqualTo("1");
  }

  /**
   * Service links would put CONVSCOPE_GATEWAY_PORT=tcp://10.0.0.1:8080 into every pod of the
   * namespace (Kubernetes names them after the Service), over the services' port settings.
   */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void podsAreLockedDown(Manifests manifests) {
    for (Manifests.Workload workload : manifests.workloads()) {
      PodSpec pod = workload.template().getSpec();
      assertThat(pod.getEnableServiceLinks()).as(workload.name()).isFalse();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(workload.name()).isTrue();
      boolean gateway = workload.name().equals("convscope-gateway");
      assertThat(pod.getAutomountServiceAccountToken()).as(workload.name()).isEqualTo(gateway);
      for (Container container : pod.getContainers()) {
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
            .containsExactly("ALL");
        if (!workload.kind().equals("StatefulSet")) {
          assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
          assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
        }
      }
    }
  }

  private static void assertProbe(Container container, Probe probe, String path, int port) {
    assertThat(probe).as("%s probe on %s", container.getName(), path).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as("%s: %s is an HTTP GET", container.getName(), path).isNotNull();
    assertThat(get.getPath()).isEqualTo(path);
    assertThat(portNumber(container, get.getPort())).isEqualTo(port);
  }

  static int portNumber(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(container.getName() + " has no port " + port.getStrVal()))
        .getContainerPort();
  }

  private static String javaOptions(Manifests manifests, ServiceModule service) {
    return requireEnv(manifests.container(service), "JAVA_TOOL_OPTIONS");
  }

  /** The default of VAR="${VAR:-...}" in the ./convscope script. */
  private static String localRun(String script, String variable) {
    Matcher m = Pattern.compile(variable + "=\"\\$\\{" + variable + ":-([^}]*)}\"").matcher(script);
    assertThat(m.find()).as("./convscope sets %s", variable).isTrue();
    return m.group(1);
  }

  private static BigDecimal amount(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity);
  }

  /** A JVM size option (-Xmx2g, -D...=3g) in bytes. */
  private static Optional<BigDecimal> size(String options, String prefix) {
    for (String option : options.split("\\s+")) {
      if (option.startsWith(prefix)) {
        String value = option.substring(prefix.length()).toLowerCase();
        long unit =
            switch (value.charAt(value.length() - 1)) {
              case 'g' -> 1024L * 1024 * 1024;
              case 'm' -> 1024L * 1024;
              case 'k' -> 1024L;
              default -> 1L;
            };
        String digits =
            Character.isDigit(value.charAt(value.length() - 1))
                ? value
                : value.substring(0, value.length() - 1);
        return Optional.of(
            BigDecimal.valueOf(Long.parseLong(digits)).multiply(BigDecimal.valueOf(unit)));
      }
    }
    return Optional.empty();
  }
}
