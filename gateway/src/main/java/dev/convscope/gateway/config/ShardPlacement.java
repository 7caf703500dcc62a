package dev.convscope.gateway.config;

/**
 * Where a data-set job's shards run ({@code convscope.gateway.batch.shards}): in this gateway with
 * bounded concurrency, as a Kubernetes Indexed Job the gateway creates (one pod per shard), or
 * elsewhere: the gateway only records the job, and {@code convscope batch shard} runs each shard
 * where its operator starts it. All run the same shard code.
 */
public enum ShardPlacement {
  LOCAL,
  KUBERNETES,
  EXTERNAL
}
