package dev.convscope.gateway.store;

import dev.convscope.localstore.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real S3-compatible server (S3Proxy) that the gateway under test is set up wrongly for: it
 * refuses the gateway's secret key, or has no such bucket and lets no one create it. No neighbour
 * service is started: nothing here gets past the store.
 */
public abstract class MisconfiguredStoreResource implements QuarkusTestResourceLifecycleManager {

  /** A secret key the store does not take, which no answer may show. */
  static final String WRONG_SECRET = "wrong-secret-for-these-tests";

  /** The bucket the gateway is given. */
  static final String BUCKET = "misconfigured-store-test";

  /** The gateway's store settings, as a shard process would be given them. */
  static volatile Map<String, String> settings = Map.of();

  private EmbeddedS3 store;

  protected abstract EmbeddedS3 startStore() throws Exception;

  /** The secret key the gateway is given. */
  protected abstract String secretKey(EmbeddedS3 store);

  @Override
  public Map<String, String> start() {
    try {
      store = startStore();
    } catch (Exception e) {
      throw new IllegalStateException("could not start S3Proxy", e);
    }
    settings =
        Map.of(
            "convscope.store.endpoint", store.endpoint().toString(),
            "convscope.store.access-key", store.accessKey(),
            "convscope.store.secret-key", secretKey(store),
            "convscope.store.bucket", BUCKET,
            "convscope.store.timeout", "PT5S");
    return settings;
  }

  @Override
  public void stop() {
    settings = Map.of();
    try {
      if (store != null) {
        store.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop S3Proxy", e);
    }
  }

  /** The store refuses the gateway's secret key. */
  public static final class RefusedCredentials extends MisconfiguredStoreResource {

    @Override
    protected EmbeddedS3 startStore() throws Exception {
      EmbeddedS3 store = EmbeddedS3.inMemory();
      store.ensureBucket(BUCKET);
      return store;
    }

    @Override
    protected String secretKey(EmbeddedS3 store) {
      return WRONG_SECRET;
    }
  }

  /** The store has no such bucket, and lets no one create it. */
  public static final class MissingBucket extends MisconfiguredStoreResource {

    @Override
    protected EmbeddedS3 startStore() throws Exception {
      return EmbeddedS3.inMemoryRefusingNewBuckets();
    }

    @Override
    protected String secretKey(EmbeddedS3 store) {
      return store.secretKey();
    }
  }
}
