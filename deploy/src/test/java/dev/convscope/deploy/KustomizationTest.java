package dev.convscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build the other tests read is kustomize's: patches merge, images and namespace apply. */
class KustomizationTest {

  @Test
  void anOverlayPatchMergesIntoTheBaseByName() {
    Manifests local = Manifests.of("overlays/local");
    Container gateway = local.container(ServiceModule.GATEWAY);
    // The patch changed one variable and kept the others, in their place.
    assertThat(local.deployment(ServiceModule.GATEWAY).getSpec().getReplicas()).isEqualTo(1);
    assertThat(Manifests.requireEnv(gateway, "CONVSCOPE_GATEWAY_BATCH_JOB_IMAGE"))
        .isEqualTo("convscope/gateway:0.1.0-SNAPSHOT");
    assertThat(gateway.getEnv())
        .extracting(EnvVar::getName)
        .startsWith("CONVSCOPE_GATEWAY_PORT", "CONVSCOPE_INFERENCE_HOST")
        .doesNotHaveDuplicates();
    assertThat(
            local
                .get(HorizontalPodAutoscaler.class, "convscope-inference")
                .getSpec()
                .getMaxReplicas())
        .isEqualTo(2);
    assertThat(
            Manifests.of("base")
                .get(HorizontalPodAutoscaler.class, "convscope-inference")
                .getSpec()
                .getMaxReplicas())
        .isEqualTo(6);
  }

  @Test
  void imagesAndNamespaceReachWhatTheyShould() {
    Manifests local = Manifests.of("overlays/local");
    assertThat(local.container(ServiceModule.INFERENCE).getImage())
        .isEqualTo("convscope/inference-service:0.1.0-SNAPSHOT");
    assertThat(
            local
                .get(StatefulSet.class, "convscope-minio")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .startsWith("quay.io/minio/minio:RELEASE.");
    for (HasMetadata resource : local.resources) {
      String expected = resource instanceof Namespace ? null : "convscope";
      assertThat(resource.getMetadata().getNamespace()).as(resource.getKind()).isEqualTo(expected);
      assertThat(resource.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "convscope");
    }
    assertThat(Manifests.of("overlays/production").container(ServiceModule.GATEWAY).getImage())
        .isEqualTo("registry.example.com/convscope/gateway:0.1.0");
  }

  @Test
  void aFeatureItCannotBuildFailsTheBuild(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nreplacements: []\n");
    assertThatThrownBy(() -> Kustomization.build(dir)).hasMessageContaining("replacements");
  }

  @Test
  void aPatchForNothingFailsTheBuild(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n");
    Files.writeString(
        dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    Files.writeString(
        dir.resolve("patch.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    assertThatThrownBy(() -> Kustomization.build(dir)).hasMessageContaining("ConfigMap b");
    ObjectNode merged = Kustomization.readDocuments(dir.resolve("cm.yaml")).get(0);
    Kustomization.merge(
        merged,
        (ObjectNode)
            Kustomization.YAML.valueToTree(java.util.Map.of("data", java.util.Map.of("k", "v"))));
    assertThat(merged.path("data").path("k").asText()).isEqualTo("v");
  }
}
