package dev.convscope.gateway.batch;

import dev.convscope.contract.options.RenderOptions;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.config.ShardPlacement;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.gateway.failure.Unsuitable;
import dev.convscope.gateway.model.ModelSummary;
import dev.convscope.gateway.run.Runner;
import dev.convscope.gateway.store.Bucket;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Data-set jobs: created here, their state kept in the bucket, their shards run on this gateway
 * with bounded concurrency or, on Kubernetes, by the pods of an Indexed Job this creates (running
 * the same shard code), their progress and summary read back by any replica.
 */
@ApplicationScoped
public class JobService {

  private static final Logger LOG = Logger.getLogger(JobService.class);

  @Inject Runner runner;

  @Inject Bucket store;

  @Inject GatewayConfig config;

  @Inject KubernetesShardJobs kubernetes;

  private ExecutorService shards;
  private final Map<String, Dataset> openDatasets = new ConcurrentHashMap<>();
  private final WorkingShards working = new WorkingShards();

  /** A shard Job template that cannot be used stops the gateway, not its first job. */
  void checkSettings(@Observes StartupEvent started) {
    if (config.batch().runShardsLocally().isPresent()) {
      throw new IllegalStateException(
          "convscope.gateway.batch.run-shards-locally (CONVSCOPE_GATEWAY_BATCH_RUN_SHARDS_LOCALLY)"
              + " is no longer read: set convscope.gateway.batch.shards"
              + " (CONVSCOPE_GATEWAY_BATCH_SHARDS) to local, kubernetes or external instead");
    }
    if (placement() == ShardPlacement.KUBERNETES) {
      ShardJobTemplate template = kubernetes.checkSettings();
      LOG.infof("shards run as Kubernetes Jobs made from %s", template.path());
    }
  }

  /** Creates the job, stores its spec, and starts its shards here or as a Kubernetes Job. */
  public JobStatus create(JobRequest request) {
    // Options first: a bad one is named before any data set is read.
    int shardSize = request.shardSizeOrDefault();
    int topN = request.topNOrDefault();
    RenderOptions render = request.renderOptions();
    ModelSummary model = runner.describe(request.modelOrDefault());
    List<String> classLabels = model.labels();
    if (classLabels.isEmpty()) {
      throw new Unsuitable("the model '" + request.modelOrDefault() + "' names no classes");
    }
    JobSpec.DatasetSpec dataset = request.resolveDataset(store);
    Dataset opened;
    try {
      opened = Datasets.open(dataset, classLabels, store);
    } catch (IllegalArgumentException e) { // a data-set file that does not add up
      throw new InvalidInput(e.getMessage(), e);
    }
    int items = request.limit() == null ? opened.size() : Math.min(request.limit(), opened.size());
    if (items == 0) {
      throw new InvalidInput("the data set holds no images");
    }
    Instant now = Instant.now();
    JobSpec spec =
        new JobSpec(
            JobIds.next(now),
            now.toString(),
            request.modelOrDefault(),
            model.digest(),
            List.copyOf(classLabels),
            dataset,
            items,
            shardSize,
            topN,
            1,
            render.colormap().name(),
            render.maxWidth());
    if (placement() == ShardPlacement.KUBERNETES) {
      // Filled in before anything is stored: a template that broke since startup stores no job.
      Job shardJob;
      try {
        shardJob = kubernetes.prepare(spec);
      } catch (InvalidShardJobTemplateException e) {
        LOG.error(e.getMessage());
        throw new Misconfigured(e.getMessage(), e);
      }
      jobStore().writeSpec(spec);
      startOnKubernetes(spec, shardJob);
    } else if (placement() == ShardPlacement.EXTERNAL) {
      jobStore().writeSpec(spec); // recorded; `convscope batch shard` runs its shards elsewhere
    } else {
      jobStore().writeSpec(spec);
      openDatasets.put(spec.jobId(), opened);
      for (int shard = 0; shard < spec.shardCount(); shard++) {
        int index = shard;
        executor().submit(() -> runShard(spec, index));
      }
    }
    return status(spec.jobId());
  }

