package dev.convscope.deploy;

import static dev.convscope.deploy.Manifests.requireEnv;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gRPC calls are balanced per call over every replica: each client resolves a headless Service (DNS
 * answers with every ready pod's address) and round-robins, as its Quarkus client settings say,
 * read from the caller's own application.properties.
 */
class GrpcRoutingTest {

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theGatewayBalancesOverEveryInferenceReplica(Manifests manifests) {
    assertBalanced(manifests, ServiceModule.GATEWAY, "inference", ServiceModule.INFERENCE);
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theInferenceServiceBalancesOverEveryVisualizationReplica(Manifests manifests)
      throws Exception {
    // The inference service builds its visualization channel itself (VisualizationChannel):
    // a target setting, resolved by DNS here, and gRPC's round-robin policy.
    ServiceModule.Setting target =
        ServiceModule.INFERENCE.setting("convscope.inference.visualization-target");
    String value = requireEnv(manifests.container(ServiceModule.INFERENCE), target.envVar());
    Matcher dns = Pattern.compile("dns:///([a-z0-9-]+):(\\d+)").matcher(value);
    assertThat(dns.matches()).as(value).isTrue();
    Service service = manifests.get(Service.class, dns.group(1));
    assertThat(service.getSpec().getClusterIP()).as("headless").isEqualTo("None");
    assertSelectsOnly(manifests, service, ServiceModule.VISUALIZATION);
    assertThat(Integer.parseInt(dns.group(2))).isEqualTo(ServiceModule.VISUALIZATION.defaultPort());
    String channel =
        Files.readString(
            Path.of(
                "../inference-service/src/main/java/dev/convscope/inference/drawing/"
                    + "VisualizationChannel.java"));
    assertThat(channel).contains("defaultLoadBalancingPolicy(\"round_robin\")");
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theGatewayIsOneClusterIpServiceOnItsPort(Manifests manifests) {
    Service service = manifests.get(Service.class, "convscope-gateway");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getClusterIP()).isNull();
    assertSelectsOnly(manifests, service, ServiceModule.GATEWAY);
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .containsExactly(ServiceModule.GATEWAY.defaultPort());
  }

  private static void assertBalanced(
      Manifests manifests, ServiceModule caller, String client, ServiceModule callee) {
    String prefix = "quarkus.grpc.clients." + client + ".";
    ServiceModule.Setting host = caller.setting(prefix + "host");
    ServiceModule.Setting port = caller.setting(prefix + "port");
    Container container = manifests.container(caller);

    Service target = manifests.get(Service.class, requireEnv(container, host.envVar()));
    assertThat(target.getSpec().getClusterIP()).as("headless").isEqualTo("None");
    assertSelectsOnly(manifests, target, callee);
    ServicePort servicePort = target.getSpec().getPorts().get(0);
    assertThat(servicePort.getPort()).isEqualTo(callee.defaultPort());
    assertThat(WorkloadsTest.portNumber(manifests.container(callee), servicePort.getTargetPort()))
        .isEqualTo(callee.defaultPort());
    assertThat(requireEnv(container, port.envVar()))
        .isEqualTo(String.valueOf(callee.defaultPort()));

    String env = "QUARKUS_GRPC_CLIENTS_" + client.toUpperCase(Locale.ROOT) + "_";
    assertThat(requireEnv(container, env + "NAME_RESOLVER")).isEqualTo("dns");
    assertThat(requireEnv(container, env + "LOAD_BALANCING_POLICY")).isEqualTo("round_robin");
  }

  private static void assertSelectsOnly(
      Manifests manifests, Service service, ServiceModule behind) {
    LabelSelector selector = new LabelSelector(null, service.getSpec().getSelector());
    assertThat(manifests.selected(selector))
        .as("pods behind Service %s", service.getMetadata().getName())
        .containsExactly(behind.deployment);
  }
}
