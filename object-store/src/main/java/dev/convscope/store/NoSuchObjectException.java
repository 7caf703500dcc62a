package dev.convscope.store;

/** The bucket holds no object under the key asked for; becomes NOT_FOUND. */
public final class NoSuchObjectException extends RuntimeException {

  public NoSuchObjectException(String message) {
    super(message);
  }
}
