package dev.convscope.inference.api;

import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.localstore.ServiceProcess;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real neighbours of the inference service for end-to-end tests: S3Proxy on a loopback port,
 * and the visualization service's packaged application started as its own process against it. This
 * service uses the same store for uploaded models.
 */
public class VisualizationServiceResource implements QuarkusTestResourceLifecycleManager {

  public static final String BUCKET = "convscope-inference-test";

  private static volatile EmbeddedS3 store;
  private ServiceProcess visualization;

  @Override
  public Map<String, String> start() {
    try {
      store = EmbeddedS3.inMemory();
      store.ensureBucket(BUCKET);
      int port = ServiceProcess.freePort();
      visualization =
          ServiceProcess.start(
              "visualization-service",
              List.of("-Xmx1g"),
              Map.of(
                  "CONVSCOPE_VISUALIZATION_PORT", Integer.toString(port),
                  "CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString(),
                  "CONVSCOPE_STORE_ACCESS_KEY", store.accessKey(),
                  "CONVSCOPE_STORE_SECRET_KEY", store.secretKey(),
                  "CONVSCOPE_STORE_BUCKET", BUCKET),
              port,
              Duration.ofSeconds(90));
      return Map.of(
          "convscope.grpc.addresses.visualization", "127.0.0.1:" + port,
          // This service keeps uploaded models in the same store and bucket.
          "convscope.store.endpoint", store.endpoint().toString(),
          "convscope.store.access-key", store.accessKey(),
          "convscope.store.secret-key", store.secretKey(),
          "convscope.store.bucket", BUCKET);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException(
          "could not start the visualization service: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (visualization != null) {
      visualization.close();
    }
    try {
      if (store != null) {
        store.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static MinioClient client() {
    return store.client();
  }

  /** The store itself, to take it away and bring it back. */
  public static EmbeddedS3 store() {
    return store;
  }
}
