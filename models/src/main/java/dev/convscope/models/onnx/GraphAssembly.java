package dev.convscope.models.onnx;

import dev.convscope.models.graph.LearnedParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DL4J graph being laid out: its vertices, each name taken once, which vertices others read,
 * and the learned values its parameters are to hold.
 */
final class GraphAssembly {

  private final GraphBuilder graph =
      new NeuralNetConfiguration.Builder()
          .dataType(DataType.FLOAT)
          // Padding is explicit; ONNX's convolutions round their output size down, as Truncate.
          .convolutionMode(ConvolutionMode.Truncate)
          .graphBuilder();
  private final Set<String> vertexNames = new HashSet<>();
  private final Set<String> read = new HashSet<>();
  private final List<String> vertexOrder = new ArrayList<>();
  private final List<LearnedParameter> parameters = new ArrayList<>();

  /** DL4J's builder, for parts that add several vertices at once (grouped convolutions). */
  GraphBuilder builder() {
    return graph;
  }

  void addInput(String name) {
    claim(name);
    graph.addInputs(name);
  }

  String addLayer(String name, Layer layer, String input) {
    claim(name);
    vertexOrder.add(name);
    read.add(input);
    graph.addLayer(name, layer, input);
    return name;
  }

  void addVertex(String name, GraphVertex vertex, List<String> inputs) {
    claim(name);
    vertexOrder.add(name);
    read.addAll(inputs);
    graph.addVertex(name, vertex, inputs.toArray(String[]::new));
  }

  /** A vertex added through {@link #builder}, reading {@code input}; its helpers are claimed. */
  void added(String name, String input) {
    claim(name);
    vertexOrder.add(name);
    read.add(input);
  }

  void setWeightsAndBias(String vertex, INDArray weights, INDArray bias) {
    parameters.add(new LearnedParameter(vertex, "W", weights));
    if (bias != null) {
      parameters.add(new LearnedParameter(vertex, "b", bias));
    }
  }

  void addParameter(String vertex, String key, INDArray values) {
    parameters.add(new LearnedParameter(vertex, key, values));
  }

  List<LearnedParameter> parameters() {
    return List.copyOf(parameters);
  }

  /** The configuration whose outputs are {@code outputs}, then the vertices nothing reads. */
  ComputationGraphConfiguration configuration(List<String> outputs) {
    Set<String> all = new LinkedHashSet<>(outputs);
    for (String vertex : vertexOrder) {
      if (!read.contains(vertex)) {
        all.add(vertex);
      }
    }
    return graph.setOutputs(all.toArray(String[]::new)).build();
  }

  /** Each vertex name once: a blob's name, or a helper vertex named after its blob. */
  void claim(String vertex) {
    if (!vertexNames.add(vertex)) {
      throw new OnnxFormatException(
          "the graph needs a vertex named '"
              + vertex
              + "', which another value of the model already names");
    }
  }
}
