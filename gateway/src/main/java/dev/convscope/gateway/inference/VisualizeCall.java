package dev.convscope.gateway.inference;

import dev.convscope.api.v1.VisualizeResponse;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;

/**
 * A run under way on the inference service, its events read as they come. A failure of the stream
 * is a gateway failure; closing cancels the call on the service.
 */
public final class VisualizeCall implements Iterator<VisualizeResponse>, AutoCloseable {

  private final Iterator<VisualizeResponse> events;
  private final Context.CancellableContext call;

  VisualizeCall(Iterator<VisualizeResponse> events, Context.CancellableContext call) {
    this.events = events;
    this.call = call;
  }

  @Override
  public boolean hasNext() {
    try {
      return events.hasNext();
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.ofRun(e);
    }
  }

  @Override
  public VisualizeResponse next() {
    try {
      return events.next();
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.ofRun(e);
    }
  }

  /** Cancels the call if it is still going; safe from any thread, and more than once. */
  @Override
  public void close() {
    call.cancel(null);
  }
}
