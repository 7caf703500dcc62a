package dev.convscope.streaming;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client call whose requests stream out through a {@link ChunkSender}: started with the async
 * stub's method, each response handed to a consumer as it comes, and its end a future that
 * completes when the server ends the call, with the call's failure if it failed.
 *
 * @param requests the request stream: end it with {@code onCompleted}, abandon it with {@code
 *     cancel}
 * @param sender sends on {@code requests} as flow control allows; stops when the call has ended
 * @param ended completes when the server has ended the call
 */
public record ChunkedCall<Q, A>(
    ClientCallStreamObserver<Q> requests, ChunkSender<Q> sender, CompletableFuture<Void> ended) {

  /**
   * Starts a call.
   *
   * @param method the async stub's method, {@code stub::renderTensors} say
   * @param onResponse takes each response, on a gRPC thread
   */
  public static <Q, A> ChunkedCall<Q, A> start(
      Function<StreamObserver<A>, StreamObserver<Q>> method, Consumer<A> onResponse) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    CompletableFuture<ChunkedCall<Q, A>> started = new CompletableFuture<>();
    method.apply(
        new ClientResponseObserver<Q, A>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<Q> requests) {
            started.complete(new ChunkedCall<>(requests, ChunkSender.on(requests, ended), ended));
          }

          @Override
          public void onNext(A response) {
            onResponse.accept(response);
          }

          @Override
          public void onError(Throwable failure) {
            ended.completeExceptionally(failure);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        });
    return started.join(); // beforeStart runs within the method, before it returns
  }
}
