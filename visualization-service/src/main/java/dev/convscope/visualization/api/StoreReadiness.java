package dev.convscope.visualization.api;

import dev.convscope.store.StoreCheck;
import dev.convscope.visualization.store.PictureStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the object store answers and takes this service's credentials and bucket:
 * without it no picture can be stored. Its data say which is wrong ({@code store}: unreachable or
 * misconfigured) and why.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

  private final PictureStore store;

  public StoreReadiness(PictureStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    StoreCheck check = store.check();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("object-store").status(check.ready());
    check.data().forEach(response::withData);
    return response.build();
  }
}
