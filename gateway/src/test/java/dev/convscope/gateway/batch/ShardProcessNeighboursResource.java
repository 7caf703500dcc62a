package dev.convscope.gateway.batch;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.localstore.EmbeddedS3;
import java.util.Map;

/**
 * The gateway's neighbours for tests that run shards as their own processes, as a Kubernetes Job's
 * pods: the settings such a process is started with, and the store, to stop and start.
 */
public class ShardProcessNeighboursResource extends NeighbourServicesResource {

  /** The store the gateway, the services and the shard processes share. */
  static volatile EmbeddedS3 store;

  /** A shard process's environment, as the Job template gives a pod's. */
  static volatile Map<String, String> shardEnv = Map.of();

  @Override
  public Map<String, String> start() {
    Map<String, String> settings = super.start();
    store = store();
    shardEnv =
        Map.of(
            "CONVSCOPE_STORE_ENDPOINT", settings.get("convscope.store.endpoint"),
            "CONVSCOPE_STORE_ACCESS_KEY", settings.get("convscope.store.access-key"),
            "CONVSCOPE_STORE_SECRET_KEY", settings.get("convscope.store.secret-key"),
            "CONVSCOPE_STORE_BUCKET", settings.get("convscope.store.bucket"),
            "CONVSCOPE_INFERENCE_HOST", settings.get("quarkus.grpc.clients.inference.host"),
            "CONVSCOPE_INFERENCE_PORT", settings.get("quarkus.grpc.clients.inference.port"));
    return settings;
  }

  @Override
  public void stop() {
    super.stop();
    store = null;
    shardEnv = Map.of();
  }
}
