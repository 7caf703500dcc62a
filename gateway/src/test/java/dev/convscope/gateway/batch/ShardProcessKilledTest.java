package dev.convscope.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Picture;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A shard run as its own process, as a Kubernetes Job's pod, killed (SIGKILL) after its first
 * checkpoints and run again: the rerun carries on from the stored state, and the job ends with
 * every image counted once and every object its runs name stored once.
 */
@QuarkusTest
@TestProfile(ShardsElsewhereProfile.class)
@WithTestResource(
    value = ShardProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ShardProcessKilledTest {

  private static final int IMAGES = 120;

  @Inject ObjectStore store;

  @Test
  void aKilledShardRunAgainResumesFromItsCheckpointAndCountsEachImageOnce() throws Exception {
    String jobId = ShardedJobs.create(IMAGES, Map.of("top_n", 3));
    // This gateway runs no shards itself: nothing is counted until a shard process runs.
    assertThat(store.list("jobs/" + jobId + "/shards/")).isEmpty();

    int stoppedAt;
    try (ShardProcess first = ShardProcess.start(jobId, 0, Map.of())) {
      ShardedJobs.awaitStored(store, jobId, ShardRunner.CHECKPOINT_ITEMS, first);
      first.kill();
      ShardState left = new JobStore(new Bucket(store)).shard(jobId, 0).orElseThrow();
      assertThat(left.finished()).as("killed before it finished").isFalse();
      stoppedAt = left.done();
      assertThat(stoppedAt).isBetween(ShardRunner.CHECKPOINT_ITEMS, IMAGES - 1);
      assertThat(left.tally().items).isEqualTo(stoppedAt);
    }

    Instant rerun = Instant.now();
    try (ShardProcess again = ShardProcess.start(jobId, 0, Map.of())) {
      assertThat(again.awaitExit(Duration.ofMinutes(4))).as(again.output()).isZero();
      System.out.printf(
          "the rerun counted %d images in %d ms, its JVM's start included%n",
          IMAGES - stoppedAt, Duration.between(rerun, Instant.now()).toMillis());
      String output = again.output();
      assertThat(output)
          .contains("resuming after " + stoppedAt + " of " + IMAGES + " images")
          .contains(IMAGES + " of " + IMAGES + " images counted, 0 failed");
      // Its progress starts after the checkpoint, not at the shard's first image.
      assertThat(output)
          .contains("  " + (stoppedAt + 1) + "/" + IMAGES + "  ")
          .doesNotContain("  1/" + IMAGES + "  ");
    }

    JsonPath summary = ShardedJobs.assertEachImageCountedOnce(jobId, IMAGES);
    ShardState state = new JobStore(new Bucket(store)).shard(jobId, 0).orElseThrow();
    assertThat(state.done()).isEqualTo(IMAGES);
    assertThat(state.tally().items).isEqualTo(IMAGES);
    assertThat(state.failure()).isNull();

    // One run per image, and every object the runs name is stored once, under the one key its
    // content gives it: nothing left over from the killed process, nothing stored twice.
    List<String> manifests = store.list("manifests/");
    assertThat(manifests).hasSize(IMAGES);
    Set<String> runIds = new HashSet<>();
    Set<String> named = new HashSet<>();
    for (String key : manifests) {
      RunManifest.Builder manifest = RunManifest.newBuilder();
      JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8), manifest);
      runIds.add(manifest.getRunId());
      for (LayerResult layer : manifest.getLayersList()) {
        for (Picture picture : layer.getPicturesList()) {
          assertThat(named.add(picture.getKey())).as("%s named once", picture.getKey()).isTrue();
          assertThat(store.size(picture.getKey()))
              .as(picture.getKey())
              .contains(picture.getSizeBytes());
        }
      }
    }
    assertThat(new HashSet<>(store.list("runs/"))).isEqualTo(named);

    // The summary's top images are among those runs, each image always under the same run.
    Map<Integer, String> runOfItem = new HashMap<>();
    List<Map<String, Object>> tops = summary.getList("layers.channels.flatten().top.flatten()");
    assertThat(tops).isNotEmpty();
    for (Map<String, Object> top : tops) {
      String runId = (String) top.get("run_id");
      assertThat(runIds).contains(runId);
      String before = runOfItem.putIfAbsent((Integer) top.get("item"), runId);
      assertThat(before == null || before.equals(runId)).as("item %s", top.get("item")).isTrue();
    }
  }
}
