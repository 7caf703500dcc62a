package dev.convscope.models.evaluation;

import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.dataset.ImageBatches;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often a network's top class is the true one, overall and per true class.
 *
 * @param correct per class: images of that class the network got right
 * @param total per class: images of that class
 */
public record Accuracy(int[] correct, int[] total) {

  public static final int BATCH_SIZE = 500;

  public Accuracy {
    if (correct.length != total.length) {
      throw new IllegalArgumentException(
          correct.length + " correct counts for " + total.length + " classes");
    }
  }

  /** Runs every image of {@code data} through {@code graph} (inference mode) in batches. */
  public static Accuracy measure(
      ComputationGraph graph, Preprocessing preprocessing, LabelledImages data, int classes) {
    int[] correct = new int[classes];
    int[] total = new int[classes];
    int[] order = ImageBatches.inOrder(data.count());
    for (int from = 0; from < data.count(); from += BATCH_SIZE) {
      int to = Math.min(from + BATCH_SIZE, data.count());
      INDArray features = ImageBatches.features(data, order, from, to, preprocessing);
      INDArray predicted;
      synchronized (graph) { // a graph keeps per-vertex state: one pass at a time
        predicted = graph.outputSingle(false, features).argMax(1);
      }
      for (int i = from; i < to; i++) {
        int truth = data.label(i);
        total[truth]++;
        if (predicted.getInt(i - from) == truth) {
          correct[truth]++;
        }
      }
    }
    return new Accuracy(correct, total);
  }

  public int classes() {
    return total.length;
  }

  public int images() {
    int sum = 0;
    for (int count : total) {
      sum += count;
    }
    return sum;
  }

  public int correctImages() {
    int sum = 0;
    for (int count : correct) {
      sum += count;
    }
    return sum;
  }

  /** Overall, 0..1; 0 for no images. */
  public double overall() {
    return images() == 0 ? 0 : (double) correctImages() / images();
  }

  /** For one true class, 0..1; NaN when the data held none of it. */
  public double ofClass(int label) {
    return total[label] == 0 ? Double.NaN : (double) correct[label] / total[label];
  }
}
