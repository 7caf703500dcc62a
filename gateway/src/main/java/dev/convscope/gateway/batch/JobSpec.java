package dev.convscope.gateway.batch;

import java.util.List;

/**
 * What a data-set job is: a model, the options of every run, and the data set, cut into shards of
 * {@code shard_size} items. Stored as {@code jobs/{job_id}/spec.json}; immutable once created, so
 * any replica or shard pod reads the same job.
 */
public record JobSpec(
    String jobId,
    String createdAt,
    String model,
    String modelDigest,
    List<String> classLabels,
    DatasetSpec dataset,
    int itemCount,
    int shardSize,
    int topN,
    int topK,
    String colormap,
    int maxWidth) {

  /** Number of shards: the last one may hold fewer items. */
  public int shardCount() {
    return (itemCount + shardSize - 1) / shardSize;
  }

  /** The first item of a shard. */
  public int shardStart(int shard) {
    return shard * shardSize;
  }

  /** One past the last item of a shard. */
  public int shardEnd(int shard) {
    return Math.min(itemCount, (shard + 1) * shardSize);
  }

  /**
   * Where the images are: an IDX image file (with an optional label file) in the bucket, or a list
   * of object keys (a prefix is resolved into its keys when the job is created, so the job never
   * changes under its shards). A key's label is the name of its folder when that names a class, as
   * in an image-folder data set ({@code shoes/Sneaker/1.png}).
   */
  public record DatasetSpec(String idxImages, String idxLabels, String prefix, List<String> keys) {}
}
