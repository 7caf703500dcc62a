package dev.convscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call whom, worked out from the policies' selectors and every pod template here: only the
 * gateway (and the shard Jobs' pods) reach inference, only inference reaches visualization, only
 * the three services and the shards reach the store. Prometheus, in the namespace named monitoring,
 * may scrape.
 */
class NetworkPolicyTest {

  private static final String SHARD = "convscope-shard-JOB-ID";

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void onlyTheGatewayAndShardsReachInference(Manifests manifests) {
    NetworkPolicy policy = policyFor(manifests, "convscope-inference");
    assertThat(admitted(manifests, policy)).containsExactlyInAnyOrder("convscope-gateway", SHARD);
    assertPorts(policy, ServiceModule.INFERENCE.defaultPort());
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void onlyInferenceReachesVisualization(Manifests manifests) {
    NetworkPolicy policy = policyFor(manifests, "convscope-visualization");
    assertThat(admitted(manifests, policy)).containsExactly("convscope-inference");
    assertPorts(policy, ServiceModule.VISUALIZATION.defaultPort());
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#overlays")
  void onlyTheServicesAndShardsReachTheStore(Manifests manifests) {
    if (manifests.variant.endsWith("production")) {
      // The store is outside the cluster: no MinIO, so no policy for it here.
      assertThat(manifests.all(StatefulSet.class)).isEmpty();
      assertThat(manifests.workloads()).noneMatch(w -> w.name().contains("minio"));
      return;
    }
    StatefulSet minio = manifests.get(StatefulSet.class, "convscope-minio");
    NetworkPolicy policy = policyFor(manifests, "convscope-minio");
    assertThat(admitted(manifests, policy))
        .containsExactlyInAnyOrder(
            "convscope-gateway", "convscope-inference", "convscope-visualization", SHARD);
    Container container = minio.getSpec().getTemplate().getSpec().getContainers().get(0);
    Service service = manifests.get(Service.class, minio.getSpec().getServiceName());
    int s3 =
        WorkloadsTest.portNumber(container, service.getSpec().getPorts().get(0).getTargetPort());
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(s3);
    assertPorts(policy, s3);
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void everyPolicyGuardsOneWorkloadAndAdmitsOnlyKnownPeers(Manifests manifests) {
    for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
      assertThat(manifests.selected(policy.getSpec().getPodSelector()))
          .as(policy.getMetadata().getName())
          .containsExactly(policy.getMetadata().getName());
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        assertThat(rule.getFrom()).as("a rule without peers admits everyone").isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          assertThat(peer.getIpBlock()).isNull();
          if (peer.getNamespaceSelector() != null) {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
            assertThat(peer.getPodSelector()).isNull();
          } else {
            assertThat(manifests.selected(peer.getPodSelector()))
                .as("peer of %s", policy)
                .isNotEmpty();
          }
        }
      }
    }
  }

  private static NetworkPolicy policyFor(Manifests manifests, String workload) {
    return manifests.all(NetworkPolicy.class).stream()
        .filter(p -> manifests.selected(p.getSpec().getPodSelector()).contains(workload))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NetworkPolicy guards " + workload));
  }

  /** The workloads of this namespace whose pods a policy lets in. */
  private static Set<String> admitted(Manifests manifests, NetworkPolicy policy) {
    Set<String> admitted = new TreeSet<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      for (NetworkPolicyPeer peer : rule.getFrom()) {
        if (peer.getNamespaceSelector() == null) {
          admitted.addAll(manifests.selected(peer.getPodSelector()));
        }
      }
    }
    return admitted;
  }

  private static void assertPorts(NetworkPolicy policy, int port) {
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertThat(rule.getPorts())
          .extracting(NetworkPolicyPort::getProtocol, p -> p.getPort().getIntVal())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("TCP", port));
    }
  }
}