  /** Creates the shard Job; if Kubernetes refuses, the job says why instead of waiting forever. */
  private void startOnKubernetes(JobSpec spec, Job shardJob) {
    try {
      kubernetes.create(shardJob);
    } catch (KubernetesClientException e) {
      String why =
          "the Kubernetes Job "
              + shardJob.getMetadata().getName()
              + " could not be created: "
              + e.getMessage();
      LOG.error(why);
      jobStore()
          .writeShard(
              spec.jobId(),
              new ShardState(0, 0, false, why, Instant.now().toString(), new JobAggregate()));
      throw new Unavailable(why, e);
    }
  }

  /**
   * Runs one shard here: what the local executor does, and what a shard pod's command does.
   *
   * @throws Unavailable when the store is down even to record why the shard stopped
   * @throws Misconfigured when the store refuses even to record why the shard stopped
   */
  public ShardState runShard(JobSpec spec, int index) {
    // Counted before the shard reads the cancel marker: a cancel either waits for it or is seen.
    working.started(spec.jobId());
    try {
      Dataset dataset =
          openDatasets.computeIfAbsent(
              spec.jobId(), id -> Datasets.open(spec.dataset(), spec.classLabels(), store));
      return new ShardRunner(
              runner,
              jobStore(),
              config.batch().outageLimit(),
              notice -> LOG.warnf("job %s shard %d: %s", spec.jobId(), index, notice))
          .run(spec, dataset, index, item -> {});
    } catch (RuntimeException e) {
      LOG.errorf(e, "job %s shard %d failed", spec.jobId(), index);
      try {
        return jobStore().recordFailure(spec.jobId(), index, e.getMessage());
      } catch (Unavailable | Misconfigured recording) {
        // The shard stays unfinished in the bucket; a rerun carries on from its last state.
        LOG.errorf(
            "job %s shard %d: its failure could not be recorded: %s",
            spec.jobId(), index, recording.getMessage());
        throw recording;
      }
    } finally {
      working.stopped(spec.jobId());
    }
  }

  /** Opens a job's data set from the bucket: for a shard run outside the application. */
  public static Dataset openDataset(JobSpec spec, Bucket store) {
    return Datasets.open(spec.dataset(), spec.classLabels(), store);
  }

  public JobSpec spec(String jobId) {
    return jobStore()
        .spec(jobId)
        .orElseThrow(() -> new NotFound("there is no job '" + jobId + "'"));
  }

  public JobStatus status(String jobId) {
    JobSpec spec = spec(jobId);
    JobStore jobs = jobStore();
    int done = 0;
    int failed = 0;
    int finished = 0;
    String reason = null;
    Instant lastUpdate = null;
    for (int shard = 0; shard < spec.shardCount(); shard++) {
      var state = jobs.shard(jobId, shard);
      if (state.isPresent()) {
        done += state.get().done();
        failed += state.get().tally().failed;
        if (state.get().finished()) {
          finished++;
        } else if (state.get().failure() != null && reason == null) {
          reason = "shard " + shard + ": " + state.get().failure();
        }
        lastUpdate = later(lastUpdate, state.get().updatedAt());
      }
    }
    boolean cancelled = jobs.cancelled(jobId);
    if (reason == null && !cancelled && finished < spec.shardCount()) {
      reason = kubernetesFailure(jobId).orElse(null);
    }
    String stateName =
        finished == spec.shardCount()
            ? "finished"
            : cancelled ? "cancelled" : reason != null ? "failed" : "running";
    Instant started = Instant.parse(spec.createdAt());
    // An ended job's rate is its own, fixed once it ended: timed to its shards' last state.
    Instant ended = stateName.equals("running") ? null : lastUpdate == null ? started : lastUpdate;
    double seconds =
        Math.max(
            1e-3,
            Duration.between(started, ended == null ? Instant.now() : ended).toMillis() / 1e3);
    double rate = done / seconds;
    Double left = stateName.equals("running") && rate > 0 ? (spec.itemCount() - done) / rate : null;
    return new JobStatus(
        jobId,
        spec.model(),
        spec.dataset().describe(),
        stateName,
        spec.createdAt(),
        ended == null ? null : ended.toString(),
        spec.itemCount(),
        done,
        failed,
        spec.shardCount(),
        finished,
        rate,
        left,
        reason);
  }

