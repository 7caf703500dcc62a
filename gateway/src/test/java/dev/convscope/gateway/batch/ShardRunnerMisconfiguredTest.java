package dev.convscope.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.DescribeModelResponse;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.api.v1.LayerSummary;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.inference.InferenceClient;
import dev.convscope.gateway.inference.InferenceFailures;
import dev.convscope.gateway.manifest.ManifestStore;
import dev.convscope.gateway.run.Runner;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store or a service set up wrongly stops a shard at its first attempt, where an outage would be
 * waited out for minutes: refused credentials and a missing bucket (against a real S3-compatible
 * server), and an inference service whose own store is misconfigured. Attempts are counted; none is
 * repeated, no outage is announced, no image is counted as failed.
 */
class ShardRunnerMisconfiguredTest {

  private static final String BUCKET = "shard-runner-misconfigured";
  private static final String DIGEST = "ab".repeat(32);

  private static EmbeddedS3 s3;
  private static Server inference;
  private static ManagedChannel channel;
  private static final AtomicInteger visualizeCalls = new AtomicInteger();

  private final AtomicInteger storeCalls = new AtomicInteger();
  private final List<String> notices = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    s3 = EmbeddedS3.inMemory();
    s3.ensureBucket(BUCKET);
    inference =
        ServerBuilder.forPort(0).addService(new InferenceWithMisconfiguredStore()).build().start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", inference.getPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    inference.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    s3.stop();
  }

  @Test
  void refusedStoreCredentialsStopTheShardAtTheFirstAttempt() {
    ObjectStore store = countingStore(s3, "not-the-secret", BUCKET);

    Misconfigured stopped = runShard(store);

    assertThat(stopped.getMessage()).contains("bucket '" + BUCKET + "'");
    assertThat(storeCalls).hasValue(1);
    assertThat(notices).isEmpty();
  }

  @Test
  void aMissingBucketThatCannotBeCreatedStopsTheShardAtTheFirstAttempt() throws Exception {
    try (EmbeddedS3 refusing = EmbeddedS3.inMemoryRefusingNewBuckets()) {
      ObjectStore store = countingStore(refusing, refusing.secretKey(), "no-such-bucket");

      Misconfigured stopped = runShard(store);

      assertThat(stopped.getMessage())
          .contains("bucket 'no-such-bucket' does not exist and could not be created");
      assertThat(storeCalls).hasValue(1);
      assertThat(notices).isEmpty();
    }
  }

  @Test
  void aServiceWhoseStoreIsMisconfiguredStopsTheShardWithoutFailingTheImage() {
    ObjectStore store = countingStore(s3, s3.secretKey(), BUCKET);
    visualizeCalls.set(0);

    Misconfigured stopped = runShard(store);

    assertThat(stopped.getMessage()).contains("refused this service's credentials");
    assertThat(visualizeCalls).hasValue(1);
    assertThat(notices).isEmpty();
    // Nothing was counted: not the image, which is not at fault, nor a checkpoint.
    assertThat(new JobStore(new Bucket(store)).shard(spec().jobId(), 0)).isEmpty();
  }

  private Misconfigured runShard(ObjectStore store) {
    Bucket bucket = new Bucket(store);
    GatewayConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(GatewayConfig.class)
            .build()
            .getConfigMapping(GatewayConfig.class);
    Runner runner =
        Runner.standalone(
            InferenceClient.standalone(InferenceServiceGrpc.newBlockingStub(channel), config),
            new ManifestStore(bucket),
            bucket,
            config);
    ShardRunner shards =
        new ShardRunner(runner, new JobStore(bucket), Duration.ofMinutes(5), notices::add);
    return catchThrowableOfType(
        Misconfigured.class, () -> shards.run(spec(), new GreyImages(), 0, item -> {}));
  }

  private static JobSpec spec() {
    return new JobSpec(
        "20260101-000000-0000abcd",
        Instant.now().toString(),
        "misconfigured-neighbour",
        DIGEST,
        List.of("a", "b"),
        new JobSpec.DatasetSpec(null, null, null, List.of("k0", "k1", "k2")),
        3,
        3,
        1,
        1,
        "gray",
        64);
  }

  /** The store, counting every request the shard makes of it (each retry would be one more). */
  private ObjectStore countingStore(EmbeddedS3 s3, String secretKey, String bucket) {
    StoreConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(StoreConfig.class)
            .withDefaultValues(
                Map.of(
                    "convscope.store.endpoint",
                    s3.endpoint().toString(),
                    "convscope.store.access-key",
                    s3.accessKey(),
                    "convscope.store.secret-key",
                    secretKey,
                    "convscope.store.bucket",
                    bucket,
                    "convscope.store.timeout",
                    "PT2S"))
            .build()
            .getConfigMapping(StoreConfig.class);
    return new ObjectStore(config) {
      @Override
      public Optional<Long> size(String key) {
        storeCalls.incrementAndGet();
        return super.size(key);
      }

      @Override
      public Optional<byte[]> read(String key) {
        storeCalls.incrementAndGet();
        return super.read(key);
      }

      @Override
      public void put(String key, byte[] bytes, String contentType) {
        storeCalls.incrementAndGet();
        super.put(key, bytes, contentType);
      }
    };
  }

  /** Three small grey PNGs. */
  private static final class GreyImages implements Dataset {

    @Override
    public int size() {
      return 3;
    }

    @Override
    public DatasetItem item(int index) {
      try {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        return new DatasetItem("item " + index, png.toByteArray(), index % 2);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public boolean labelled() {
      return true;
    }
  }

  /** An inference service that knows the model but whose store refuses its credentials. */
  private static final class InferenceWithMisconfiguredStore
      extends InferenceServiceGrpc.InferenceServiceImplBase {

    @Override
    public void describeModel(
        DescribeModelRequest request, StreamObserver<DescribeModelResponse> responses) {
      responses.onNext(
          DescribeModelResponse.newBuilder()
              .setSummary(
                  ModelSummary.newBuilder()
                      .setName(request.getModel())
                      .setDigest(DIGEST)
                      .addLabels("a")
                      .addLabels("b")
                      .addLayers(LayerSummary.newBuilder().setName("prob").addOutputShape(2)))
              .build());
      responses.onCompleted();
    }

    @Override
    public void visualize(VisualizeRequest request, StreamObserver<VisualizeResponse> responses) {
      visualizeCalls.incrementAndGet();
      responses.onError(
          StatusProto.toStatusRuntimeException(
              com.google.rpc.Status.newBuilder()
                  .setCode(Code.INTERNAL_VALUE)
                  .setMessage(
                      "the object store at http://s3 refused this service's credentials for"
                          + " bucket 'elsewhere' (AccessDenied)")
                  .addDetails(
                      Any.pack(
                          ErrorInfo.newBuilder()
                              .setReason(InferenceFailures.STORE_MISCONFIGURED)
                              .setDomain("visualization.convscope.dev")
                              .build()))
                  .build()));
    }
  }
}
