package dev.convscope.gateway.inference;

import io.grpc.stub.ClientCallStreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * Lets a sending thread wait until a gRPC stream can take more, instead of buffering without end.
 */
final class Readiness {

  private final Object lock = new Object();

  void signal() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /** Waits until the stream is ready; stops waiting when the call has already ended. */
  void awaitReady(ClientCallStreamObserver<?> stream, CompletableFuture<?> ended)
      throws InterruptedException {
    synchronized (lock) {
      while (!stream.isReady() && !ended.isDone()) {
        lock.wait(100);
      }
    }
  }
}
