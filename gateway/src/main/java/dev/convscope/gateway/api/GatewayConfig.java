package dev.convscope.gateway.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the gateway's REST API. */
@ConfigMapping(prefix = "convscope.gateway")
public interface GatewayConfig {

  /** How long a picture URL in a run's answer can be fetched; the bucket itself stays private. */
  @WithDefault("PT1H")
  Duration urlExpiry();

  /** How long one run may take before the gateway gives up on the inference service. */
  @WithDefault("PT2M")
  Duration runTimeout();
}
