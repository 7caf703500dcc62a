package dev.convscope.gateway.run;

import java.util.Iterator;

/**
 * A run under way on the inference service, its events read as they come. Closing it cancels the
 * work still under way; safe from any thread, and more than once.
 */
public interface InferenceRun extends Iterator<InferenceEvent>, AutoCloseable {

  @Override
  void close();
}
