package dev.convscope.gateway.batch;

/**
 * A shard's progress, stored as {@code jobs/{job}/shards/{index}.json} every few items: a shard
 * that is run again (a retried pod, a restarted gateway) carries on after {@code done} items, so
 * nothing is counted twice.
 *
 * @param done items of the shard already counted in {@code tally}, from its first
 * @param finished true once every item is counted
 * @param failure why the shard gave up, or null
 */
public record ShardState(
    int index, int done, boolean finished, String failure, String updatedAt, JobAggregate tally) {

  static ShardState fresh(int index) {
    return new ShardState(index, 0, false, null, null, new JobAggregate());
  }
}
