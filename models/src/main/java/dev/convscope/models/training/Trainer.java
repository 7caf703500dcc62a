package dev.convscope.models.training;

import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.dataset.ImageBatches;
import dev.convscope.models.evaluation.Accuracy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batch training of a classifier graph on labelled images: each epoch visits the training
 * images once in a fresh shuffled order, then scores the test images. Every random choice (order,
 * dropout masks) comes from the settings' seed, so a run can be repeated.
 */
public final class Trainer {

  private Trainer() {}

  /**
   * Trains {@code graph} in place.
   *
   * @return one summary per epoch, in order
   */
  public static List<EpochSummary> train(
      ComputationGraph graph,
      Preprocessing preprocessing,
      int classes,
      LabelledImages train,
      LabelledImages test,
      TrainingSettings settings,
      TrainingProgress progress) {
    if (train.count() == 0) {
      throw new IllegalArgumentException(train.images().source() + " holds no images to train on");
    }
    Nd4j.getRandom().setSeed(settings.seed());
    Random shuffle = new Random(settings.seed());
    int[] order = ImageBatches.inOrder(train.count());
    int batches = (train.count() + settings.batchSize() - 1) / settings.batchSize();
    List<EpochSummary> summaries = new ArrayList<>();
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      shuffleInPlace(order, shuffle);
      long start = System.nanoTime();
      double lossSum = 0;
      for (int batch = 0; batch < batches; batch++) {
        int from = batch * settings.batchSize();
        int to = Math.min(from + settings.batchSize(), train.count());
        graph.fit(
            new DataSet(
                ImageBatches.features(train, order, from, to, preprocessing),
                ImageBatches.oneHotLabels(train, order, from, to, classes)));
        double loss = graph.score();
        lossSum += loss;
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.batchDone(epoch, settings.epochs(), batch + 1, batches, loss, to / seconds);
      }
      Duration trainingTime = Duration.ofNanos(System.nanoTime() - start);
      graph.incrementEpochCount(); // only fit(iterator) counts epochs itself; per-epoch schedules
      // read the count
      Accuracy accuracy = Accuracy.measure(graph, preprocessing, test, classes);
      EpochSummary summary =
          new EpochSummary(
              epoch, settings.epochs(), lossSum / batches, accuracy, train.count(), trainingTime);
      summaries.add(summary);
      progress.epochDone(summary);
    }
    return List.copyOf(summaries);
  }

  /** Fisher–Yates, so the order depends on nothing but the seed. */
  private static void shuffleInPlace(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int kept = order[i];
      order[i] = order[j];
      order[j] = kept;
    }
  }
}
