package dev.convscope.localstore;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system a client talks to, as {@code ./convscope up} runs it: S3Proxy, and the
 * visualization service, the inference service and the gateway as their packaged applications in
 * processes of their own. Started once per test JVM, on free ports, and stopped when it exits. The
 * clients' end-to-end tests (the command line's, Python's) run against it.
 */
public final class RunningSystem {

  /** The bucket every service of the system reads and writes. */
  public static final String BUCKET = "convscope-system-test";

  private static final Duration READY_WITHIN = Duration.ofSeconds(180);

  private static RunningSystem shared;

  private final List<AutoCloseable> started = new ArrayList<>();
  private EmbeddedS3 store;
  private int visualizationPort;
  private int inferencePort;
  private ServiceProcess gateway;

  private RunningSystem() {}

  /** The running system, starting everything on first use. */
  public static synchronized RunningSystem shared() {
    if (shared == null) {
      RunningSystem system = new RunningSystem();
      Runtime.getRuntime().addShutdownHook(new Thread(system::stop));
      try {
        system.start();
      } catch (Exception e) {
        throw new IllegalStateException("the system could not start: " + e.getMessage(), e);
      }
      shared = system;
    }
    return shared;
  }

  /** The gateway's address: REST, NDJSON, SSE and gRPC. */
  public URI gateway() {
    return URI.create("http://127.0.0.1:" + gateway.port() + "/");
  }

  /** The visualization service's gRPC address, {@code host:port}. */
  public String visualizationAddress() {
    return "127.0.0.1:" + visualizationPort;
  }

  /** The object store the services keep their pictures in, under {@link #BUCKET}. */
  public EmbeddedS3 store() {
    return store;
  }

  /**
   * Starts another gateway in front of the same services and store, with more settings ({@code
   * CONVSCOPE_GATEWAY_API_KEY}, say); the caller closes it.
   */
  public ServiceProcess startGateway(Map<String, String> settings) throws Exception {
    int port = ServiceProcess.freePort();
    Map<String, String> env = with(storeSettings(), "CONVSCOPE_GATEWAY_PORT", port);
    env.put("CONVSCOPE_INFERENCE_PORT", Integer.toString(inferencePort));
    env.putAll(settings);
    return start("gateway", "-Xmx512m", env, port);
  }

  private void start() throws Exception {
    store = EmbeddedS3.inMemory();
    started.add(store::stop);
    store.ensureBucket(BUCKET);

    visualizationPort = ServiceProcess.freePort();
    started.add(
        start(
            "visualization-service",
            "-Xmx1g",
            with(storeSettings(), "CONVSCOPE_VISUALIZATION_PORT", visualizationPort),
            visualizationPort));

    inferencePort = ServiceProcess.freePort();
    Map<String, String> inferenceEnv =
        with(storeSettings(), "CONVSCOPE_INFERENCE_PORT", inferencePort);
    inferenceEnv.put("CONVSCOPE_VISUALIZATION_ADDRESSES", visualizationAddress());
    inferenceEnv.put("OMP_NUM_THREADS", "1");
    started.add(start("inference-service", "-Xmx2g", inferenceEnv, inferencePort));

    gateway = startGateway(Map.of());
    started.add(gateway);
  }

  private Map<String, String> storeSettings() {
    return Map.of(
        "CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString(),
        "CONVSCOPE_STORE_ACCESS_KEY", store.accessKey(),
        "CONVSCOPE_STORE_SECRET_KEY", store.secretKey(),
        "CONVSCOPE_STORE_BUCKET", BUCKET);
  }

  private static ServiceProcess start(
      String module, String maxHeap, Map<String, String> env, int port) throws Exception {
    return ServiceProcess.start(module, List.of(maxHeap), env, port, READY_WITHIN);
  }

  private static Map<String, String> with(Map<String, String> env, String name, int port) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(name, Integer.toString(port));
    return copy;
  }

  private void stop() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Stopping at exit: nothing is left to tell.
      }
    }
  }
}
