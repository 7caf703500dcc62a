package dev.convscope.gateway.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * A service the request needs is taking as many calls as it can at once: the request is fine and
 * may be sent again after a short wait.
 */
public final class Busy extends GatewayFailure {

  public Busy(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(DEFAULT_RETRY_AFTER);
  }
}
