package dev.convscope.gateway.api;

import dev.convscope.gateway.api.ExplanationsResource.ExplanationView;

/**
 * One line of a streamed explanation (NDJSON) or one Server-Sent Event; {@code type} tells which.
 */
public sealed interface ExplanationEventView {

  /** "progress", "explanation" or "error". */
  String type();

  /** Another gradient pass is done, of {@code passesTotal} over every class and method. */
  record Progress(String type, int passesDone, int passesTotal) implements ExplanationEventView {}

  /** Last: the explanation, every picture and map stored. */
  record Explained(String type, ExplanationView explanation) implements ExplanationEventView {}

  /** The explanation failed after the stream began; nothing more follows. */
  record Failed(String type, Problem problem) implements ExplanationEventView {}
}
