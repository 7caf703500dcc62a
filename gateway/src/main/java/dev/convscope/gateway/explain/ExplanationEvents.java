package dev.convscope.gateway.explain;

import java.util.Iterator;

/**
 * An explanation's events, pulled one at a time by whoever sends them on (NDJSON, SSE or gRPC). The
 * first pull answers whether the request was accepted: every check runs before the first pass.
 * Closing stops the explanation on the inference service.
 */
public interface ExplanationEvents extends Iterator<ExplanationEvent>, AutoCloseable {

  /** Safe from any thread, and more than once. */
  @Override
  void close();
}
