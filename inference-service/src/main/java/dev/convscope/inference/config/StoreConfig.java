package dev.convscope.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * Where uploaded models are kept: the S3-compatible store and bucket the visualization service
 * stores its pictures in (MinIO in production, S3Proxy locally).
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
