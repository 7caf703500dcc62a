package dev.convscope.inference.api;

import dev.convscope.localstore.EmbeddedS3;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The real neighbours of the inference service for end-to-end tests: S3Proxy on a loopback port,
 * and the visualization service's packaged application started as its own process against it. This
 * service uses the same store for uploaded models.
 */
public class VisualizationServiceResource implements QuarkusTestResourceLifecycleManager {

  public static final String BUCKET = "convscope-inference-test";

  private static volatile EmbeddedS3 store;
  private Process visualization;

  @Override
  public Map<String, String> start() {
    try {
      store = EmbeddedS3.inMemory();
      store.ensureBucket(BUCKET);
      int port = freePort();
      Path app =
          Path.of("..", "visualization-service", "target", "quarkus-app", "quarkus-run.jar")
              .toAbsolutePath();
      if (!Files.isRegularFile(app)) {
        throw new IllegalStateException(
            app + " is missing: build the visualization service first (./mvnw install)");
      }
      Path log = Files.createTempFile("visualization-service", ".log");
      ProcessBuilder builder =
          new ProcessBuilder("java", "-Xmx1g", "-jar", app.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder
          .environment()
          .putAll(
              Map.of(
                  "CONVSCOPE_VISUALIZATION_PORT", Integer.toString(port),
                  "CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString(),
                  "CONVSCOPE_STORE_ACCESS_KEY", store.accessKey(),
                  "CONVSCOPE_STORE_SECRET_KEY", store.secretKey(),
                  "CONVSCOPE_STORE_BUCKET", BUCKET));
      visualization = builder.start();
      awaitReady(port, log);
      return Map.of(
          "quarkus.grpc.clients.visualization.host", "127.0.0.1",
          "quarkus.grpc.clients.visualization.port", Integer.toString(port),
          "quarkus.grpc.clients.visualization.test-port", Integer.toString(port),
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
      visualization.destroy();
      try {
        visualization.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  private void awaitReady(int port, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      if (!visualization.isAlive()) {
        throw new IllegalStateException("it exited: " + Files.readString(log));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("not ready within 90 s: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
