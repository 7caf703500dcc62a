package dev.convscope.gateway.api;

import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.localstore.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's real neighbours for end-to-end tests: S3Proxy on a loopback port, and the
 * visualization and inference services' packaged applications started as their own processes
 * against it, as they run in production.
 */
public class NeighbourServicesResource implements QuarkusTestResourceLifecycleManager {

  public static final String BUCKET = "convscope-gateway-test";

  /** The visualization replicas started, for a test that kills one. */
  protected final List<ServiceProcess> visualization = new ArrayList<>();

  /** The neighbours running now, for a test that calls, stops or kills one of them. */
  private static volatile List<ServiceProcess> runningVisualization = List.of();

  private static volatile ServiceProcess runningInference;

  /** The inference service started, for a test that stops it. */
  protected ServiceProcess inference;

  private static final Duration READY_WITHIN = Duration.ofSeconds(180);

  private EmbeddedS3 store;
  private final List<ServiceProcess> services = new ArrayList<>();

  @Override
  public Map<String, String> start() {
    try {
      store = EmbeddedS3.inMemory();
      store.ensureBucket(BUCKET);
      String storeEndpoint = storeEndpoint(store).toString();
      Map<String, String> storeEnv =
          Map.of(
              "CONVSCOPE_STORE_ENDPOINT",
              storeEndpoint,
              "CONVSCOPE_STORE_ACCESS_KEY",
              store.accessKey(),
              "CONVSCOPE_STORE_SECRET_KEY",
              store.secretKey(),
              "CONVSCOPE_STORE_BUCKET",
              BUCKET);

      List<String> visualizationAddresses = new ArrayList<>();
      for (int replica = 0; replica < visualizationReplicas(); replica++) {
        int port = ServiceProcess.freePort();
        Map<String, String> visualizationEnv = new HashMap<>(storeEnv);
        visualizationEnv.put("CONVSCOPE_VISUALIZATION_PORT", Integer.toString(port));
        visualizationEnv.putAll(visualizationSettings());
        visualization.add(startService("visualization-service", "-Xmx1g", visualizationEnv, port));
        visualizationAddresses.add("127.0.0.1:" + port);
      }

      int inferencePort = ServiceProcess.freePort();
      Map<String, String> inferenceEnv = new HashMap<>(storeEnv);
      inferenceEnv.put("CONVSCOPE_INFERENCE_PORT", Integer.toString(inferencePort));
      inferenceEnv.put(
          "CONVSCOPE_VISUALIZATION_ADDRESSES", String.join(",", visualizationAddresses));
      // One OpenMP thread: more only contend on small test machines.
      inferenceEnv.put("OMP_NUM_THREADS", "1");
      inference = startService("inference-service", "-Xmx2g", inferenceEnv, inferencePort);

      runningVisualization = List.copyOf(visualization);
      runningInference = inference;
      return Map.of(
          "quarkus.grpc.clients.inference.host", "127.0.0.1",
          "quarkus.grpc.clients.inference.port", Integer.toString(inferencePort),
          "quarkus.grpc.clients.inference.test-port", Integer.toString(inferencePort),
          "convscope.store.endpoint", storeEndpoint,
          "convscope.store.access-key", store.accessKey(),
          "convscope.store.secret-key", store.secretKey(),
          "convscope.store.bucket", BUCKET);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException(
          "could not start the neighbour services: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    for (ServiceProcess service : services) {
      service.close();
    }
    services.clear();
    visualization.clear();
    runningVisualization = List.of();
    runningInference = null;
    inference = null;
    try {
      if (store != null) {
        store.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Where the services and the gateway reach the store: the store itself, or a proxy in front of it
   * that a fault test controls.
   */
  protected URI storeEndpoint(EmbeddedS3 store) throws Exception {
    return store.endpoint();
  }

  /** Settings added to each visualization service's environment. */
  protected Map<String, String> visualizationSettings() {
    return Map.of();
  }

  /** The object store, for a test that takes it away and brings it back. */
  protected EmbeddedS3 store() {
    return store;
  }

  /** The visualization replicas of the neighbours running now (none between test groups). */
  public static List<ServiceProcess> runningVisualization() {
    return runningVisualization;
  }

  /** The inference service of the neighbours running now. */
  public static ServiceProcess runningInference() {
    return runningInference;
  }

  /** How many visualization services the inference service balances over. */
  protected int visualizationReplicas() {
    return 1;
  }

  private ServiceProcess startService(
      String module, String maxHeap, Map<String, String> env, int port) throws Exception {
    ServiceProcess service =
        ServiceProcess.start(module, List.of(maxHeap), env, port, READY_WITHIN);
    services.add(service);
    return service;
  }
}
