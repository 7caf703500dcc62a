package dev.convscope.models.caffe.graph;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.convscope.models.Blob;
import dev.convscope.models.caffe.CaffeBlob;
import dev.convscope.models.caffe.CaffeFormatException;
import dev.convscope.models.caffe.CaffeInput;
import dev.convscope.models.caffe.CaffeLayer;
import dev.convscope.models.caffe.CaffeModel;
import dev.convscope.models.caffe.CaffeNetwork;
import dev.convscope.models.caffe.LayerParams;
import dev.convscope.models.caffenet.CaffeLrn;
import dev.convscope.models.graph.ChannelSoftmax;
import dev.convscope.models.graph.CopyingActivation;
import dev.convscope.models.graph.ExactPooling;
import dev.convscope.models.graph.GroupedConvolution;
import dev.convscope.models.graph.LearnedParameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lays a Caffe network out as a DL4J graph configuration, layer by layer in Caffe's order: each
 * Caffe layer becomes the vertex named as the layer (with helper vertices named after it where one
 * DL4J vertex does not do), reading the vertex that last wrote each of its bottoms, as Caffe's
 * in-place layers overwrite a blob for the layers after them only. The learned blobs are kept, in
 * DL4J's layouts, for the parameters of the graph once it exists.
 */
final class GraphTranslator {

  private final CaffeModel model;
  private final CaffeNetwork network;
  private final GraphBuilder graph;
  private final Set<String> vertexNames = new HashSet<>();
  private final Set<String> read = new HashSet<>();
  private final Map<String, String> latest = new HashMap<>();
  private final Map<String, String> producerType = new HashMap<>();
  private final Map<String, List<String>> weightVertices = new HashMap<>();
  private final List<LearnedParameter> parameters = new ArrayList<>();

  private GraphTranslator(CaffeModel model) {
    this.model = model;
    this.network = model.network();
    this.graph =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            // Caffe's convolutions round their output size down, as Truncate does.
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder();
  }

  static GraphTranslator translate(CaffeModel model) {
    GraphTranslator translator = new GraphTranslator(model);
    translator.addInput();
    for (CaffeLayer layer : translator.network.layers()) {
      translator.add(layer);
    }
    return translator;
  }

  /** The configuration; its outputs are the vertices nothing reads, the last layer's first. */
  ComputationGraphConfiguration configuration() {
    List<String> outputs = new ArrayList<>();
    List<CaffeLayer> layers = network.layers();
    outputs.add(layers.get(layers.size() - 1).name());
    for (CaffeLayer layer : layers) {
      if (!read.contains(layer.name()) && !outputs.contains(layer.name())) {
        outputs.add(layer.name());
      }
    }
    return graph.setOutputs(outputs.toArray(String[]::new)).build();
  }

  /** The learned values of every parameter of the graph, in DL4J's layouts. */
  List<LearnedParameter> parameters() {
    return List.copyOf(parameters);
  }

  /**
   * Every blob of the network, in Caffe's order: the vertex holding its final value (the last layer
   * that wrote it, as Caffe's {@code net.blobs} holds it), the type of the layer that first
   * produced it and, for Convolution and InnerProduct blobs, the vertices holding their weights.
   */
  List<Blob> blobs() {
    List<Blob> blobs = new ArrayList<>();
    for (String blob : network.blobShapes().keySet()) {
      blobs.add(
          new Blob(
              blob,
              producerType.get(blob),
              latest.get(blob),
              weightVertices.getOrDefault(blob, List.of())));
    }
    return List.copyOf(blobs);
  }

  /** The name of the last layer's top: the network's output. */
  String outputBlob() {
    List<CaffeLayer> layers = network.layers();
    return layers.get(layers.size() - 1).tops().get(0);
  }

  private void addInput() {
    List<CaffeInput> inputs = network.inputs();
    if (inputs.size() != 1) {
      throw new CaffeFormatException(
          "the network has "
              + inputs.size()
              + " inputs "
              + inputs.stream().map(CaffeInput::name).toList()
              + "; a network of one input image is supported");
    }
    CaffeInput input = inputs.get(0);
    if (input.shape().size() != 4) {
      throw new CaffeFormatException(
          "the network's input '"
              + input.name()
              + "' has shape "
              + input.shape()
              + "; an image input is (N, C, H, W)");
    }
    claim(input.name());
    graph.addInputs(input.name());
    latest.put(input.name(), input.name());
    producerType.put(input.name(), "Input");
  }

