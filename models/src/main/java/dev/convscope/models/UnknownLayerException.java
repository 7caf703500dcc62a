package dev.convscope.models;

/** A layer name the model does not have; becomes NOT_FOUND. */
public final class UnknownLayerException extends RuntimeException {

  public UnknownLayerException(String message) {
    super(message);
  }
}
