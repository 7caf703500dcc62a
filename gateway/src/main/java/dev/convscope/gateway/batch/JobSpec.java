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
  public record DatasetSpec(String idxImages, String idxLabels, String prefix, List<String> keys) {

    /**
     * The data set in a few words, enough to tell jobs apart: an IDX file's name with the start of
     * its upload's digest ({@code t10k-images-idx3-ubyte.gz (3f2a9c1e), labelled}), a prefix, or a
     * number of keys.
     */
    public String describe() {
      if (idxImages != null) {
        return fileOf(idxImages) + (idxLabels != null ? ", labelled" : ", unlabelled");
      }
      if (prefix != null) {
        return prefix + " (" + keys.size() + " images)";
      }
      return keys.size() + (keys.size() == 1 ? " image" : " images") + " by key";
    }

    /** An uploaded file's name, with its folder's digest shortened: datasets/{sha256}/{name}. */
    private static String fileOf(String key) {
      String[] parts = key.split("/");
      String name = parts[parts.length - 1];
      if (parts.length == 3 && parts[0].equals("datasets") && parts[1].length() >= 8) {
        return name + " (" + parts[1].substring(0, 8) + ")";
      }
      return key;
    }
  }
}