  private void add(CaffeLayer layer) {
    List<String> inputs = new ArrayList<>();
    for (String bottom : layer.bottoms()) {
      String vertex = latest.get(bottom);
      read.add(vertex);
      inputs.add(vertex);
    }
    List<Integer> in = network.blobShapes().get(layer.bottoms().get(0));
    List<String> weighted = List.of();
    switch (layer.type()) {
      case CONVOLUTION -> weighted = convolution(layer, inputs.get(0), in);
      case POOLING -> pooling(layer, inputs.get(0), in);
      case INNER_PRODUCT -> weighted = innerProduct(layer, inputs.get(0), in);
      case RELU -> {
        float slope = layer.params(LayerParams.ReLU.class).negativeSlope();
        function(layer, inputs, slope == 0 ? new ActivationReLU() : new ActivationLReLU(slope));
      }
      case SIGMOID -> function(layer, inputs, new ActivationSigmoid());
      case TANH -> function(layer, inputs, new ActivationTanH());
      case DROPOUT -> function(layer, inputs, new ActivationIdentity()); // identity at inference
      case LRN -> lrn(layer, inputs.get(0));
      case SOFTMAX -> softmax(layer, inputs.get(0), in);
      case CONCAT -> concat(layer, inputs, in);
      case ELTWISE -> eltwise(layer, inputs);
      case BATCH_NORM -> batchNorm(layer, inputs.get(0), in);
      case SCALE -> scale(layer, inputs.get(0), in);
      case FLATTEN -> flatten(layer, inputs, in);
      case INPUT -> throw new IllegalStateException("Input layers are the network's inputs");
    }
    String top = layer.tops().get(0);
    if (!latest.containsKey(top)) {
      producerType.put(top, layer.type().caffeName());
      weightVertices.put(top, weighted);
    }
    latest.put(top, layer.name());
  }

  private List<String> convolution(CaffeLayer layer, String input, List<Integer> in) {
    LayerParams.Convolution p = layer.params(LayerParams.Convolution.class);
    String name = layer.name();
    int channels = in.get(1);
    int outputs = p.numOutput();
    List<CaffeBlob> blobs = model.weights(name);
    INDArray weights = array(blobs.get(0));
    INDArray bias = p.biasTerm() ? array(blobs.get(1)) : null;
    if (p.group() == 1) {
      addLayer(name, convolutionLayer(p, channels, outputs), null, input);
      setWeightsAndBias(name, weights, bias);
      return List.of(name);
    }
    if (p.group() == channels && outputs == channels) {
      // One filter per channel: DL4J's depthwise convolution, weights (kh, kw, channels, 1).
      addLayer(name, depthwise(p, channels).build(), null, input);
      setWeightsAndBias(name, weights.permute(2, 3, 0, 1), bias);
      return List.of(name);
    }
    List<String> groups = GroupedConvolution.groupNames(name, p.group());
    for (String group : groups) {
      claim(group);
      claim(group + "_input");
    }
    claim(name);
    GroupedConvolution.add(
        graph,
        name,
        input,
        channels,
        outputs,
        p.group(),
        (groupIn, groupOut) -> convolutionLayer(p, groupIn, groupOut));
    int perGroup = outputs / p.group();
    for (int g = 0; g < groups.size(); g++) {
      var rows = interval((long) g * perGroup, (long) (g + 1) * perGroup);
      setWeightsAndBias(groups.get(g), weights.get(rows), bias == null ? null : bias.get(rows));
    }
    return groups;
  }

  private static ConvolutionLayer convolutionLayer(
      LayerParams.Convolution p, int inputs, int outputs) {
    return new ConvolutionLayer.Builder(p.kernelH(), p.kernelW())
        .stride(p.strideH(), p.strideW())
        .padding(p.padH(), p.padW())
        .dilation(p.dilationH(), p.dilationW())
        .dataFormat(CNN2DFormat.NCHW)
        .nIn(inputs)
        .nOut(outputs)
        .hasBias(p.biasTerm())
        .activation(Activation.IDENTITY)
        .build();
  }

