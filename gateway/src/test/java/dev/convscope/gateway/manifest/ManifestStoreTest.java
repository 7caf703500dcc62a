package dev.convscope.gateway.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.Manifests;
import dev.convscope.gateway.run.Predictions;
import dev.convscope.gateway.run.RunManifest;
import dev.convscope.gateway.run.RunStart;
import dev.convscope.gateway.run.TensorKind;
import dev.convscope.gateway.run.TensorStatistics;
import dev.convscope.gateway.run.Weights;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.gateway.wire.ManifestMessages;
import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Manifests.key(manifest.runId()),
        JsonFormat.printer()
            .print(ManifestMessages.write(manifest))
            .getBytes(StandardCharsets.UTF_8),
        "application/json");

    assertThat(new ManifestStore(new Bucket(store)).find(manifest.runId())).contains(manifest);
  }

  @Test
  void aRunNotFinishedYetIsFoundOnceItsManifestAppears() {
    RunManifest manifest = manifest("11111111111111111111111111111111");
    ManifestStore reader = new ManifestStore(new Bucket(store));

    assertThat(reader.find(manifest.runId())).isEmpty();
    new ManifestStore(new Bucket(store)).write(manifest); // another replica finishes the run

    assertThat(reader.find(manifest.runId())).contains(manifest);
  }

  @Test
  void anUnreadableManifestIsNotARunAndIsNotRemembered() {
    String runId = "22222222222222222222222222222222";
    ManifestStore manifests = new ManifestStore(new Bucket(store));
    store.put(Manifests.key(runId), "{not json".getBytes(StandardCharsets.UTF_8), "text/plain");

    assertThat(manifests.find(runId)).isEmpty();
    manifests.write(manifest(runId));

    assertThat(manifests.find(runId)).contains(manifest(runId));
  }

  @Test
  void aManifestReadOnceIsAnsweredWithoutTheStore() throws Exception {
    RunManifest manifest = manifest("33333333333333333333333333333333");
    new ManifestStore(new Bucket(store)).write(manifest);
    ManifestStore manifests = new ManifestStore(new Bucket(store));
    assertThat(manifests.find(manifest.runId())).contains(manifest);

    s3.stop();
    try {
      assertThat(manifests.find(manifest.runId())).contains(manifest);
    } finally {
      s3.start();
    }
  }

  @Test
  void jsonThatIsNoRunIsNotARun() {
    String runId = "44444444444444444444444444444444";
    store.put(
        Manifests.key(runId), "{\"runId\": \"x\"}".getBytes(StandardCharsets.UTF_8), "text/plain");

    assertThat(new ManifestStore(new Bucket(store)).find(runId)).isEmpty();
  }

  private static RunManifest manifest(String runId) {
    TensorStatistics statistics =
        new TensorStatistics(
            0.5,
            0.1,
            0,
            1,
            List.of(3L),
            List.of(0.5),
            List.of(),
            0,
            0,
            3,
            List.of(),
            List.of(),
            1,
            List.of(2),
            0);
    return new RunManifest(
        runId,
        new RunStart("fashion-mnist", "sha256:00", "ab", true, 1),
        "fashion-mnist",
        Optional.empty(),
        RunOptions.defaults().forModel(10),
        new Predictions(List.of(), Weights.TRAINED),
        List.of(
            new DrawnLayer(
                "conv1",
                TensorKind.ACTIVATION,
                "Convolution",
                List.of(1L),
                statistics,
                List.of(),
                "",
                "")),
        "2026-01-01T00:00:00Z");
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
