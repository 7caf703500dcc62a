package dev.convscope.gateway.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * An outage: a neighbour service or the object store cannot be reached, or failed on its side. It
 * passes, so the same request may succeed later; a shard waits one out with backoff.
 */
public final class Unavailable extends GatewayFailure {

  public Unavailable(String message) {
    super(message, null);
  }

  public Unavailable(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(DEFAULT_RETRY_AFTER);
  }
}
