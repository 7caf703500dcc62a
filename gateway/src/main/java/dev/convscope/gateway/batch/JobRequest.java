package dev.convscope.gateway.batch;

import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.store.Bucket;
import java.util.List;

/**
 * A request to run a data set through a model: exactly one of an IDX file ({@code idx_images}, with
 * {@code idx_labels} optional), a {@code prefix}, or a list of {@code keys}, all in the bucket.
 * {@code limit} takes only the first items.
 */
public record JobRequest(
    String model,
    String idxImages,
    String idxLabels,
    String prefix,
    List<String> keys,
    Integer limit,
    Integer shardSize,
    Integer topN,
    String colormap,
    Integer maxWidth) {

  static final String DEFAULT_MODEL = "fashion-mnist";

  String modelOrDefault() {
    return model == null || model.isBlank() ? DEFAULT_MODEL : model;
  }

  int shardSizeOrDefault() {
    return positive(shardSize, 100, "shard_size");
  }

  int topNOrDefault() {
    return positive(topN, 9, "top_n");
  }

  /** How the job's pictures are drawn: the contract's defaults and limits. */
  RenderOptions renderOptions() {
    try {
      return RenderOptions.of(colormap, maxWidth, null, null);
    } catch (InvalidOptionException e) {
      throw invalid(e.getMessage());
    }
  }

  /** The data set as the spec keeps it; a prefix becomes the list of its keys, in order. */
  JobSpec.DatasetSpec resolveDataset(Bucket store) {
    if (limit != null && limit < 1) {
      throw invalid("limit must be at least 1, not " + limit);
    }
    int given = (idxImages != null ? 1 : 0) + (prefix != null ? 1 : 0) + (keys != null ? 1 : 0);
    if (given != 1) {
      throw invalid("name the data set with exactly one of idx_images, prefix or keys");
    }
    if (idxImages != null) {
      return new JobSpec.DatasetSpec(idxImages, idxLabels, null, null);
    }
    if (prefix != null) {
      List<String> found =
          store.list(prefix).stream().filter(JobRequest::looksLikeAnImage).toList();
      if (found.isEmpty()) {
        throw new NotFound("there are no PNG or JPEG objects under '" + prefix + "'");
      }
      return new JobSpec.DatasetSpec(null, null, prefix, found);
    }
    if (keys.isEmpty()) {
      throw invalid("keys is empty");
    }
    return new JobSpec.DatasetSpec(null, null, null, List.copyOf(keys));
  }

  private static boolean looksLikeAnImage(String key) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
  }

  private static int positive(Integer value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw invalid(name + " must be at least 1, not " + value);
    }
    return value;
  }

  private static InvalidInput invalid(String message) {
    return new InvalidInput(message);
  }
}
