package dev.convscope.gateway.batch;

import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.localstore.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy, two visualization services and one inference service balancing its calls over both, each
 * its own process on loopback: the smallest set-up in which a replica can die mid-job.
 */
public class TwoVisualizationReplicasResource implements QuarkusTestResourceLifecycleManager {

  static final String BUCKET = "convscope-replicas-test";

  /** The visualization replicas, for the test to kill one. */
  static final List<ServiceProcess> VISUALIZATION = new ArrayList<>();

  private static final Duration READY_WITHIN = Duration.ofSeconds(180);

  private EmbeddedS3 store;
  private final List<ServiceProcess> services = new ArrayList<>();

  @Override
  public Map<String, String> start() {
    try {
      store = EmbeddedS3.inMemory();
      store.ensureBucket(BUCKET);
      Map<String, String> storeEnv =
          Map.of(
              "CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString(),
              "CONVSCOPE_STORE_ACCESS_KEY", store.accessKey(),
              "CONVSCOPE_STORE_SECRET_KEY", store.secretKey(),
              "CONVSCOPE_STORE_BUCKET", BUCKET);
      List<String> addresses = new ArrayList<>();
      for (int replica = 0; replica < 2; replica++) {
        int port = ServiceProcess.freePort();
        Map<String, String> env = new HashMap<>(storeEnv);
        env.put("CONVSCOPE_VISUALIZATION_PORT", Integer.toString(port));
        ServiceProcess visualization =
            ServiceProcess.start(
                "visualization-service", List.of("-Xmx512m"), env, port, READY_WITHIN);
        services.add(visualization);
        VISUALIZATION.add(visualization);
        addresses.add("127.0.0.1:" + port);
      }
      int inferencePort = ServiceProcess.freePort();
      Map<String, String> inferenceEnv = new HashMap<>(storeEnv);
      inferenceEnv.put("CONVSCOPE_INFERENCE_PORT", Integer.toString(inferencePort));
      inferenceEnv.put("CONVSCOPE_VISUALIZATION_ADDRESSES", String.join(",", addresses));
      inferenceEnv.put("OMP_NUM_THREADS", "1");
      services.add(
          ServiceProcess.start(
              "inference-service", List.of("-Xmx1g"), inferenceEnv, inferencePort, READY_WITHIN));
      return Map.of(
          "quarkus.grpc.clients.inference.host", "127.0.0.1",
          "quarkus.grpc.clients.inference.port", Integer.toString(inferencePort),
          "quarkus.grpc.clients.inference.test-port", Integer.toString(inferencePort),
          "convscope.store.endpoint", store.endpoint().toString(),
          "convscope.store.access-key", store.accessKey(),
          "convscope.store.secret-key", store.secretKey(),
          "convscope.store.bucket", BUCKET);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("could not start the services: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    services.forEach(ServiceProcess::close);
    services.clear();
    VISUALIZATION.clear();
    try {
      if (store != null) {
        store.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
