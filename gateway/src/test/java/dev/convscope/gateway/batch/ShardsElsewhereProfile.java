package dev.convscope.gateway.batch;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A gateway that only records jobs: their shards run elsewhere, as on Kubernetes. */
public class ShardsElsewhereProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("convscope.gateway.batch.shards", "external");
  }
}
