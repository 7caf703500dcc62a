package dev.convscope.models.caffenet;

import dev.convscope.models.ModelSummary;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A model summary as the Caffe lab's two tables, the lines its notebook prints with {@code print
 * layer_name + '\t' + str(blob.data.shape)} for every blob and {@code print layer_name + '\t' +
 * str(param[0].data.shape), str(param[1].data.shape)} for every layer with parameters. Shapes read
 * as Python prints tuples; blob shapes are for a batch of one. Works for any model's summary.
 */
public final class CaffeTables {

  private CaffeTables() {}

  /** Both tables, each under its name as the lab's net object calls it. */
  public static String format(ModelSummary summary) {
    return "blobs\n" + blobs(summary) + "\nparams\n" + params(summary);
  }

  /**
   * One line per blob: its name, a tab, its shape with the batch axis: {@code conv1\t(1, 96, 55,
   * 55)}.
   */
  public static String blobs(ModelSummary summary) {
    StringBuilder table = new StringBuilder();
    for (ModelSummary.Layer layer : summary.layers()) {
      String shape = "?"; // a blob the summary's forward pass did not reach
      if (layer.outputShape() != null) {
        int[] batchOfOne = new int[layer.outputShape().length + 1];
        batchOfOne[0] = 1;
        System.arraycopy(layer.outputShape(), 0, batchOfOne, 1, layer.outputShape().length);
        shape = tuple(batchOfOne);
      }
      table.append(layer.name()).append('\t').append(shape).append('\n');
    }
    return table.toString();
  }

  /**
   * One line per blob with parameters: its name, a tab, then its parameters' shapes (weights, then
   * bias) separated by spaces: {@code conv1\t(96, 3, 11, 11) (96,)}.
   */
  public static String params(ModelSummary summary) {
    StringBuilder table = new StringBuilder();
    for (ModelSummary.Layer layer : summary.layers()) {
      if (!layer.parameters().isEmpty()) {
        table
            .append(layer.name())
            .append('\t')
            .append(
                layer.parameters().stream()
                    .map(p -> tuple(p.shape()))
                    .collect(Collectors.joining(" ")))
            .append('\n');
      }
    }
    return table.toString();
  }

  /** As Python writes a tuple of ints: {@code (96, 3)}, {@code (96,)}, {@code ()}. */
  static String tuple(int[] values) {
    if (values.length == 1) {
      return "(" + values[0] + ",)";
    }
    return Arrays.stream(values)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
