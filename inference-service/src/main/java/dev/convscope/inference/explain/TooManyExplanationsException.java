package dev.convscope.inference.explain;

/** As many explanations run as the service takes at once; the caller may retry. */
public final class TooManyExplanationsException extends RuntimeException {

  public TooManyExplanationsException(int running) {
    super(
        running + " explanations are running, as many as this service takes at once; retry later");
  }
}
