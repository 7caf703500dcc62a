package dev.convscope.gateway.store;

import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreCheck;
import dev.convscope.store.StoreMisconfiguredException;
import dev.convscope.store.StoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one bucket as the gateway's runs and jobs use it: the object store's calls, with its failures
 * told in the gateway's words where they arise. An outage is {@link Unavailable} (waited out by a
 * shard, 503 to a client); refused credentials or a missing bucket are {@link Misconfigured} (never
 * retried, 500).
 */
@ApplicationScoped
public class Bucket {

  private final ObjectStore store;

  public Bucket(ObjectStore store) {
    this.store = store;
  }

  /** The bucket's name. */
  public String name() {
    return store.bucket();
  }

  /** The object's size in bytes, or empty when there is no object under {@code key}. */
  public Optional<Long> size(String key) {
    return call(() -> store.size(key));
  }

  /** The object's bytes, or empty when there is no object under {@code key}. */
  public Optional<byte[]> read(String key) {
    return call(() -> store.read(key));
  }

  /** Every key that starts with {@code prefix}, in order. */
  public List<String> list(String prefix) {
    return call(() -> store.list(prefix));
  }

  public void put(String key, byte[] bytes, String contentType) {
    call(
        () -> {
          store.put(key, bytes, contentType);
          return null;
        });
  }

  /** A URL that reads the object for {@code expiry}; signed here, without asking the store. */
  public String presignedGetUrl(String key, Duration expiry) {
    return call(() -> store.presignedGetUrl(key, expiry));
  }

  /** Whether the store answers and takes the credentials and the bucket, for readiness. */
  public StoreCheck check() {
    return StoreCheck.of(store);
  }

  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (StoreUnavailableException e) {
      throw new Unavailable(e.getMessage(), e);
    } catch (StoreMisconfiguredException e) {
      throw new Misconfigured(e.getMessage(), e);
    }
  }
}
