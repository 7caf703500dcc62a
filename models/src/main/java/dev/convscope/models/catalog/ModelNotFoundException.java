package dev.convscope.models.catalog;

/** No model of that name or digest; becomes NOT_FOUND. */
public final class ModelNotFoundException extends RuntimeException {

  public ModelNotFoundException(String message) {
    super(message);
  }
}
