package dev.convscope.inference.upload;

/**
 * A request to remove a model that is not an upload: built-in and zoo models come with the service
 * and stay. Becomes FAILED_PRECONDITION.
 */
public final class ModelNotRemovableException extends RuntimeException {

  public ModelNotRemovableException(String message) {
    super(message);
  }
}
