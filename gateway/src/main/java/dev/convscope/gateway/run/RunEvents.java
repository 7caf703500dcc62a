package dev.convscope.gateway.run;

import java.util.Iterator;

/**
 * A run's events, pulled one at a time by whoever sends them on (REST, NDJSON, SSE or gRPC), so a
 * slow client slows the run instead of filling memory. Close it when done: closing early cancels
 * the work still under way.
 */
public interface RunEvents extends Iterator<RunEvent>, AutoCloseable {

  /** Stops the run if it is still going; safe to call from any thread, and more than once. */
  @Override
  void close();
}