  private static DepthwiseConvolution2D.Builder depthwise(LayerParams.Convolution p, int channels) {
    DepthwiseConvolution2D.Builder builder =
        new DepthwiseConvolution2D.Builder()
            .depthMultiplier(1)
            .kernelSize(p.kernelH(), p.kernelW())
            .stride(p.strideH(), p.strideW())
            .padding(p.padH(), p.padW())
            .dataFormat(CNN2DFormat.NCHW);
    builder.setDilation(p.dilationH(), p.dilationW());
    builder.nIn(channels).nOut(channels).hasBias(p.biasTerm()).activation(Activation.IDENTITY);
    return builder;
  }

  private void pooling(CaffeLayer layer, String input, List<Integer> in) {
    LayerParams.Pooling p = layer.params(LayerParams.Pooling.class);
    ExactPooling pooling = exactPooling(p);
    // Unpadded, Caffe keeps a last window wholly past the input, which pools nothing.
    boolean caffeKeepsAnEmptyWindow =
        !p.globalPooling()
            && (pooling.pooledHeight(in.get(2))
                    != LayerParams.Pooling.pooledSize(
                        in.get(2), p.kernelH(), p.strideH(), p.padH(), p.roundMode())
                || pooling.pooledWidth(in.get(3))
                    != LayerParams.Pooling.pooledSize(
                        in.get(3), p.kernelW(), p.strideW(), p.padW(), p.roundMode()));
    if (caffeKeepsAnEmptyWindow) {
      throw unsupported(
          layer,
          "rounds its output up past the input of shape "
              + in
              + ": its last window holds no input value (the stride exceeds the kernel)",
          "pooling whose every window overlaps the input");
    }
    addLayer(layer.name(), pooling, null, input);
  }

  /**
   * Caffe's pooling: the same padding at both sides, averages divided by the window clipped to the
   * padded input.
   */
  static ExactPooling exactPooling(LayerParams.Pooling p) {
    ExactPooling.Method method =
        p.method() == LayerParams.PoolMethod.MAX
            ? ExactPooling.Method.MAX
            : ExactPooling.Method.AVERAGE;
    if (p.globalPooling()) {
      return ExactPooling.global(method);
    }
    return new ExactPooling(
        method,
        new int[] {p.kernelH(), p.kernelW()},
        new int[] {p.strideH(), p.strideW()},
        new int[] {p.padH(), p.padW(), p.padH(), p.padW()},
        p.roundMode() == LayerParams.RoundMode.CEIL,
        ExactPooling.Divisor.PADDED_WINDOW);
  }

  private List<String> innerProduct(CaffeLayer layer, String input, List<Integer> in) {
    LayerParams.InnerProduct p = layer.params(LayerParams.InnerProduct.class);
    if (canonical(p.axis(), in) != 1 || (in.size() != 2 && in.size() != 4)) {
      throw unsupported(
          layer,
          "takes a blob of shape " + in + " from axis " + p.axis(),
          "axis 1 of (N, C) or (N, C, H, W) blobs");
    }
    int inputs = in.subList(1, in.size()).stream().reduce(1, (a, b) -> a * b);
    // (N, C, H, W) flattened channel by channel, then row by row, as Caffe's blobs lie.
    InputPreProcessor flatten =
        in.size() == 4
            ? new CnnToFeedForwardPreProcessor(in.get(2), in.get(3), in.get(1), CNN2DFormat.NCHW)
            : null;
    DenseLayer dense =
        new DenseLayer.Builder()
            .nIn(inputs)
            .nOut(p.numOutput())
            .hasBias(p.biasTerm())
            .activation(Activation.IDENTITY)
            .build();
    addLayer(layer.name(), dense, flatten, input);
    List<CaffeBlob> blobs = model.weights(layer.name());
    // DL4J holds (inputs, outputs); Caffe (outputs, inputs), or (inputs, outputs) if transposed.
    INDArray weights = p.transpose() ? array(blobs.get(0)) : array(blobs.get(0)).transpose();
    setWeightsAndBias(layer.name(), weights, p.biasTerm() ? array(blobs.get(1)) : null);
    return List.of(layer.name());
  }

