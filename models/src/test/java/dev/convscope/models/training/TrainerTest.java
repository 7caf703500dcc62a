package dev.convscope.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.builtin.FashionMnistCnn;
import dev.convscope.models.dataset.FakeFashionMnist;
import dev.convscope.models.dataset.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  @TempDir Path dir;

  @Test
  void reportsEveryBatchAndEpochAndCountsEpochsOnTheGraph() throws Exception {
    FashionMnist data = new FashionMnist(FakeFashionMnist.write(dir, 40, 10, 2));
    LabelledImages train = data.train();
    ComputationGraph graph = FashionMnistCnn.untrained(2);
    List<String> events = new ArrayList<>();

    List<EpochSummary> summaries =
        Trainer.train(
            graph,
            FashionMnistCnn.preprocessing(),
            10,
            train,
            data.test(),
            new TrainingSettings(2, 16, 2),
            new TrainingProgress() {
              @Override
              public void batchDone(
                  int epoch,
                  int epochs,
                  int batch,
                  int batches,
                  double loss,
                  double imagesPerSecond) {
                events.add(epoch + ":" + batch + "/" + batches);
              }

              @Override
              public void epochDone(EpochSummary summary) {
                events.add("epoch " + summary.epoch());
              }
            });

    assertThat(events)
        .containsExactly(
            "1:1/3", "1:2/3", "1:3/3", "epoch 1", "2:1/3", "2:2/3", "2:3/3", "epoch 2");
    assertThat(summaries).extracting(EpochSummary::epoch).containsExactly(1, 2);
    assertThat(summaries.get(1).testAccuracy().images()).isEqualTo(10);
    assertThat(summaries.get(1).images()).isEqualTo(40);
    assertThat(graph.getEpochCount()).as("the learning-rate schedule reads it").isEqualTo(2);
    assertThat(graph.getIterationCount()).isEqualTo(6);
  }

  @Test
  void rejectsSettingsThatCannotTrain() {
    assertThatThrownBy(() -> new TrainingSettings(0, 64, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs must be at least 1, not 0");
    assertThatThrownBy(() -> new TrainingSettings(1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch size must be at least 1, not 0");
  }
}
