package dev.convscope.gateway.batch;

import dev.convscope.gateway.config.GatewayConfig;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shard Jobs of data-set jobs on Kubernetes: created from the mounted template, deleted on
 * cancel, and asked whether they failed. The gateway's Role allows exactly these three calls
 * (create, get and delete on jobs.batch, deploy/kubernetes/base/gateway-rbac.yaml).
 *
 * <p>The Kubernetes client is looked up only on the first call, so a gateway whose shards run
 * locally never configures one nor reaches for a cluster.
 */
@ApplicationScoped
public class KubernetesShardJobs {

  @Inject Instance<KubernetesClient> clients;

  @Inject GatewayConfig config;

  /** Reads and checks the template and settings, without calling Kubernetes. */
  public ShardJobTemplate checkSettings() {
    int parallelism = config.batch().jobParallelism();
    if (parallelism < 1) {
      throw new IllegalStateException(
          "convscope.gateway.batch.job-parallelism must be at least 1, not " + parallelism);
    }
    return ShardJobTemplate.read(Path.of(config.batch().jobTemplate()));
  }

  /** The Job that would run the job's shards; a broken template is named here, before storing. */
  public Job prepare(JobSpec spec) {
    return checkSettings().fillIn(spec, config.batch().jobParallelism(), config.batch().jobImage());
  }

  public Job create(Job job) {
    return jobs().resource(job).create();
  }

  /**
   * Deletes the job's shard Job and, in the background, its pods. Answers false when there was none
   * (never created, or already removed after it finished).
   */
  public boolean delete(String jobId) {
    return !jobs()
        .withName(ShardJobTemplate.jobName(jobId))
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete()
        .isEmpty();
  }

  /** Why the job's shard Job failed, if Kubernetes gave up on it (retries spent, deadline). */
  public Optional<String> failure(String jobId) {
    Job job = jobs().withName(ShardJobTemplate.jobName(jobId)).get();
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (JobCondition condition : job.getStatus().getConditions()) {
      if ("Failed".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        String reason = condition.getReason() == null ? "" : " (" + condition.getReason() + ")";
        String message = condition.getMessage() == null ? "" : ": " + condition.getMessage();
        return Optional.of(
            "the Kubernetes Job " + job.getMetadata().getName() + " failed" + reason + message);
      }
    }
    return Optional.empty();
  }

  private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
    KubernetesClient client = clients.get();
    String target = config.batch().namespace().orElse(client.getNamespace());
    return client.batch().v1().jobs().inNamespace(target == null ? "default" : target);
  }
}