  private void function(CaffeLayer layer, List<String> inputs, IActivation activation) {
    addLayer(layer.name(), new CopyingActivation(activation), null, inputs.get(0));
  }

  private void lrn(CaffeLayer layer, String input) {
    LayerParams.Lrn p = layer.params(LayerParams.Lrn.class);
    if (p.normRegion() != LayerParams.NormRegion.ACROSS_CHANNELS) {
      throw unsupported(layer, "normalises within channels", "norm_region ACROSS_CHANNELS");
    }
    addLayer(
        layer.name(),
        CaffeLrn.acrossChannels(p.localSize(), p.alpha(), p.beta(), p.k()),
        null,
        input);
  }

  private void softmax(CaffeLayer layer, String input, List<Integer> in) {
    int axis = layer.params(LayerParams.Softmax.class).axis();
    if (canonical(axis, in) != 1) {
      throw unsupported(
          layer, "takes the softmax of a blob of shape " + in + " over axis " + axis, "axis 1");
    }
    addLayer(layer.name(), new ChannelSoftmax(), null, input);
  }

  private void concat(CaffeLayer layer, List<String> inputs, List<Integer> in) {
    int axis = layer.params(LayerParams.Concat.class).axis();
    if (canonical(axis, in) != 1) {
      throw unsupported(
          layer, "joins blobs of shape " + in + " along axis " + axis, "axis 1 (channels)");
    }
    if (inputs.size() == 1) {
      addLayer(layer.name(), new CopyingActivation(new ActivationIdentity()), null, inputs.get(0));
    } else {
      addVertex(layer.name(), new MergeVertex(), inputs);
    }
  }

