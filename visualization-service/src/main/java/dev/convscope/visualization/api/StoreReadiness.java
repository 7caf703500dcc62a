package dev.convscope.visualization.api;

import dev.convscope.store.StoreUnavailableException;
import dev.convscope.visualization.store.PictureStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers: without it no picture can be stored. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

  private final PictureStore store;

  public StoreReadiness(PictureStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      store.checkReachable();
      return HealthCheckResponse.named("object-store")
          .up()
          .withData("bucket", store.bucket())
          .build();
    } catch (StoreUnavailableException e) {
      return HealthCheckResponse.named("object-store")
          .down()
          .withData("reason", e.getMessage())
          .build();
    }
  }
}
