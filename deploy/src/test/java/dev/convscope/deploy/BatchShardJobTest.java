package dev.convscope.deploy;

import static dev.convscope.deploy.Manifests.requireEnv;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Indexed Job template the gateway fills in for a data-set job: pod I runs shard I with the
 * gateway's own command, and the gateway may create such Jobs.
 */
class BatchShardJobTest {

  private static final Path CLI =
      Manifests.ROOT.resolve("gateway/src/main/java/dev/convscope/gateway/cli");

  @Test
  void eachIndexRunsItsShard() {
    JobSpec job = Manifests.shardJobTemplate().getSpec();
    assertThat(job.getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getCompletions()).isPositive();
    assertThat(job.getParallelism()).isBetween(1, job.getCompletions());
    assertThat(job.getBackoffLimitPerIndex() != null || job.getBackoffLimit() != null)
        .as("retries are bounded")
        .isTrue();
    PodSpec pod = job.getTemplate().getSpec();
    // Required with backoffLimitPerIndex, and a failed shard is retried as a new pod anyway.
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    Container shard = pod.getContainers().get(0);
    assertThat(shard.getImage()).isEqualTo(ServiceModule.GATEWAY.image);
    List<String> command = shard.getCommand();
    int main = command.indexOf("dev.convscope.gateway.cli.BatchCommand");
    assertThat(main).as("runs the gateway's batch command").isPositive();
    assertThat(command.subList(main + 1, command.size()))
        .containsExactly("shard", "--job", "$(JOB_ID)", "--index", "$(JOB_COMPLETION_INDEX)");
    // Kubernetes expands $(VAR) only from the container's own variables (and the index it adds).
    Matcher reference = Pattern.compile("\\$\\((\\w+)\\)").matcher(String.join(" ", command));
    while (reference.find()) {
      String variable = reference.group(1);
      if (!variable.equals("JOB_COMPLETION_INDEX")) {
        assertThat(shard.getEnv()).extracting(EnvVar::getName).contains(variable);
      }
    }
  }

  /** The command line matches the gateway's: BatchCommand with the shard subcommand's options. */
  @Test
  void theGatewayHasTheShardCommand() throws IOException {
    assertThat(CLI.resolve("BatchCommand.java")).exists();
    String shard = Files.readString(CLI.resolve("ShardCommand.java"));
    assertThat(shard).contains("name = \"shard\"", "\"--job\"", "\"--index\"");
    assertThat(shard).contains("CONVSCOPE_INFERENCE_HOST", "CONVSCOPE_INFERENCE_PORT");
    // The class path is Quarkus' fast-jar layout where the image puts it.
    String pom = Files.readString(Manifests.ROOT.resolve("gateway/pom.xml"));
    assertThat(pom)
        .contains("<quarkus.jib.working-directory>/deployments</quarkus.jib.working-directory>");
    Container container =
        Manifests.shardJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand())
        .contains("/deployments/app/*:/deployments/lib/main/*:/deployments/lib/boot/*");
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void shardsReachTheStoreAndInferenceAsTheGatewayDoes(Manifests manifests) {
    Container shard =
        Manifests.shardJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    Container gateway = manifests.container(ServiceModule.GATEWAY);
    assertThat(shard.getEnvFrom())
        .extracting(EnvFromSource::toString)
        .containsExactlyElementsOf(
            gateway.getEnvFrom().stream().map(EnvFromSource::toString).toList());
    Service inference = manifests.get(Service.class, requireEnv(shard, "CONVSCOPE_INFERENCE_HOST"));
    assertThat(inference.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(requireEnv(shard, "CONVSCOPE_INFERENCE_PORT"))
        .isEqualTo(String.valueOf(ServiceModule.INFERENCE.defaultPort()));
    String account =
        Manifests.shardJobTemplate().getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(manifests.get(ServiceAccount.class, account).getAutomountServiceAccountToken())
        .isFalse();
  }

  /** Never applied as it is (that would start a job), but mounted into the gateway. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theTemplateIsShippedToTheGatewayNotApplied(Manifests manifests) throws IOException {
    assertThat(manifests.all(Job.class)).isEmpty();
    Container gateway = manifests.container(ServiceModule.GATEWAY);
    Path template = Path.of(requireEnv(gateway, "CONVSCOPE_GATEWAY_BATCH_JOB_TEMPLATE"));
    VolumeMount mount =
        gateway.getVolumeMounts().stream()
            .filter(m -> Path.of(m.getMountPath()).equals(template.getParent()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the template's folder is not mounted"));
    String configMapName =
        manifests
            .deployment(ServiceModule.GATEWAY)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow()
            .getConfigMap()
            .getName();
    ConfigMap configMap = manifests.get(ConfigMap.class, configMapName);
    assertThat(configMap.getData())
        .containsEntry(
            template.getFileName().toString(), Files.readString(Manifests.SHARD_JOB_TEMPLATE));
  }

  /** The gateway's switch between running shards itself and leaving them to Jobs is real. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theGatewaysShardSwitchIsASettingItHas(Manifests manifests) throws IOException {
    String jobs =
        Files.readString(
            Manifests.ROOT.resolve(
                "gateway/src/main/java/dev/convscope/gateway/batch/JobService.java"));
    assertThat(jobs).contains("\"convscope.gateway.batch.run-shards-locally\"");
    assertThat(
            requireEnv(
                manifests.container(ServiceModule.GATEWAY),
                "CONVSCOPE_GATEWAY_BATCH_RUN_SHARDS_LOCALLY"))
        .isIn("true", "false");
  }

  /** The shard pods run the gateway's image at the same tag: the overlay sets both. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void shardsRunTheGatewaysImage(Manifests manifests) {
    Container gateway = manifests.container(ServiceModule.GATEWAY);
    assertThat(requireEnv(gateway, "CONVSCOPE_GATEWAY_BATCH_JOB_IMAGE"))
        .isEqualTo(gateway.getImage());
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theGatewayMayCreateJobsAndNothingMore(Manifests manifests) {
    var pod = manifests.deployment(ServiceModule.GATEWAY).getSpec().getTemplate().getSpec();
    String account = pod.getServiceAccountName();
    assertThat(manifests.find(ServiceAccount.class, account)).isPresent();
    List<RoleBinding> bindings =
        manifests.all(RoleBinding.class).stream()
            .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(account)))
            .toList();
    assertThat(bindings).hasSize(1);
    RoleBinding binding = bindings.get(0);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    String namespace = binding.getMetadata().getNamespace();
    assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(namespace);
    Role role = manifests.get(Role.class, binding.getRoleRef().getName());
    assertThat(role.getRules())
        .anyMatch(
            r ->
                r.getApiGroups().contains("batch")
                    && r.getResources().contains("jobs")
                    && r.getVerbs().contains("create"));
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources()).doesNotContain("*", "secrets", "pods/exec");
    }
  }
}
