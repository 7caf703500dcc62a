package dev.convscope.streaming;

import io.grpc.stub.CallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends messages on a gRPC stream no faster than the transport takes them: before each message the
 * sending thread waits while {@link CallStreamObserver#isReady()} is false, so however large the
 * payload, what is buffered stays bounded (grpc-java's {@code ManualFlowControlClient} pattern, for
 * a blocking sender). Large payloads go as chunks of at most {@link #MAX_CHUNK_BYTES}, the
 * contract's limit, each turned into the caller's own message type by a function: generated classes
 * differ from module to module, this does not need to know them.
 *
 * <p>Create it with {@link #on} before the call starts, in {@code
 * ClientResponseObserver.beforeStart}: it takes the stream's on-ready handler. For one sending
 * thread.
 */
public final class ChunkSender<T> {

  /** The contract's largest chunk: 1 MiB. */
  public static final int MAX_CHUNK_BYTES = 1 << 20;

  /** A missed wake-up costs at most this long; readiness is checked again. */
  private static final long RECHECK_MILLIS = 100;

  private final CallStreamObserver<T> stream;
  private final CompletableFuture<?> ended;
  private final Object lock = new Object();

  private ChunkSender(CallStreamObserver<T> stream, CompletableFuture<?> ended) {
    this.stream = stream;
    this.ended = ended;
  }

  /**
   * A sender on {@code stream}. {@code ended} completes, normally or not, when the call is over (it
   * answered, failed or was cancelled); a sender waiting for readiness then stops waiting and sends
   * nothing more.
   */
  public static <T> ChunkSender<T> on(CallStreamObserver<T> stream, CompletableFuture<?> ended) {
    ChunkSender<T> sender = new ChunkSender<>(stream, ended);
    stream.setOnReadyHandler(sender::wake);
    ended.whenComplete((result, failure) -> sender.wake());
    return sender;
  }

  /**
   * Sends {@code message} as soon as the stream is ready for it.
   *
   * @return false, having sent nothing, when the call ended first
   */
  public boolean send(T message) throws InterruptedException {
    if (!awaitReady()) {
      return false;
    }
    stream.onNext(message);
    return true;
  }

  /**
   * Sends the remaining bytes of {@code data} (its position is left as it was) in chunks of at most
   * {@link #MAX_CHUNK_BYTES}, each as the message {@code chunk} makes of a view of those bytes. The
   * views share {@code data}'s memory: it must not change until the call is over, which is what
   * lets a message wrap its chunk without a copy.
   *
   * @return false when the call ended before every chunk was sent
   */
  public boolean sendChunks(ByteBuffer data, Function<ByteBuffer, T> chunk)
      throws InterruptedException {
    for (int from = data.position(); from < data.limit(); from += MAX_CHUNK_BYTES) {
      ByteBuffer view = data.slice(from, Math.min(MAX_CHUNK_BYTES, data.limit() - from));
      if (!send(chunk.apply(view))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads up to {@code maxBytes} from {@code in}, a chunk at a time, and sends each chunk as the
   * message {@code chunk} makes of it; only one chunk is held at once.
   *
   * @return the bytes sent: fewer than {@code maxBytes} when {@code in} ended first or the call did
   *     (the caller tells them apart by {@code ended})
   */
  public long sendChunks(InputStream in, long maxBytes, Function<ByteBuffer, T> chunk)
      throws IOException, InterruptedException {
    long sent = 0;
    while (sent < maxBytes) {
      byte[] bytes = in.readNBytes((int) Math.min(MAX_CHUNK_BYTES, maxBytes - sent));
      if (bytes.length == 0 || !send(chunk.apply(ByteBuffer.wrap(bytes)))) {
        break;
      }
      sent += bytes.length;
    }
    return sent;
  }

  /** Waits until the stream is ready; false when the call ended first. */
  private boolean awaitReady() throws InterruptedException {
    synchronized (lock) {
      while (!ended.isDone() && !stream.isReady()) {
        lock.wait(RECHECK_MILLIS);
      }
    }
    return !ended.isDone();
  }

  private void wake() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }
}
