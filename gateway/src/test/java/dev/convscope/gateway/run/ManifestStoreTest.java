package dev.convscope.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Manifests in a real S3-compatible store, and the memory of the recent ones in front of it. */
class ManifestStoreTest {

  private static final String BUCKET = "manifest-store-test";

  private static EmbeddedS3 s3;
  private static ObjectStore store;

  @BeforeAll
  static void startStore() throws Exception {
    s3 = EmbeddedS3.inMemory();
    s3.ensureBucket(BUCKET);
    store = new ObjectStore(config(s3));
  }

  @AfterAll
  static void stopStore() throws Exception {
    s3.stop();
  }

  @Test
  void aManifestAnotherReplicaWroteIsReadFromTheBucket() throws Exception {
    RunManifest manifest = manifest("0123456789abcdef0123456789abcdef");
    store.put(
        ManifestStore.key(manifest.getRunId()),
        JsonFormat.printer().print(manifest).getBytes(StandardCharsets.UTF_8),
        "application/json");

    assertThat(new ManifestStore(new Bucket(store)).find(manifest.getRunId())).contains(manifest);
  }

  @Test
  void aRunNotFinishedYetIsFoundOnceItsManifestAppears() {
    RunManifest manifest = manifest("11111111111111111111111111111111");
    ManifestStore reader = new ManifestStore(new Bucket(store));

    assertThat(reader.find(manifest.getRunId())).isEmpty();
    new ManifestStore(new Bucket(store)).write(manifest); // another replica finishes the run

    assertThat(reader.find(manifest.getRunId())).contains(manifest);
  }

  @Test
  void anUnreadableManifestIsNotARunAndIsNotRemembered() {
    String runId = "22222222222222222222222222222222";
    ManifestStore manifests = new ManifestStore(new Bucket(store));
    store.put(ManifestStore.key(runId), "{not json".getBytes(StandardCharsets.UTF_8), "text/plain");

    assertThat(manifests.find(runId)).isEmpty();
    manifests.write(manifest(runId));

    assertThat(manifests.find(runId)).contains(manifest(runId));
  }

  @Test
  void aManifestReadOnceIsAnsweredWithoutTheStore() throws Exception {
    RunManifest manifest = manifest("33333333333333333333333333333333");
    new ManifestStore(new Bucket(store)).write(manifest);
    ManifestStore manifests = new ManifestStore(new Bucket(store));
    assertThat(manifests.find(manifest.getRunId())).contains(manifest);

    s3.stop();
    try {
      assertThat(manifests.find(manifest.getRunId())).contains(manifest);
    } finally {
      s3.start();
    }
  }

  private static RunManifest manifest(String runId) {
    return RunManifest.newBuilder()
        .setRunId(runId)
        .setRun(RunStarted.newBuilder().setModel("fashion-mnist").setLayerCount(1))
        .addLayers(LayerResult.newBuilder().setName("conv1"))
        .setCreatedAt("2026-01-01T00:00:00Z")
        .build();
  }

  private static StoreConfig config(EmbeddedS3 s3) {
    // Through SmallRye Config, as the shard command builds it: an anonymous implementation would
    // be taken for a bean (its validation annotations) by the Quarkus tests in this module.
    return new SmallRyeConfigBuilder()
        .withMapping(StoreConfig.class)
        .withDefaultValues(
            Map.of(
                "convscope.store.endpoint", s3.endpoint().toString(),
                "convscope.store.access-key", s3.accessKey(),
                "convscope.store.secret-key", s3.secretKey(),
                "convscope.store.bucket", BUCKET,
                "convscope.store.timeout", "PT2S"))
        .build()
        .getConfigMapping(StoreConfig.class);
  }
}
