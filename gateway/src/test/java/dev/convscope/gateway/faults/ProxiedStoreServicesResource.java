package dev.convscope.gateway.faults;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.localstore.EmbeddedS3;
import io.minio.MinioClient;
import java.net.URI;
import java.util.Map;

/**
 * The gateway's real neighbours with a {@link StoreProxy} between every service and the store: the
 * visualization and inference services, and the gateway under test, are given the proxy's address
 * as the store's. Tests cut or slow the proxy, and audit the bucket straight from the store.
 */
public class ProxiedStoreServicesResource extends NeighbourServicesResource {

  /** RenderTensors calls the visualization service draws at once: low, so a test can go past it. */
  static final int VISUALIZATION_CALL_LIMIT = 3;

  private static volatile StoreProxy proxy;
  private static volatile EmbeddedS3 store;

  @Override
  protected URI storeEndpoint(EmbeddedS3 started) throws Exception {
    store = started;
    proxy = StoreProxy.inFrontOf(started.endpoint());
    return proxy.endpoint();
  }

  @Override
  protected Map<String, String> visualizationSettings() {
    return Map.of(
        "CONVSCOPE_VISUALIZATION_MAX_CONCURRENT_CALLS", Integer.toString(VISUALIZATION_CALL_LIMIT));
  }

  @Override
  public void stop() {
    try {
      super.stop();
    } finally {
      if (proxy != null) {
        proxy.close();
        proxy = null;
      }
    }
  }

  /** The proxy the services reach the store through. */
  static StoreProxy proxy() {
    return proxy;
  }

  /** A client of the store itself, past the proxy: for checking what was stored. */
  static MinioClient storeClient() {
    return store.client();
  }
}
