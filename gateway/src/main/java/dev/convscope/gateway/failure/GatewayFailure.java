package dev.convscope.gateway.failure;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Why the gateway could not do what it was asked, in its own words: what the domain (runs, jobs,
 * model uploads) throws, whatever the cause (the request, a neighbour service, the store). Each
 * transport turns these into its own answers in one place: problem details over REST, a status over
 * gRPC (docs/errors.md has the table). The message names what was wrong so a person can act.
 */
public abstract sealed class GatewayFailure extends RuntimeException
    permits NotFound,
        Unexplainable,
        InvalidInput,
        UnsupportedMedia,
        Unsuitable,
        TooLarge,
        Busy,
        Unavailable,
        TimedOut,
        Misconfigured,
        ServiceFailed {

  /** How long a client should wait before asking again when the failure passes; 5 s. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  GatewayFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The kind of failure as a stable code (NOT_FOUND, BUSY, MISCONFIGURED, …), the same over every
   * transport: a REST problem's {@code reason}, a gRPC status's ErrorInfo reason.
   */
  public final String reason() {
    return getClass()
        .getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toUpperCase(Locale.ROOT);
  }

  /** When the same request may succeed later, how long to wait first; empty when it will not. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
