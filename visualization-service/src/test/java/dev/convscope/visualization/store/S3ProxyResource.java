package dev.convscope.visualization.store;

import dev.convscope.localstore.EmbeddedS3;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real S3-compatible server (S3Proxy, in memory, on a free loopback port) for the
 * application under test and points the store configuration at it. Tests reach the same server
 * through {@link #store()} to read objects back, or to stop it and start it again.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

  public static final String BUCKET = "convscope-test";

  private static volatile EmbeddedS3 store;

  @Override
  public Map<String, String> start() {
    try {
      store = EmbeddedS3.inMemory();
    } catch (Exception e) {
      throw new IllegalStateException("could not start S3Proxy", e);
    }
    return Map.of(
        "convscope.store.endpoint", store.endpoint().toString(),
        "convscope.store.access-key", store.accessKey(),
        "convscope.store.secret-key", store.secretKey(),
        "convscope.store.bucket", BUCKET,
        "convscope.store.timeout", "PT5S");
  }

  @Override
  public void stop() {
    try {
      if (store != null) {
        store.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop S3Proxy", e);
    }
  }

  public static EmbeddedS3 store() {
    return store;
  }

  public static MinioClient client() {
    return store.client();
  }
}
