package dev.convscope.models.graph;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One parameter array of one vertex of an imported graph ("W", "b", "gamma", "mean", ...), with the
 * values it is to hold in DL4J's layout.
 */
public record LearnedParameter(String vertex, String key, INDArray values) {

  /**
   * The graph of a configuration with every parameter set from the imported values, none drawn at
   * random first: init is given the parameter array to use, and every array must be set.
   *
   * @throws IllegalStateException when a parameter is missing, of another size, or never set
   */
  public static ComputationGraph graph(
      ComputationGraphConfiguration configuration, List<LearnedParameter> parameters) {
    ComputationGraph graph = new ComputationGraph(configuration);
    long count =
        configuration.getVertices().values().stream().mapToLong(v -> v.numParams(false)).sum();
    if (count == 0) {
      graph.init();
    } else {
      // Given a parameter array, init() draws no weights: every one is set below.
      graph.init(Nd4j.createUninitialized(DataType.FLOAT, 1, count), false);
    }
    Set<String> set = new HashSet<>();
    for (LearnedParameter parameter : parameters) {
      INDArray target = graph.getVertex(parameter.vertex()).getLayer().getParam(parameter.key());
      INDArray values = parameter.values();
      if (target == null || target.length() != values.length()) {
        throw new IllegalStateException(
            parameter.vertex()
                + " "
                + parameter.key()
                + " is "
                + (target == null ? "missing" : Arrays.toString(target.shape()))
                + "; the imported values have "
                + Arrays.toString(values.shape()));
      }
      target.assign(values.reshape('c', target.shape()).castTo(target.dataType()));
      set.add(parameter.vertex() + " " + parameter.key());
    }
    for (GraphVertex vertex : graph.getVertices()) {
      if (vertex.hasLayer()) {
        for (String key : vertex.getLayer().paramTable().keySet()) {
          if (!set.contains(vertex.getVertexName() + " " + key)) {
            throw new IllegalStateException(vertex.getVertexName() + " " + key + " was never set");
          }
        }
      }
    }
    return graph;
  }
}
