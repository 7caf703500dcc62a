package dev.convscope.gateway.batch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.convscope.gateway.store.Bucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's state in the bucket, where every gateway replica and every shard pod sees it: {@code
 * jobs/{job}/spec.json}, one {@code shards/{index}.json} per shard that has started, a {@code
 * cancelled} marker, and {@code summary.json} once the job is done.
 */
public final class JobStore {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Bucket store;

  public JobStore(Bucket store) {
    this.store = store;
  }

  void writeSpec(JobSpec spec) {
    put(specKey(spec.jobId()), spec);
  }

  public Optional<JobSpec> spec(String jobId) {
    if (!JobIds.isWellFormed(jobId)) {
      return Optional.empty();
    }
    return get(specKey(jobId), JobSpec.class);
  }

  /** Every job's id, oldest first (ids start with their creation time). */
  List<String> jobIds() {
    List<String> ids = new ArrayList<>();
    for (String key : store.list("jobs/")) {
      if (key.endsWith("/spec.json")) {
        ids.add(key.substring("jobs/".length(), key.length() - "/spec.json".length()));
      }
    }
    return ids;
  }

  public void writeShard(String jobId, ShardState state) {
    put(shardKey(jobId, state.index()), state);
  }

  public Optional<ShardState> shard(String jobId, int index) {
    return get(shardKey(jobId, index), ShardState.class);
  }

  /**
   * Records that the shard stopped and why, keeping how far it had come (its last stored state), so
   * the job reports the reason and a rerun carries on from there.
   */
  public ShardState recordFailure(String jobId, int index, String why) {
    ShardState last = shard(jobId, index).orElse(ShardState.fresh(index));
    ShardState failed =
        new ShardState(index, last.done(), false, why, Instant.now().toString(), last.tally());
    writeShard(jobId, failed);
    return failed;
  }

  void cancel(String jobId) {
    store.put(cancelKey(jobId), new byte[0], "text/plain");
  }

  boolean cancelled(String jobId) {
    return store.size(cancelKey(jobId)).isPresent();
  }

  void writeSummary(String jobId, JobAggregate summary) {
    put("jobs/" + jobId + "/summary.json", summary);
  }

  Optional<JobAggregate> summary(String jobId) {
    return get("jobs/" + jobId + "/summary.json", JobAggregate.class);
  }

  private static String specKey(String jobId) {
    return "jobs/" + jobId + "/spec.json";
  }

  private static String shardKey(String jobId, int index) {
    return "jobs/" + jobId + "/shards/" + index + ".json";
  }

  private static String cancelKey(String jobId) {
    return "jobs/" + jobId + "/cancelled";
  }

  private void put(String key, Object value) {
    try {
      store.put(key, JSON.writeValueAsBytes(value), "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> Optional<T> get(String key, Class<T> type) {
    return store
        .read(key)
        .map(
            bytes -> {
              try {
                return JSON.readValue(bytes, type);
              } catch (IOException e) {
                throw new IllegalStateException(key + " cannot be read: " + e.getMessage(), e);
              }
            });
  }
}
