package dev.convscope.gateway.store;

import dev.convscope.store.StoreCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The object store as the gateway's readiness shows it ({@code store}: ready, unreachable or
 * misconfigured, with the reason). A misconfigured store (refused credentials, a missing bucket)
 * makes the gateway not ready: nothing it does can work until the settings are fixed, and a rollout
 * with wrong settings stops there. An unreachable store does not: during an outage the gateway
 * stays the front door, answering 503 with when to try again.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

  private final Bucket bucket;

  public StoreReadiness(Bucket bucket) {
    this.bucket = bucket;
  }

  @Override
  public HealthCheckResponse call() {
    StoreCheck check = bucket.check();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("object-store")
            .status(check.state() != StoreCheck.State.MISCONFIGURED);
    check.data().forEach(response::withData);
    return response.build();
  }
}
