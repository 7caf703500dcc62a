package dev.convscope.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Settings of the gateway. */
@ConfigMapping(prefix = "convscope.gateway")
public interface GatewayConfig {

  /** How a picture URL reaches the bucket: through the gateway (the default) or presigned. */
  @WithDefault("gateway")
  PictureDelivery pictures();

  /**
   * The gateway's address as clients reach it ({@code https://convscope.example.org}), when picture
   * URLs should be absolute; without it, pictures served by the gateway have URLs relative to it
   * ({@code /api/v1/pictures/...}), which work on whatever address the page or API was reached.
   */
  Optional<URI> publicUrl();

  /** How long a presigned picture URL can be fetched; the bucket itself stays private. */
  @WithDefault("PT1H")
  Duration urlExpiry();

  /** How long one run may take before the gateway gives up on the inference service. */
  @WithDefault("PT2M")
  Duration runTimeout();

  /** The model a run uses when it names none: the built-in one. */
  @WithDefault("fashion-mnist")
  String defaultModel();

  /** Largest image accepted, in bytes; checked before the body is read. */
  @WithDefault("20971520")
  long maxImageBytes();

  /** Largest model file accepted for upload, in bytes (512 MiB); checked before it is read. */
  @WithDefault("536870912")
  long maxModelBytes();

  /** Largest data-set file accepted for upload, in bytes (256 MiB); checked before it is read. */
  @WithDefault("268435456")
  long maxDatasetBytes();

  /**
   * When set, every API call (REST under /api and gRPC) must carry this key, as {@code
   * Authorization: Bearer KEY} or {@code X-API-Key: KEY}; health, the OpenAPI document and the
   * page's static files stay open. From configuration or a Kubernetes Secret
   * (CONVSCOPE_GATEWAY_API_KEY); never logged.
   */
  Optional<String> apiKey();

  /** Data-set jobs. */
  Batch batch();

  /** Settings of data-set jobs ({@code convscope.gateway.batch.*}). */
  interface Batch {

    /** Where shards run: in this gateway, as Kubernetes Indexed Jobs it creates, or elsewhere. */
    @WithDefault("local")
    ShardPlacement shards();

    /** How many shards run at once in this gateway, when they run here. */
    @WithDefault("2")
    int concurrency();

    /** How long a shard waits out a store or service outage before it gives up. */
    @WithDefault("PT5M")
    Duration outageLimit();

    /** The Kubernetes Job template filled in per job (the deployment mounts it here). */
    @WithDefault("/etc/convscope/batch/batch-shard-job.yaml")
    String jobTemplate();

    /** The image the shard pods run; by default the template's. */
    Optional<String> jobImage();

    /** How many shard pods of one job run at once on Kubernetes. */
    @WithDefault("4")
    int jobParallelism();

    /** Where the shard Jobs go; by default the client's namespace (in a pod, the gateway's). */
    Optional<String> namespace();

    /**
     * Retired: was true to run shards here, false to leave them to Jobs made by hand. Read only to
     * stop a gateway still given it, with the setting to use instead ({@link #shards()}).
     */
    Optional<String> runShardsLocally();
  }
}
