package dev.convscope.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.CallStreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkSenderTest {

  private final ExecutorService threads = Executors.newSingleThreadExecutor();
  private final MeteredStream stream = new MeteredStream();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final ChunkSender<byte[]> sender = ChunkSender.on(stream, ended);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void sendsEachChunkOnlyOnceTheStreamIsReadyForIt() throws Exception {
    byte[] data = pattern(ChunkSender.MAX_CHUNK_BYTES * 5 / 2);
    Future<Boolean> sending =
        threads.submit(() -> sender.sendChunks(ByteBuffer.wrap(data), ChunkSenderTest::copy));

    stream.awaitRefusedAfter(0); // asked, was told no, and waits
    assertThat(stream.taken()).isEmpty();

    stream.allow(2);
    stream.awaitRefusedAfter(2);
    assertThat(stream.taken()).hasSize(2);
    assertThat(sending).isNotDone();

    stream.allow(10);
    assertThat(sending.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(stream.taken())
        .extracting(chunk -> chunk.length)
        .containsExactly(1 << 20, 1 << 20, 1 << 19);
    assertThat(stream.concatenated()).isEqualTo(data);
  }

  @Test
  void stopsWaitingAndSendsNothingOnceTheCallHasEnded() throws Exception {
    Future<Boolean> sending = threads.submit(() -> sender.send(new byte[] {1}));
    stream.awaitRefusedAfter(0);

    ended.complete(null);

    assertThat(sending.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(stream.taken()).isEmpty();
  }

  @Test
  void readsAStreamOneChunkAtATimeUpToTheLimit() throws Exception {
    byte[] data = pattern(ChunkSender.MAX_CHUNK_BYTES + 10);
    stream.allow(10);

    long sent =
        sender.sendChunks(new ByteArrayInputStream(data), data.length - 4, ChunkSenderTest::copy);
    long all =
        sender.sendChunks(new ByteArrayInputStream(data), Long.MAX_VALUE, ChunkSenderTest::copy);

    assertThat(sent).isEqualTo(data.length - 4);
    assertThat(all).as("the stream ended first").isEqualTo(data.length);
    assertThat(stream.taken())
        .extracting(chunk -> chunk.length)
        .containsExactly(1 << 20, 6, 1 << 20, 10);
  }

  private static byte[] copy(ByteBuffer chunk) {
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    return bytes;
  }

  private static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + i / 977);
    }
    return bytes;
  }

  /**
   * A stream that is ready for as many messages as it was allowed, then not until allowed more, as
   * a transport with a full window. Taking a message it is not ready for fails the send.
   */
  private static final class MeteredStream extends CallStreamObserver<byte[]> {

    private final List<byte[]> taken = new ArrayList<>();
    private int allowed;
    private int refusedAfter = -1; // how many it had taken when it last said it was not ready
    private Runnable onReady = () -> {};

    void allow(int messages) {
      synchronized (this) {
        allowed += messages;
      }
      onReady.run(); // as gRPC does: on a transport thread, outside the stream's own locks
    }

    /** Waits until the stream has told a sender it is not ready, having taken {@code count}. */
    synchronized void awaitRefusedAfter(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (refusedAfter != count) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        assertThat(left).as("refused after %d messages", count).isPositive();
        wait(left);
      }
    }

    synchronized List<byte[]> taken() {
      return List.copyOf(taken);
    }

    synchronized byte[] concatenated() {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      taken.forEach(all::writeBytes);
      return all.toByteArray();
    }

    @Override
    public synchronized boolean isReady() {
      if (taken.size() < allowed) {
        return true;
      }
      refusedAfter = taken.size();
      notifyAll();
      return false;
    }

    @Override
    public synchronized void onNext(byte[] message) {
      if (taken.size() >= allowed) {
        throw new IllegalStateException("a message sent while the stream was not ready");
      }
      taken.add(message);
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onError(Throwable failure) {}

    @Override
    public void onCompleted() {}
  }
}
