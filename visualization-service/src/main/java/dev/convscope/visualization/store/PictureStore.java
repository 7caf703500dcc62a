package dev.convscope.visualization.store;

import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Keeps PNGs in the object store under content-addressed keys. A key that is already stored is not
 * written again: the same tensor and options always give the same bytes, so a retry or a second
 * replica doing the same work costs one HEAD request and never changes what is there. S3 makes an
 * object visible only once it is completely written, so a stored key is never half a picture.
 */
@ApplicationScoped
public class PictureStore {

  private final ObjectStore objects;

  public PictureStore(ObjectStore objects) {
    this.objects = objects;
  }

  /** Stores the PNG under {@code key} unless that key is stored already. */
  public StoredPicture putIfAbsent(String key, byte[] bytes, String contentType) {
    Optional<Long> existing = objects.size(key);
    if (existing.isPresent()) {
      return new StoredPicture(key, existing.get(), true);
    }
    objects.put(key, bytes, contentType);
    return new StoredPicture(key, bytes.length, false);
  }

  /** Whether the store answers and the bucket exists: unreachable and misconfigured told apart. */
  public StoreCheck check() {
    return StoreCheck.of(objects);
  }
}
