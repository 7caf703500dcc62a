package dev.convscope.gateway.batch;

import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.store.Bucket;
import java.util.List;

/** Opens a job's data set from the bucket. */
final class Datasets {

  private Datasets() {}

  static Dataset open(JobSpec.DatasetSpec spec, List<String> classLabels, Bucket store) {
    if (spec.idxImages() != null) {
      byte[] images = read(store, spec.idxImages());
      byte[] labels = spec.idxLabels() == null ? null : read(store, spec.idxLabels());
      return IdxDataset.read(
          spec.idxImages(), images, spec.idxLabels(), labels, classLabels.size());
    }
    return new KeyListDataset(store, spec.keys(), classLabels);
  }

  private static byte[] read(Bucket store, String key) {
    return store
        .read(key)
        .orElseThrow(
            () ->
                new NotFound("there is no object '" + key + "' in bucket '" + store.name() + "'"));
  }
}
