package dev.convscope.inference.drawing;

import dev.convscope.inference.config.InferenceConfig;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverRegistry;
import io.grpc.netty.NettyChannelBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
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
  private static final int MAX_INBOUND_BYTES = 4 << 20;

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
