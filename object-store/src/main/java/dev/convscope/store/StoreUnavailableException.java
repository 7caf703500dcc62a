package dev.convscope.store;

/**
 * The object store cannot be reached, did not answer in time, or answered with a server error
 * (5xx): an outage, worth retrying later; becomes UNAVAILABLE (503).
 */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
