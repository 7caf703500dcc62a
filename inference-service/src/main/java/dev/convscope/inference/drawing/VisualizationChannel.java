package dev.convscope.inference.drawing;

import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.inference.config.InferenceConfig;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverRegistry;
import io.grpc.netty.NettyChannelBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The channel to the visualization services, balanced per call by gRPC's round-robin policy over
 * every replica the target resolves to: {@code addresses://visualization} (the replicas listed in
 * {@code convscope.grpc.addresses.visualization}) locally, {@code dns:///SERVICE:9101} over a
 * headless Service on Kubernetes. Built here rather than by Quarkus' client settings so the
 * address-list resolver is registered before the channel needs it.
 */
@ApplicationScoped
public class VisualizationChannel {

  private static final AtomicBoolean RESOLVER_REGISTERED = new AtomicBoolean();

  /** Replies carry statistics and keys, never pictures: a few KiB; 4 MiB leaves room. */

  /**
   * What a call keeps of what it sent, so that it can be sent again to another replica: a whole run
   * of the built-in model (its weights included, about 2 MiB) fits, so a replica that shuts down
   * before its first answer costs no run even when the machine is slow to answer. gRPC's default, 1
   * MiB, was passed by ip1's weights alone. Larger runs (CaffeNet) are retried only while their
   * first tensors are under way.
   */
  static final long RETRY_BUFFER_PER_CALL = 8L << 20;

  /** All calls' retry buffers together. */
  private static final long RETRY_BUFFER_TOTAL = 64L << 20;

  private static final int MAX_INBOUND_BYTES = 4 << 20;

  /**
   * A RenderTensors call refused before it did anything (a replica shutting down answers
   * UNAVAILABLE at once; a connection lost before the first answer) is tried again, on the next
   * replica the round-robin policy picks. Safe because drawing is idempotent: the same tensor and
   * options always give the same content-addressed keys. gRPC only retries while nothing has come
   * back and the sent frames still fit its per-call buffer ({@link #RETRY_BUFFER_PER_CALL}), so a
   * call that has begun to answer is never repeated: it fails, and the run with it, with
   * UNAVAILABLE.
   */
  private static final Map<String, ?> RETRY_REFUSED_RENDERS =
      Map.of(
          "methodConfig",
          List.of(
              Map.of(
                  "name",
                  List.of(
                      Map.of(
                          "service",
                          VisualizationServiceGrpc.SERVICE_NAME,
                          "method",
                          "RenderTensors")),
                  "retryPolicy",
                  Map.of(
                      "maxAttempts",
                      5.0,
                      "initialBackoff",
                      "0.05s",
                      "maxBackoff",
                      "1s",
                      "backoffMultiplier",
                      2.0,
                      "retryableStatusCodes",
                      List.of("UNAVAILABLE")))));

  @Produces
  @Singleton
  @Named("visualization")
  ManagedChannel channel(InferenceConfig config) {
    String target = config.visualizationTarget();
    if (RESOLVER_REGISTERED.compareAndSet(false, true)) {
      NameResolverRegistry.getDefaultRegistry().register(new AddressListNameResolverProvider());
    }
    return NettyChannelBuilder.forTarget(target)
        .defaultLoadBalancingPolicy("round_robin")
        .defaultServiceConfig(RETRY_REFUSED_RENDERS)
        .enableRetry()
        .perRpcBufferLimit(RETRY_BUFFER_PER_CALL)
        .retryBufferSize(RETRY_BUFFER_TOTAL)
        .usePlaintext()
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build();
  }

  void close(@Disposes @Named("visualization") ManagedChannel channel) throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }
}
