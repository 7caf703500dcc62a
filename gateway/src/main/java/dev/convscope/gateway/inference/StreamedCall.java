package dev.convscope.gateway.inference;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A server-streaming call under way on the inference service, its messages read as events as they
 * come. A failure of the stream is a gateway failure; closing cancels the call on the service.
 * Messages of a newer service that this gateway does not know are passed over.
 *
 * @param <M> the service's message
 * @param <E> the gateway's event
 */
abstract class StreamedCall<M, E> implements Iterator<E> {

  private final Iterator<M> messages;
  private final Context.CancellableContext call;
  private final Function<M, Optional<E>> reader;
  private final Function<StatusRuntimeException, RuntimeException> failures;
  private E pending;

  StreamedCall(
      Iterator<M> messages,
      Context.CancellableContext call,
      Function<M, Optional<E>> reader,
      Function<StatusRuntimeException, RuntimeException> failures) {
    this.messages = messages;
    this.call = call;
    this.reader = reader;
    this.failures = failures;
  }

  @Override
  public boolean hasNext() {
    try {
      while (pending == null && messages.hasNext()) {
        pending = reader.apply(messages.next()).orElse(null);
      }
      return pending != null;
    } catch (StatusRuntimeException e) {
      throw failures.apply(e);
    }
  }

  @Override
  public E next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the call has ended");
    }
    E event = pending;
    pending = null;
    return event;
  }

  /** Cancels the call if it is still going; safe from any thread, and more than once. */
  public void close() {
    call.cancel(null);
  }
}