  private void eltwise(CaffeLayer layer, List<String> inputs) {
    LayerParams.Eltwise p = layer.params(LayerParams.Eltwise.class);
    ElementWiseVertex.Op op =
        switch (p.operation()) {
          case SUM -> ElementWiseVertex.Op.Add;
          case PROD -> ElementWiseVertex.Op.Product;
          case MAX -> ElementWiseVertex.Op.Max;
        };
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      float coefficient = p.coefficients().get(i);
      if (coefficient == 1) {
        terms.add(inputs.get(i));
      } else {
        String scaled = layer.name() + "_coeff" + i;
        addVertex(scaled, new ScaleVertex(coefficient), List.of(inputs.get(i)));
        terms.add(scaled);
      }
    }
    addVertex(layer.name(), new ElementWiseVertex(op), terms);
  }

  private void batchNorm(CaffeLayer layer, String input, List<Integer> in) {
    LayerParams.BatchNorm p = layer.params(LayerParams.BatchNorm.class);
    if (!p.useGlobalStats()) {
      throw unsupported(
          layer,
          "normalises by each batch's own statistics (use_global_stats: false)",
          "the stored statistics (use_global_stats: true, the default of a deploy network)");
    }
    if (in.size() != 2 && in.size() != 4) {
      throw unsupported(layer, "normalises a blob of shape " + in, "(N, C) or (N, C, H, W) blobs");
    }
    int channels = in.get(1);
    BatchNormalization normalization =
        new BatchNormalization.Builder()
            .nIn(channels)
            .nOut(channels)
            .eps(p.eps())
            .useLogStd(false)
            // No learned scale or shift: Caffe's BatchNorm has none (a Scale layer follows).
            .lockGammaBeta(true)
            .gamma(1)
            .beta(0)
            .dataFormat(CNN2DFormat.NCHW)
            .build();
    addLayer(layer.name(), normalization, null, input);
    List<CaffeBlob> blobs = model.weights(layer.name());
    // Caffe stores the statistics multiplied by a factor kept in its third blob.
    float stored = blobs.get(2).data()[0];
    float factor = stored == 0 ? 0 : 1 / stored;
    parameters.add(new LearnedParameter(layer.name(), "mean", array(blobs.get(0)).muli(factor)));
    parameters.add(new LearnedParameter(layer.name(), "var", array(blobs.get(1)).muli(factor)));
  }

  private void scale(CaffeLayer layer, String input, List<Integer> in) {
    LayerParams.Scale p = layer.params(LayerParams.Scale.class);
    List<CaffeBlob> blobs = model.weights(layer.name());
    boolean perChannel =
        layer.bottoms().size() == 1
            && in.size() == 4
            && canonical(p.axis(), in) == 1
            && blobs.get(0).shape().equals(List.of(in.get(1)));
    if (!perChannel) {
      throw unsupported(
          layer,
          "scales a blob of shape "
              + in
              + (layer.bottoms().size() == 2
                  ? " by its second bottom"
                  : " by a learned blob of shape " + blobs.get(0).shape()),
          "a learned scale per channel of an (N, C, H, W) blob (axis 1, num_axes 1)");
    }
    // A per-channel affine map is a 1x1 depthwise convolution: weights (1, 1, channels, 1).
    int channels = in.get(1);
    LayerParams.Convolution oneByOne =
        new LayerParams.Convolution(channels, 1, 1, 1, 1, 0, 0, 1, 1, channels, p.biasTerm(), 1);
    addLayer(layer.name(), depthwise(oneByOne, channels).build(), null, input);
    setWeightsAndBias(layer.name(), array(blobs.get(0)), p.biasTerm() ? array(blobs.get(1)) : null);
  }

  private void flatten(CaffeLayer layer, List<String> inputs, List<Integer> in) {
    LayerParams.Flatten p = layer.params(LayerParams.Flatten.class);
    boolean whole = canonical(p.axis(), in) == 1 && canonical(p.endAxis(), in) == in.size() - 1;
    if (!whole || (in.size() != 2 && in.size() != 4)) {
      throw unsupported(
          layer,
          "flattens axes " + p.axis() + " to " + p.endAxis() + " of a blob of shape " + in,
          "every axis after the batch (axis 1 to -1) of (N, C) or (N, C, H, W) blobs");
    }
    if (in.size() == 2) {
      addLayer(layer.name(), new CopyingActivation(new ActivationIdentity()), null, inputs.get(0));
    } else {
      addVertex(
          layer.name(),
          new PreprocessorVertex(
              new CnnToFeedForwardPreProcessor(in.get(2), in.get(3), in.get(1), CNN2DFormat.NCHW)),
          inputs);
    }
  }

  private void setWeightsAndBias(String vertex, INDArray weights, INDArray bias) {
    parameters.add(new LearnedParameter(vertex, "W", weights));
    if (bias != null) {
      parameters.add(new LearnedParameter(vertex, "b", bias));
    }
  }

  private void addLayer(String name, Layer layer, InputPreProcessor preProcessor, String input) {
    claim(name);
    if (preProcessor == null) {
      graph.addLayer(name, layer, input);
    } else {
      graph.addLayer(name, layer, preProcessor, input);
    }
  }

  private void addVertex(String name, GraphVertex vertex, List<String> inputs) {
    claim(name);
    graph.addVertex(name, vertex, inputs.toArray(String[]::new));
  }

  /**
   * Vertex names are the layers' and the input's names, each taken once: a helper vertex named as a
   * layer is refused when the second of them is added.
   */
  private void claim(String vertex) {
    if (!vertexNames.add(vertex)) {
      throw new CaffeFormatException(
          "the graph needs a vertex named '"
              + vertex
              + "', which another layer or input of the network already names");
    }
  }

  private static INDArray array(CaffeBlob blob) {
    long[] shape = blob.shape().stream().mapToLong(Integer::longValue).toArray();
    return Nd4j.create(blob.data().clone(), shape, 'c');
  }

  private static int canonical(int axis, List<Integer> shape) {
    return axis < 0 ? axis + shape.size() : axis;
  }

  private static CaffeFormatException unsupported(CaffeLayer layer, String what, String supported) {
    return new CaffeFormatException(
        "layer '"
            + layer.name()
            + "' ("
            + layer.type().caffeName()
            + ") "
            + what
            + ", which the graph does not build; supported: "
            + supported);
  }
}