  /** The later of a time and a shard's stored time (absent in states stored before it was kept). */
  private static Instant later(Instant current, String updatedAt) {
    if (updatedAt == null) {
      return current;
    }
    Instant updated = Instant.parse(updatedAt);
    return current == null || updated.isAfter(current) ? updated : current;
  }

  public List<JobStatus> list() {
    List<JobStatus> statuses = new ArrayList<>();
    for (String id : jobStore().jobIds()) {
      statuses.add(status(id));
    }
    return statuses;
  }

  /**
   * Cancels the job: the marker stops every shard wherever it runs before its next image, and on
   * Kubernetes the shard Job goes too, with its pods. The marker alone would do (a cancelled shard
   * pod ends with success), so a Job that cannot be deleted now is only logged. The answer waits
   * until the shards running in this gateway have stopped (at most one run's timeout), so the
   * counts it gives are final for them: no image of theirs is processed after it.
   */
  public JobStatus cancel(String jobId) {
    spec(jobId);
    jobStore().cancel(jobId);
    if (placement() == ShardPlacement.KUBERNETES) {
      try {
        if (!kubernetes.delete(jobId)) {
          LOG.infof("job %s had no Kubernetes Job left to delete", jobId);
        }
      } catch (KubernetesClientException e) {
        LOG.warnf("job %s is cancelled, but its Kubernetes Job stays: %s", jobId, e.getMessage());
      }
    }
    try {
      if (!working.awaitStopped(jobId, config.runTimeout())) {
        LOG.warnf("job %s is cancelled; a shard here is still finishing its image", jobId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return status(jobId);
  }

  /** Why Kubernetes gave up on the job's shard Job, when it did; a status never fails for it. */
  private Optional<String> kubernetesFailure(String jobId) {
    if (placement() != ShardPlacement.KUBERNETES) {
      return Optional.empty();
    }
    try {
      return kubernetes.failure(jobId);
    } catch (KubernetesClientException e) {
      LOG.debugf("the Kubernetes Job of job %s cannot be read: %s", jobId, e.getMessage());
      return Optional.empty();
    }
  }

  /** The merged tallies of every shard counted so far; stored once the job is finished. */
  public JobAggregate summary(String jobId) {
    JobSpec spec = spec(jobId);
    JobStore jobs = jobStore();
    var stored = jobs.summary(jobId);
    if (stored.isPresent()) {
      return stored.get();
    }
    JobAggregate merged = new JobAggregate();
    AtomicInteger finished = new AtomicInteger();
    for (int shard = 0; shard < spec.shardCount(); shard++) {
      jobs.shard(jobId, shard)
          .ifPresent(
              state -> {
                merged.merge(state.tally(), spec.classLabels().size(), spec.topN());
                if (state.finished()) {
                  finished.incrementAndGet();
                }
              });
    }
    if (finished.get() == spec.shardCount()) {
      jobs.writeSummary(jobId, merged);
    }
    return merged;
  }

  private ShardPlacement placement() {
    return config.batch().shards();
  }

  private JobStore jobStore() {
    return new JobStore(store);
  }

  private synchronized ExecutorService executor() {
    if (shards == null) {
      AtomicInteger threads = new AtomicInteger();
      shards =
          Executors.newFixedThreadPool(
              config.batch().concurrency(),
              task -> {
                Thread thread = new Thread(task, "job-shard-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    return shards;
  }

  @PreDestroy
  void stop() {
    if (shards != null) {
      shards.shutdownNow();
    }
  }
}
