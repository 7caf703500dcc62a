package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.visualization.config.VisualizationConfig;
import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * As many RenderTensors calls as the limit are held open mid-tensor; the next one is refused at
 * once with RESOURCE_EXHAUSTED and a reason, and a slot is free again as soon as a call ends.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RenderCallLimitTest extends GrpcServiceTest {

  @Inject VisualizationConfig config;

  @Inject RenderCallLimit callLimit;

  @Test
  void aCallPastTheLimitIsRefusedAndAnEndedCallFreesItsSlot() throws Exception {
    int limit = config.maxConcurrentCalls();
    List<HeldCall> held = new ArrayList<>();
    try {
      for (int i = 0; i < limit; i++) {
        held.add(new HeldCall("held-" + i));
      }
      awaitEqual(callLimit::inFlight, limit, "calls in flight");

      RenderClient.Outcome refused =
          client.send(
              RenderClient.frames(RenderClient.header("extra", 4, 3, 3), new float[36], 1 << 20));

      assertThat(refused.status().getCode())
          .as(refused.status().toString())
          .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.status().getDescription())
          .contains("busy")
          .contains("convscope.visualization.max-concurrent-calls");
      assertThat(reasonOf(refused)).isEqualTo(RenderCallLimit.REASON);
      assertThat(held).allSatisfy(call -> assertThat(call.ended).isNotDone());

      held.remove(0).cancel();
      awaitEqual(callLimit::inFlight, limit - 1, "calls in flight after one was cancelled");
      RenderClient.Outcome admitted =
          client.send(
              RenderClient.frames(
                  RenderClient.header("admitted", 4, 3, 3),
                  RenderTensorsTest.random(36, 5),
                  1 << 20));
      assertThat(admitted.status().getCode())
          .as(admitted.status().toString())
          .isEqualTo(Status.Code.OK);
      assertThat(admitted.responses()).hasSize(1);
    } finally {
      held.forEach(HeldCall::cancel);
    }
    awaitEqual(callLimit::inFlight, 0, "calls in flight once all ended");
  }

  private static String reasonOf(RenderClient.Outcome outcome) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(outcome.error());
    assertThat(status).as("status details").isNotNull();
    return status.getDetailsList().stream()
        .filter(detail -> detail.is(ErrorInfo.class))
        .findFirst()
        .orElseThrow()
        .unpack(ErrorInfo.class)
        .getReason();
  }

  private static void awaitEqual(IntSupplier value, int expected, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (value.getAsInt() != expected) {
      assertThat(Instant.now())
          .as("%s reach %d (now %d)", what, expected, value.getAsInt())
          .isBefore(deadline);
      Thread.sleep(20);
    }
  }

  /** A call that sent a tensor's header and half its bytes, and waits there. */
  private final class HeldCall {

    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final ClientCallStreamObserver<RenderTensorsRequest> requests;

    HeldCall(String name) {
      CompletableFuture<ClientCallStreamObserver<RenderTensorsRequest>> started =
          new CompletableFuture<>();
      VisualizationServiceGrpc.newStub(channel)
          .renderTensors(
              new ClientResponseObserver<RenderTensorsRequest, RenderTensorsResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<RenderTensorsRequest> stream) {
                  started.complete(stream);
                }

                @Override
                public void onNext(RenderTensorsResponse value) {}

                @Override
                public void onError(Throwable t) {
                  ended.complete(null);
                }

                @Override
                public void onCompleted() {
                  ended.complete(null);
                }
              });
      requests = started.join();
      List<RenderTensorsRequest> frames =
          RenderClient.frames(RenderClient.header(name, 4, 3, 3), new float[36], 72);
      requests.onNext(frames.get(0));
      requests.onNext(frames.get(1));
    }

    void cancel() {
      requests.cancel("the test is done with it", null);
    }
  }
}
