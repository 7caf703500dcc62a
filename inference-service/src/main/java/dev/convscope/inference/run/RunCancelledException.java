package dev.convscope.inference.run;

/** The caller went away or the run was interrupted: the rest would be computed for nobody. */
public final class RunCancelledException extends RuntimeException {

  public RunCancelledException(String message) {
    super(message);
  }
}
