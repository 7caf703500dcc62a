package dev.convscope.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.batch.JobAggregate.ItemOutcome;
import dev.convscope.gateway.batch.JobAggregate.TopEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobAggregateTest {

  private static final int CLASSES = 3;
  private static final int TOP_N = 4;

  @Test
  void theTopListKeepsTheHighestFirstAndTheLowerItemOnTies() {
    List<TopEntry> top = new ArrayList<>();
    float[] values = {0.5f, 2f, 1f, 2f, 3f, 0.1f};
    for (int item = 0; item < values.length; item++) {
      JobAggregate.offer(top, new TopEntry(item, values[item], "run" + item), 3);
    }
    assertThat(top).extracting(TopEntry::item).containsExactly(4, 1, 3);
  }

  @Test
  void shardsMergedInAnyOrderGiveWhatOnePassGives() {
    List<ItemOutcome> outcomes = outcomes(60, new Random(7));
    JobAggregate onePass = new JobAggregate();
    outcomes.forEach(outcome -> onePass.add(outcome, CLASSES, TOP_N));

    JobAggregate[] shards = {new JobAggregate(), new JobAggregate(), new JobAggregate()};
    for (int i = 0; i < outcomes.size(); i++) {
      shards[i / 20].add(outcomes.get(i), CLASSES, TOP_N);
    }
    JobAggregate merged = new JobAggregate();
    for (int shard : new int[] {2, 0, 1}) {
      merged.merge(shards[shard], CLASSES, TOP_N);
    }

    assertThat(merged.items).isEqualTo(60);
    assertThat(merged.correct).isEqualTo(onePass.correct);
    assertThat(merged.confusion).isDeepEqualTo(onePass.confusion);
    assertThat(merged.layers.get("conv1").top).isEqualTo(onePass.layers.get("conv1").top);
    assertThat(merged.layers.get("conv1").classCounts)
        .containsExactly(onePass.layers.get("conv1").classCounts);
    for (int k = 0; k < CLASSES; k++) {
      assertThat(merged.layers.get("conv1").classMeanSums[k])
          .containsExactly(onePass.layers.get("conv1").classMeanSums[k], within(1e-9));
    }
    assertThat(merged.layers.get("conv1").highestMaxima)
        .containsExactly(onePass.layers.get("conv1").highestMaxima);
    assertThat(merged.layers.get("conv1").lowestMaxima)
        .containsExactly(onePass.layers.get("conv1").lowestMaxima);
    long total = 0;
    for (long[] row : merged.confusion) {
      for (long count : row) {
        total += count;
      }
    }
    assertThat(total).isEqualTo(60);
  }

  @Test
  void channelsThatNeverFireOrNeverChangeOverTheJobAreNamed() {
    JobAggregate job = new JobAggregate();
    // Channel 0 varies, 1 never fires, 2 holds 3.0 on every image, 3 varies by 1e-9 only.
    float[][] maxima = {{1, 0, 3, 2}, {5, -1, 3, 2 + 1e-7f}, {2, 0, 3, 2}};
    for (int item = 0; item < maxima.length; item++) {
      job.add(
          new ItemOutcome(
              item, 0, 0, "run" + item, Map.of("relu", maxima[item]), Map.of("relu", new float[4])),
          CLASSES,
          TOP_N);
    }

    JobAggregate.LayerTally relu = job.layers.get("relu");
    assertThat(relu.neverFired()).containsExactly(1);
    // The layer's range is 6 (from -1 to 5): 1e-6 of it is 6e-6, more than channel 3's change.
    assertThat(relu.constant()).containsExactly(2, 3);
  }

  @Test
  void aTallyFromBeforeTheExtremesWereKeptNamesNoChannel() {
    JobAggregate.LayerTally old = new JobAggregate.LayerTally();

    assertThat(old.neverFired()).isEmpty();
    assertThat(old.constant()).isEmpty();
  }

  @Test
  void failuresAreCountedAndTheirReasonsKept() {
    JobAggregate tally = new JobAggregate();
    tally.fail(3, "item 3", "INVALID_ARGUMENT: not an image");
    assertThat(tally.items).isEqualTo(1);
    assertThat(tally.failed).isEqualTo(1);
    assertThat(tally.failures.get(0).detail()).contains("not an image");
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }

  private static List<ItemOutcome> outcomes(int count, Random random) {
    List<ItemOutcome> outcomes = new ArrayList<>();
    for (int item = 0; item < count; item++) {
      float[] maxima = new float[5];
      float[] means = new float[5];
      for (int c = 0; c < 5; c++) {
        // Few distinct values, so ties happen and must break the same way every time.
        maxima[c] = random.nextInt(6);
        means[c] = random.nextFloat();
      }
      outcomes.add(
          new ItemOutcome(
              item,
              random.nextInt(CLASSES),
              random.nextInt(CLASSES),
              "run" + item,
              Map.of("conv1", maxima),
              Map.of("conv1", means)));
    }
    return outcomes;
  }
}
