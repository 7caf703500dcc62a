package dev.convscope.gateway.faults;

/**
 * How one run through the gateway ended, seen by its caller: complete (every layer the run
 * announced, and the manifest), a clear "unavailable" error (503 problem details, before or during
 * the stream), or anything else, which a fault test must never see.
 */
record ProcessRunOutcome(Kind kind, int layers, String detail) {

  enum Kind {
    COMPLETE,
    UNAVAILABLE,
    OTHER
  }

  static ProcessRunOutcome complete(int layers) {
    return new ProcessRunOutcome(Kind.COMPLETE, layers, "");
  }

  static ProcessRunOutcome unavailable(String detail) {
    return new ProcessRunOutcome(Kind.UNAVAILABLE, 0, detail);
  }

  static ProcessRunOutcome other(String detail) {
    return new ProcessRunOutcome(Kind.OTHER, 0, detail);
  }
}
