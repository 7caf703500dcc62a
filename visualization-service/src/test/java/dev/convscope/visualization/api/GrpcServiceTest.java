package dev.convscope.visualization.api;

import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the gRPC tests: a fresh real channel to the application under test for each test. */
abstract class GrpcServiceTest {

  protected ManagedChannel channel;
  protected RenderClient client;

  @BeforeEach
  void openChannel() {
    channel = GrpcTestSupport.channel();
    client = new RenderClient(channel);
  }

  @AfterEach
  void closeChannel() {
    channel.shutdownNow();
  }
}
