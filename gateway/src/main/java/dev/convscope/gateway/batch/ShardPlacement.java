package dev.convscope.gateway.batch;

/**
 * Where a data-set job's shards run ({@code convscope.gateway.batch.shards}): in this gateway with
 * bounded concurrency, or as a Kubernetes Indexed Job the gateway creates, one pod per shard. Both
 * run the same shard code.
 */
public enum ShardPlacement {
  LOCAL,
  KUBERNETES
}
