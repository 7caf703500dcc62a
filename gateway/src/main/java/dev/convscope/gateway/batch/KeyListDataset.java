package dev.convscope.gateway.batch;

import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.store.Bucket;
import java.util.List;

/** Images stored as objects, labelled by their folder when the folder's name is a class. */
final class KeyListDataset implements Dataset {

  private final Bucket store;
  private final List<String> keys;
  private final List<String> classLabels;

  KeyListDataset(Bucket store, List<String> keys, List<String> classLabels) {
    this.store = store;
    this.keys = keys;
    this.classLabels = classLabels;
  }

  @Override
  public int size() {
    return keys.size();
  }

  @Override
  public boolean labelled() {
    return !keys.isEmpty() && keys.stream().allMatch(key -> labelOf(key) >= 0);
  }

  @Override
  public DatasetItem item(int index) {
    String key = keys.get(index);
    byte[] image =
        store.read(key).orElseThrow(() -> new NotFound("there is no object '" + key + "'"));
    return new DatasetItem(key, image, labelOf(key));
  }

  /** The class named by the key's folder ({@code set/Sneaker/7.png}), or -1. */
  int labelOf(String key) {
    int slash = key.lastIndexOf('/');
    if (slash <= 0) {
      return -1;
    }
    String folder = key.substring(key.lastIndexOf('/', slash - 1) + 1, slash);
    return classLabels.indexOf(folder);
  }
}
