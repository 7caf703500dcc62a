package dev.convscope.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * The S3-compatible store and the one private bucket every service keeps its objects in (MinIO in
 * production, S3Proxy locally): pictures, uploaded models, run manifests.
 */
@ConfigMapping(prefix = "convscope.store")
public interface StoreConfig {

  /** The store's URL, such as {@code http://127.0.0.1:9000}. */
  @NotBlank
  String endpoint();

  @NotBlank
  String accessKey();

  @NotBlank
  String secretKey();

  /** The one private bucket; created when missing. */
  @WithDefault("convscope")
  String bucket();

  @WithDefault("us-east-1")
  String region();

  /** Connect, read and write timeout of each store request. */
  @WithDefault("PT10S")
  Duration timeout();
}
