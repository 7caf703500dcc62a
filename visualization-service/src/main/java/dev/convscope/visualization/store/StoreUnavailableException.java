package dev.convscope.visualization.store;

/** The object store could not be reached or refused to work; nothing was reported as stored. */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
