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

  private static final Path SHARD =
      Manifests.ROOT.resolve("gateway/src/main/java/dev/convscope/gateway/shard");
  private static final Path GATEWAY_CONFIG =
      Manifests.ROOT.resolve(
          "gateway/src/main/java/dev/convscope/gateway/config/GatewayConfig.java");

  /** What the gateway does with shard Jobs: create one, read it (did it fail?), delete it. */
  private static final List<String> GATEWAY_JOB_CALLS = List.of("create", "get", "delete");

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
    assertThat(command)
        .as("runs the gateway's shard command")
        .endsWith("dev.convscope.gateway.shard.ShardMain");
    // The arguments the gateway replaces with the job's own; these serve a Job made by hand.
    assertThat(shard.getArgs())
        .containsExactly("shard", "--job", "$(JOB_ID)", "--index", "$(JOB_COMPLETION_INDEX)");
    // Kubernetes expands $(VAR) only from the container's own variables (and the index it adds).
    Matcher reference =
        Pattern.compile("\\$\\((\\w+)\\)")
            .matcher(String.join(" ", command) + " " + String.join(" ", shard.getArgs()));
    while (reference.find()) {
      String variable = reference.group(1);
      if (!variable.equals("JOB_COMPLETION_INDEX")) {
        assertThat(shard.getEnv()).extracting(EnvVar::getName).contains(variable);
      }
    }
  }

  /** A shard that says a rerun cannot help (exit code 2) fails its index at once. */
  @Test
  void aShardThatARerunCannotHelpIsNotRetried() throws IOException {
    JobSpec job = Manifests.shardJobTemplate().getSpec();
    String container = job.getTemplate().getSpec().getContainers().get(0).getName();
    assertThat(job.getPodFailurePolicy().getRules())
        .anySatisfy(
            rule -> {
              assertThat(rule.getAction()).isEqualTo("FailIndex");
              assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo(container);
              assertThat(rule.getOnExitCodes().getOperator()).isEqualTo("In");
              assertThat(rule.getOnExitCodes().getValues()).containsExactly(2);
            });
    assertThat(Files.readString(SHARD.resolve("ShardCommand.java")))
        .contains("RERUN_CANNOT_HELP = 2;");
  }

  /** The command line matches the gateway's shard entry point and its options. */
  @Test
  void theGatewayHasTheShardCommand() throws IOException {
    assertThat(Files.readString(SHARD.resolve("ShardMain.java")))
        .contains("subcommands = ShardCommand.class");
    String shard = Files.readString(SHARD.resolve("ShardCommand.java"));
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

  /**
   * The gateway's batch settings here are ones it reads: running shards in the gateway or as
   * Kubernetes Jobs, and how to make those Jobs. Production makes Jobs.
   */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theGatewaysBatchSettingsAreSettingsItHas(Manifests manifests) throws IOException {
    String settings = Files.readString(GATEWAY_CONFIG);
    assertThat(settings).contains("Batch batch();", "interface Batch {");
    String batch = settings.substring(settings.indexOf("interface Batch {"));
    Container gateway = manifests.container(ServiceModule.GATEWAY);
    List<String> batchSettings =
        gateway.getEnv().stream()
            .map(EnvVar::getName)
            .filter(name -> name.startsWith("CONVSCOPE_GATEWAY_BATCH_"))
            .toList();
    assertThat(batchSettings)
        .contains(
            "CONVSCOPE_GATEWAY_BATCH_SHARDS",
            "CONVSCOPE_GATEWAY_BATCH_JOB_TEMPLATE",
            "CONVSCOPE_GATEWAY_BATCH_JOB_IMAGE");
    for (String variable : batchSettings) {
      // CONVSCOPE_GATEWAY_BATCH_JOB_TEMPLATE is convscope.gateway.batch.job-template, the
      // mapping's batch().jobTemplate().
      String[] words =
          variable
              .substring("CONVSCOPE_GATEWAY_BATCH_".length())
              .toLowerCase(java.util.Locale.ROOT)
              .split("_");
      StringBuilder method = new StringBuilder(words[0]);
      for (int i = 1; i < words.length; i++) {
        method.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
      assertThat(batch)
          .as(variable + " is a setting the gateway reads")
          .containsPattern("\\s" + method + "\\(\\);");
    }
    String placement = requireEnv(gateway, "CONVSCOPE_GATEWAY_BATCH_SHARDS");
    assertThat(placement).isIn("local", "kubernetes");
    if (manifests.variant.equals("overlays/production")) {
      assertThat(placement).isEqualTo("kubernetes");
    }
  }

  /** The shard pods run the gateway's image at the same tag: the overlay sets both. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void shardsRunTheGatewaysImage(Manifests manifests) {
    Container gateway = manifests.container(ServiceModule.GATEWAY);
    assertThat(requireEnv(gateway, "CONVSCOPE_GATEWAY_BATCH_JOB_IMAGE"))
        .isEqualTo(gateway.getImage());
  }

  /**
   * The gateway's ServiceAccount is bound to a Role granting exactly the calls KubernetesShardJobs
   * makes on jobs.batch (the gateway's KubernetesShardJobsTest checks the same set against the
   * requests it sends to a Kubernetes API server), and nothing else.
   */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theGatewayMayCreateReadAndDeleteJobsAndNothingMore(Manifests manifests) {
    var pod = manifests.deployment(ServiceModule.GATEWAY).getSpec().getTemplate().getSpec();
    String account = pod.getServiceAccountName();
    assertThat(account).isNotBlank();
    assertThat(manifests.find(ServiceAccount.class, account)).isPresent();
    // The in-cluster client authenticates with the mounted token.
    assertThat(pod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    assertThat(manifests.get(ServiceAccount.class, account).getAutomountServiceAccountToken())
        .isNotEqualTo(Boolean.FALSE);

    List<RoleBinding> bindings =
        manifests.all(RoleBinding.class).stream()
            .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(account)))
            .toList();
    assertThat(bindings).hasSize(1);
    RoleBinding binding = bindings.get(0);
    assertThat(binding.getSubjects()).hasSize(1);
    var subject = binding.getSubjects().get(0);
    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
    assertThat(subject.getName()).isEqualTo(account);
    String namespace = binding.getMetadata().getNamespace();
    assertThat(subject.getNamespace()).isEqualTo(namespace);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");

    Role role = manifests.get(Role.class, binding.getRoleRef().getName());
    assertThat(role.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(role.getRules()).hasSize(1);
    PolicyRule rule = role.getRules().get(0);
    assertThat(rule.getApiGroups()).containsExactly("batch");
    assertThat(rule.getResources()).containsExactly("jobs");
    assertThat(rule.getVerbs()).containsExactlyInAnyOrderElementsOf(GATEWAY_JOB_CALLS);
    assertThat(rule.getResourceNames()).isNullOrEmpty();
  }
}
