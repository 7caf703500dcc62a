package dev.convscope.gateway.batch;

import dev.convscope.api.v1.ModelSummary;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.run.Runner;
import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.Status;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Data-set jobs: created here, their state kept in the bucket, their shards run on this gateway
 * with bounded concurrency (or, on Kubernetes, by an Indexed Job's pods running the same shard
 * code), their progress and summary read back by any replica.
 */
@ApplicationScoped
public class JobService {

  private static final Logger LOG = Logger.getLogger(JobService.class);

  @Inject Runner runner;

  @Inject ObjectStore store;

  @Inject GatewayConfig config;

  private ExecutorService shards;
  private final Map<String, Dataset> openDatasets = new ConcurrentHashMap<>();

  /** Creates the job, stores its spec, and starts its shards here unless told not to. */
  public JobStatus create(JobRequest request) {
    // Options first: a bad one is named before any data set is read.
    int shardSize = request.shardSizeOrDefault();
    int topN = request.topNOrDefault();
    int maxWidth = request.maxWidthOrDefault();
    ModelSummary model = runner.describe(request.modelOrDefault());
    List<String> classLabels = model.getLabelsList();
    if (classLabels.isEmpty()) {
      throw Status.FAILED_PRECONDITION
          .withDescription("the model '" + request.modelOrDefault() + "' names no classes")
          .asRuntimeException();
    }
    JobSpec.DatasetSpec dataset = request.resolveDataset(store);
    Dataset opened;
    try {
      opened = Datasets.open(dataset, classLabels, store);
    } catch (IllegalArgumentException e) { // a data-set file that does not add up
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
    int items = request.limit() == null ? opened.size() : Math.min(request.limit(), opened.size());
    if (items == 0) {
      throw Status.INVALID_ARGUMENT
          .withDescription("the data set holds no images")
          .asRuntimeException();
    }
    Instant now = Instant.now();
    JobSpec spec =
        new JobSpec(
            JobIds.next(now),
            now.toString(),
            request.modelOrDefault(),
            model.getDigest(),
            List.copyOf(classLabels),
            dataset,
            items,
            shardSize,
            topN,
            1,
            request.colormapOrDefault(),
            maxWidth);
    jobStore().writeSpec(spec);
    openDatasets.put(spec.jobId(), opened);
    if (config.batch().runShardsLocally()) {
      for (int shard = 0; shard < spec.shardCount(); shard++) {
        int index = shard;
        executor().submit(() -> runShard(spec, index));
      }
    }
    return status(spec.jobId());
  }

  /**
   * Runs one shard here: what the local executor does, and what a shard pod's command does.
   *
   * @throws StoreUnavailableException when the store is down even to record why the shard stopped
   */
  public ShardState runShard(JobSpec spec, int index) {
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
        ShardState failed = jobStore().shard(spec.jobId(), index).orElse(ShardState.fresh(index));
        ShardState state =
            new ShardState(
                index,
                failed.done(),
                false,
                e.getMessage(),
                Instant.now().toString(),
                failed.tally());
        jobStore().writeShard(spec.jobId(), state);
        return state;
      } catch (StoreUnavailableException recording) {
        // The shard stays unfinished in the bucket; a rerun carries on from its last state.
        LOG.errorf(
            "job %s shard %d: its failure could not be recorded: %s",
            spec.jobId(), index, recording.getMessage());
        throw recording;
      }
    }
  }

  /** Opens a job's data set from the bucket: for a shard run outside the application. */
  public static Dataset openDataset(JobSpec spec, ObjectStore store) {
    return Datasets.open(spec.dataset(), spec.classLabels(), store);
  }

  public JobSpec spec(String jobId) {
    return jobStore()
        .spec(jobId)
        .orElseThrow(
            () ->
                Status.NOT_FOUND
                    .withDescription("there is no job '" + jobId + "'")
                    .asRuntimeException());
  }

  public JobStatus status(String jobId) {
    JobSpec spec = spec(jobId);
    JobStore jobs = jobStore();
    int done = 0;
    int failed = 0;
    int finished = 0;
    String reason = null;
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
      }
    }
    boolean cancelled = jobs.cancelled(jobId);
    String stateName =
        finished == spec.shardCount()
            ? "finished"
            : cancelled ? "cancelled" : reason != null ? "failed" : "running";
    double seconds =
        Math.max(
            1e-3,
            Duration.between(Instant.parse(spec.createdAt()), Instant.now()).toMillis() / 1e3);
    double rate = done / seconds;
    Double left = stateName.equals("running") && rate > 0 ? (spec.itemCount() - done) / rate : null;
    return new JobStatus(
        jobId,
        spec.model(),
        stateName,
        spec.createdAt(),
        spec.itemCount(),
        done,
        failed,
        spec.shardCount(),
        finished,
        rate,
        left,
        reason);
  }

  public List<JobStatus> list() {
    List<JobStatus> statuses = new ArrayList<>();
    for (String id : jobStore().jobIds()) {
      statuses.add(status(id));
    }
    return statuses;
  }

  public JobStatus cancel(String jobId) {
    spec(jobId);
    jobStore().cancel(jobId);
    return status(jobId);
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
