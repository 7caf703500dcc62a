package dev.convscope.store;

/** The object store could not be reached or refused to work; becomes UNAVAILABLE. */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
