package dev.convscope.gateway.batch;

import dev.convscope.store.NoSuchObjectException;
import dev.convscope.store.ObjectStore;
import java.util.List;

/** Opens a job's data set from the bucket. */
final class Datasets {

  private Datasets() {}

  static Dataset open(JobSpec.DatasetSpec spec, List<String> classLabels, ObjectStore store) {
    if (spec.idxImages() != null) {
      byte[] images = read(store, spec.idxImages());
      byte[] labels = spec.idxLabels() == null ? null : read(store, spec.idxLabels());
      return IdxDataset.read(
          spec.idxImages(), images, spec.idxLabels(), labels, classLabels.size());
    }
    return new KeyListDataset(store, spec.keys(), classLabels);
  }

  private static byte[] read(ObjectStore store, String key) {
    return store
        .read(key)
        .orElseThrow(
            () ->
                new NoSuchObjectException(
                    "there is no object '" + key + "' in bucket '" + store.bucket() + "'"));
  }
}
