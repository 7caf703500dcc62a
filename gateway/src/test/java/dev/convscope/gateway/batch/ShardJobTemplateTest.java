package dev.convscope.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment's shard Job template, filled in for one data-set job, and templates refused. */
class ShardJobTemplateTest {

  static final Path DEPLOYED = Path.of("../deploy/kubernetes/base/batch-shard-job.yaml");

  private static JobSpec job(String id, int items, int shardSize) {
    return new JobSpec(
        id,
        "2026-11-22T07:00:00Z",
        "fashion-mnist",
        "digest",
        List.of("a", "b"),
        new JobSpec.DatasetSpec("datasets/images.gz", null, null, null),
        items,
        shardSize,
        5,
        1,
        "jet",
        256);
  }

  @Test
  void aJobGetsOneIndexPerShardItsIdAndTheTemplatesEverythingElse() {
    ShardJobTemplate template = ShardJobTemplate.read(DEPLOYED);
    Job filled =
        template.fillIn(job("20261122-070000-0a1b2c3d", 120, 40), 8, Optional.of("reg/gw:1"));

    assertThat(filled.getMetadata().getName())
        .isEqualTo("convscope-shard-20261122-070000-0a1b2c3d");
    assertThat(filled.getMetadata().getLabels())
        .containsEntry(ShardJobTemplate.JOB_ID_LABEL, "20261122-070000-0a1b2c3d")
        .containsEntry("app.kubernetes.io/name", "convscope-batch-shard");
    assertThat(filled.getMetadata().getAnnotations())
        .containsEntry(ShardJobTemplate.MODEL_ANNOTATION, "fashion-mnist")
        .containsEntry(ShardJobTemplate.SHARDS_ANNOTATION, "3");
    assertThat(filled.getMetadata().getOwnerReferences()).isNullOrEmpty();
    var spec = filled.getSpec();
    assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
    assertThat(spec.getCompletions()).isEqualTo(3);
    // More parallelism than shards is capped, as is the failed-index budget (10 in the template).
    assertThat(spec.getParallelism()).isEqualTo(3);
    assertThat(spec.getMaxFailedIndexes()).isEqualTo(3);
    assertThat(spec.getBackoffLimitPerIndex()).isEqualTo(3);
    assertThat(spec.getTtlSecondsAfterFinished()).isEqualTo(86_400);
    assertThat(spec.getTemplate().getMetadata().getLabels())
        .containsEntry(ShardJobTemplate.JOB_ID_LABEL, "20261122-070000-0a1b2c3d");

    Container shard = spec.getTemplate().getSpec().getContainers().get(0);
    assertThat(shard.getImage()).isEqualTo("reg/gw:1");
    assertThat(shard.getCommand()).last().isEqualTo("dev.convscope.gateway.shard.ShardMain");
    assertThat(shard.getArgs())
        .containsExactly(
            "shard", "--job", "20261122-070000-0a1b2c3d", "--index", "$(JOB_COMPLETION_INDEX)");
    assertThat(shard.getEnv())
        .filteredOn(e -> e.getName().equals("JOB_ID"))
        .extracting(EnvVar::getValue)
        .containsExactly("20261122-070000-0a1b2c3d");
    assertThat(shard.getResources().getLimits()).containsKey("memory");

    // The template itself is untouched: the next job starts from it again.
    Job next = template.fillIn(job("20261122-070001-00000000", 40, 40), 2, Optional.empty());
    assertThat(next.getSpec().getCompletions()).isEqualTo(1);
    assertThat(next.getSpec().getParallelism()).isEqualTo(1);
    assertThat(next.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("convscope/gateway");
    assertThat(next.getMetadata().getLabels())
        .containsEntry(ShardJobTemplate.JOB_ID_LABEL, "20261122-070001-00000000");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("batch-shard-job.yaml");
    assertThatThrownBy(() -> ShardJobTemplate.read(missing))
        .isInstanceOf(InvalidShardJobTemplateException.class)
        .hasMessage("the shard Job template " + missing + " cannot be used: there is no such file");
  }

  @Test
  void anythingButAOneContainerJobIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
    String job = Files.readString(DEPLOYED);
    assertRefused(
        dir, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "not a batch/v1 Job");
    assertRefused(dir, "kind: [Job\n", "not a Kubernetes object in YAML");
    assertRefused(
        dir, job.replace("restartPolicy: Never", "restartPolicy: OnFailure"), "needs Never");
    assertRefused(
        dir,
        job.replace(
            "      containers:\n",
            "      containers:\n        - name: sidecar\n          image: x\n"),
        "exactly one container, the shard, not 2");
    String noCommand = job.replaceAll("(?s)          command:.*?ShardMain\n", "");
    assertThat(noCommand).isNotEqualTo(job);
    assertRefused(dir, noCommand, "has no command");
  }

  private static void assertRefused(Path dir, String yaml, String reason) throws IOException {
    Path file = Files.writeString(dir.resolve("template.yaml"), yaml);
    assertThatThrownBy(() -> ShardJobTemplate.read(file))
        .isInstanceOf(InvalidShardJobTemplateException.class)
        .hasMessageStartingWith("the shard Job template " + file + " cannot be used: ")
        .hasMessageContaining(reason);
  }
}
