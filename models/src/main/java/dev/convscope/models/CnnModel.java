package dev.convscope.models;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network ready to run, with what its users need to know: its name and digest, how an image
 * becomes its input, its class labels, and the blobs it reports (in network order). Every model is
 * held as a ComputationGraph (a MultiLayerNetwork converts), so one forward pass serves all.
 */
public final class CnnModel {

  private final String name;
  private final String digest;
  private final String source;
  private final boolean pretrained;
  private final ComputationGraph graph;
  private final Preprocessing preprocessing;
  private final List<String> labels;
  private final List<Blob> blobs;
  private final ImageLayout layout;
  private volatile ModelSummary summary;

  /** A model whose network holds images channels first, as DL4J builds them. */
  public CnnModel(
      String name,
      String digest,
      String source,
      boolean pretrained,
      ComputationGraph graph,
      Preprocessing preprocessing,
      List<String> labels,
      List<Blob> blobs) {
    this(name, digest, source, pretrained, graph, preprocessing, labels, blobs, ImageLayout.NCHW);
  }

  /**
   * @param layout how the network holds images (Keras imports hold them channels last)
   */
  public CnnModel(
      String name,
      String digest,
      String source,
      boolean pretrained,
      ComputationGraph graph,
      Preprocessing preprocessing,
      List<String> labels,
      List<Blob> blobs,
      ImageLayout layout) {
    this.name = name;
    this.digest = digest;
    this.source = source;
    this.pretrained = pretrained;
    this.graph = graph;
    this.preprocessing = preprocessing;
    this.labels = List.copyOf(labels);
    this.blobs = List.copyOf(blobs);
    this.layout = layout;
    Map<String, GraphVertex> vertices = new HashMap<>();
    for (GraphVertex vertex : graph.getVertices()) {
      vertices.put(vertex.getVertexName(), vertex);
    }
    for (Blob blob : this.blobs) {
      if (!vertices.containsKey(blob.vertex())) {
        throw new IllegalArgumentException(
            name + ": blob " + blob.name() + " names no vertex " + blob.vertex());
      }
    }
  }

  public String name() {
    return name;
  }

  /** Hex SHA-256 of the model file, or of the definition and seed for models built in code. */
  public String digest() {
    return digest;
  }

  /** "built-in", "zoo" or "upload". */
  public String source() {
    return source;
  }

  public boolean pretrained() {
    return pretrained;
  }

  public ComputationGraph graph() {
    return graph;
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  public List<String> labels() {
    return labels;
  }

  public List<Blob> blobs() {
    return blobs;
  }

  /**
   * How the network holds images; its input and activations are channels first to everyone else.
   */
  public ImageLayout layout() {
    return layout;
  }

  public Blob blob(String blobName) {
    return blobs.stream()
        .filter(b -> b.name().equals(blobName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no layer '" + blobName + "'"));
  }

  /** The label of an output index, or "class N" when the model brings none. */
  public String label(int index) {
    return index < labels.size() ? labels.get(index) : "class " + index;
  }

  /**
   * A blob's parameters in Caffe's layout: "weights" (convolution (out, in, kh, kw), depthwise
   * convolution (out, 1, kh, kw), fully connected (out, in)) and "bias" (out), each joined along
   * the output axis over the blob's parameter vertices. Empty for a blob without parameters.
   */
  public Map<String, INDArray> parameters(Blob blob) {
    List<INDArray> weights = new ArrayList<>();
    List<INDArray> biases = new ArrayList<>();
    for (String vertexName : blob.parameterVertices()) {
      Layer layer = graph.getVertex(vertexName).getLayer();
      INDArray w = layer.getParam("W");
      if (w == null) {
        continue;
      }
      var conf = layer.conf().getLayer();
      boolean dense = conf instanceof DenseLayer || conf instanceof BaseOutputLayer;
      if (conf instanceof DepthwiseConvolution2D) {
        // DL4J keeps (kh, kw, in, multiplier); Caffe's group == in holds (in * multiplier, 1, kh,
        // kw).
        long[] shape = w.shape();
        w = w.permute(2, 3, 0, 1).dup('c').reshape(shape[2] * shape[3], 1, shape[0], shape[1]);
      }
      weights.add(dense ? w.transpose() : w); // DL4J keeps dense weights as (in, out)
      INDArray b = layer.getParam("b");
      if (b != null) {
        biases.add(b.reshape(b.length()));
      }
    }
    Map<String, INDArray> parameters = new java.util.LinkedHashMap<>();
    if (!weights.isEmpty()) {
      parameters.put(
          "weights",
          weights.size() == 1 ? weights.get(0) : Nd4j.concat(0, weights.toArray(INDArray[]::new)));
    }
    if (!biases.isEmpty()) {
      parameters.put(
          "bias",
          biases.size() == 1 ? biases.get(0) : Nd4j.concat(0, biases.toArray(INDArray[]::new)));
    }
    return parameters;
  }

  /** The summary, worked out once by running a blank input through the network. */
  public ModelSummary summary() {
    ModelSummary known = summary;
    if (known == null) {
      synchronized (this) {
        if (summary == null) {
          summary = ModelSummaries.of(this);
        }
        known = summary;
      }
    }
    return known;
  }

  @Override
  public String toString() {
    return name + " (" + source + ", " + digest.substring(0, 12) + ")";
  }
}
