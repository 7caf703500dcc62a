package dev.convscope.gateway.batch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Indexed Job that runs a data-set job's shards, filled in from the template file mounted into
 * the gateway (deploy/kubernetes/base/batch-shard-job.yaml). The template says how a shard pod runs
 * (image, command, resources, security, retries); this adds what belongs to one data-set job: its
 * name, labels and annotations, one completion per shard, the parallelism, and the shard command's
 * arguments with the job id. Pod I gets its index from {@code JOB_COMPLETION_INDEX}.
 */
public final class ShardJobTemplate {

  public static final String JOB_ID_LABEL = "convscope.dev/job-id";
  public static final String MODEL_ANNOTATION = "convscope.dev/model";
  public static final String SHARDS_ANNOTATION = "convscope.dev/shards";

  /** Retries of one index when the template sets none: a rerun shard resumes, so they are cheap. */
  static final int DEFAULT_BACKOFF_LIMIT_PER_INDEX = 3;

  /** How long a finished Job stays when the template says nothing: its state is in the bucket. */
  static final int DEFAULT_TTL_SECONDS = 86_400;

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Path path;
  private final Job template;

  private ShardJobTemplate(Path path, Job template) {
    this.path = path;
    this.template = template;
  }

  /** Reads and checks the template; the message names the file and what is wrong with it. */
  public static ShardJobTemplate read(Path path) {
    String yaml;
    try {
      yaml = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new InvalidShardJobTemplateException(path, "there is no such file");
    } catch (IOException e) {
      throw new InvalidShardJobTemplateException(path, "it cannot be read: " + e.getMessage());
    }
    KubernetesResource parsed;
    try {
      parsed = SERIALIZATION.unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new InvalidShardJobTemplateException(
          path, "it is not a Kubernetes object in YAML: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof Job job) || !"batch/v1".equals(job.getApiVersion())) {
      String found =
          parsed == null ? "nothing" : parsed.getClass().getSimpleName() + " (not batch/v1 Job)";
      throw new InvalidShardJobTemplateException(
          path, "it holds " + found + ", not a batch/v1 Job");
    }
    PodTemplateSpec pod = job.getSpec() == null ? null : job.getSpec().getTemplate();
    if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      throw new InvalidShardJobTemplateException(path, "it has no pod template");
    }
    if (pod.getSpec().getContainers().size() != 1) {
      throw new InvalidShardJobTemplateException(
          path,
          "its pod must have exactly one container, the shard, not "
              + pod.getSpec().getContainers().size());
    }
    Container shard = pod.getSpec().getContainers().get(0);
    if (shard.getCommand() == null || shard.getCommand().isEmpty()) {
      throw new InvalidShardJobTemplateException(
          path, "its container '" + shard.getName() + "' has no command to run the shard with");
    }
    String restart = pod.getSpec().getRestartPolicy();
    if (restart != null && !restart.equals("Never")) {
      throw new InvalidShardJobTemplateException(
          path,
          "its pods' restartPolicy is "
              + restart
              + "; a shard is retried as a new pod per index (backoffLimitPerIndex), which needs"
              + " Never");
    }
    return new ShardJobTemplate(path, job);
  }

  public Path path() {
    return path;
  }

  /** The Kubernetes Job's name for a data-set job: a DNS label, as job ids are. */
  public static String jobName(String jobId) {
    return "convscope-shard-" + jobId;
  }

  /** The arguments of the shard command for a job: pod I runs shard I. */
  public static List<String> shardArguments(String jobId) {
    return List.of("shard", "--job", jobId, "--index", "$(JOB_COMPLETION_INDEX)");
  }

  /**
   * The Job for a data-set job.
   *
   * @param parallelism how many shard pods may run at once (capped at the number of shards)
   * @param image the image the shard pods run, or empty for the template's
   */
  public Job fillIn(JobSpec spec, int parallelism, Optional<String> image) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    // A deep copy: the template is shared by every job.
    Job job = SERIALIZATION.clone(template);
    int shards = spec.shardCount();
    String jobId = spec.jobId();

    job.setMetadata(named(job.getMetadata(), jobName(jobId), spec));
    var jobSpec = job.getSpec();
    jobSpec.setCompletionMode("Indexed");
    jobSpec.setCompletions(shards);
    jobSpec.setParallelism(Math.min(parallelism, shards));
    if (jobSpec.getBackoffLimitPerIndex() == null && jobSpec.getBackoffLimit() == null) {
      jobSpec.setBackoffLimitPerIndex(DEFAULT_BACKOFF_LIMIT_PER_INDEX);
    }
    if (jobSpec.getMaxFailedIndexes() != null) {
      // The API refuses more failed indexes than there are.
      jobSpec.setMaxFailedIndexes(Math.min(jobSpec.getMaxFailedIndexes(), shards));
    }
    if (jobSpec.getTtlSecondsAfterFinished() == null) {
      jobSpec.setTtlSecondsAfterFinished(DEFAULT_TTL_SECONDS);
    }
    // Kubernetes names the pods' own labels and selector after the Job.
    jobSpec.setSelector(null);
    jobSpec.setManualSelector(null);

    PodTemplateSpec pod = jobSpec.getTemplate();
    ObjectMeta podMeta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
    podMeta.setName(null);
    pod.setMetadata(named(podMeta, null, spec));
    pod.getSpec().setRestartPolicy("Never");

    Container shard = pod.getSpec().getContainers().get(0);
    image.ifPresent(shard::setImage);
    shard.setArgs(new ArrayList<>(shardArguments(jobId)));
    List<EnvVar> env = new ArrayList<>();
    if (shard.getEnv() != null) {
      shard.getEnv().stream().filter(e -> !e.getName().equals("JOB_ID")).forEach(env::add);
    }
    env.add(new EnvVar("JOB_ID", jobId, null));
    shard.setEnv(env);
    return job;
  }

  /** The metadata with the job's name, label and annotations, the template's others kept. */
  private static ObjectMeta named(ObjectMeta meta, String name, JobSpec spec) {
    ObjectMeta named = meta == null ? new ObjectMeta() : meta;
    named.setName(name);
    named.setGenerateName(null);
    named.setNamespace(null);
    named.setResourceVersion(null);
    named.setUid(null);
    named.setOwnerReferences(null);
    Map<String, String> labels =
        named.getLabels() == null ? new HashMap<>() : new HashMap<>(named.getLabels());
    labels.put(JOB_ID_LABEL, spec.jobId());
    named.setLabels(labels);
    Map<String, String> annotations =
        named.getAnnotations() == null ? new HashMap<>() : new HashMap<>(named.getAnnotations());
    annotations.put(JOB_ID_LABEL, spec.jobId());
    annotations.put(MODEL_ANNOTATION, spec.model());
    annotations.put(SHARDS_ANNOTATION, Integer.toString(spec.shardCount()));
    named.setAnnotations(annotations);
    return named;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
