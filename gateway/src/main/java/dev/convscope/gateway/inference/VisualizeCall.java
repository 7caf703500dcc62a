package dev.convscope.gateway.inference;

import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.gateway.run.InferenceEvent;
import dev.convscope.gateway.run.InferenceRun;
import dev.convscope.gateway.wire.RunMessages;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A run under way on the inference service, its events read as they come. A failure of the stream
 * is a gateway failure; closing cancels the call on the service. Events of a newer service that
 * this gateway does not know are passed over.
 */
final class VisualizeCall implements InferenceRun {

  private final Iterator<VisualizeResponse> events;
  private final Context.CancellableContext call;
  private InferenceEvent pending;

  VisualizeCall(Iterator<VisualizeResponse> events, Context.CancellableContext call) {
    this.events = events;
    this.call = call;
  }

  @Override
  public boolean hasNext() {
    try {
      while (pending == null && events.hasNext()) {
        pending = RunMessages.read(events.next()).orElse(null);
      }
      return pending != null;
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.ofRun(e);
    }
  }

  @Override
  public InferenceEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the run has ended");
    }
    InferenceEvent event = pending;
    pending = null;
    return event;
  }

  /** Cancels the call if it is still going; safe from any thread, and more than once. */
  @Override
  public void close() {
    call.cancel(null);
  }
}
