package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.api.v1.InferenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the gRPC tests: a fresh real channel to the service under test for each test. */
abstract class InferenceServiceTest {

  protected ManagedChannel channel;
  protected InferenceServiceGrpc.InferenceServiceBlockingStub inference;
  protected InferenceServiceGrpc.InferenceServiceStub async;

  @BeforeEach
  void openChannel() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    // CaffeNet's first run builds the model and draws 240 MB of weights: give it time.
    inference =
        InferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.SECONDS);
    async = InferenceServiceGrpc.newStub(channel);
  }

  @AfterEach
  void closeChannel() {
    channel.shutdownNow();
  }

  /** The call fails with that code, its message containing {@code message}. */
  protected static void assertStatus(Runnable call, Status.Code code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }
}
