package dev.convscope.models.onnx;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.convscope.models.Blob;
import dev.convscope.models.graph.ChannelSoftmax;
import dev.convscope.models.graph.Clip;
import dev.convscope.models.graph.ConstantOperand;
import dev.convscope.models.graph.CopyingActivation;
import dev.convscope.models.graph.ExactPooling;
import dev.convscope.models.graph.ExampleReshape;
import dev.convscope.models.graph.GroupedConvolution;
import dev.convscope.models.graph.LearnedParameter;
import dev.convscope.models.onnx.format.OnnxMessages.GraphProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorShapeProto;
import dev.convscope.models.onnx.format.OnnxMessages.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lays an ONNX graph out as a DL4J graph configuration, node by node: constants (initializers,
 * Constant nodes and the plumbing computed from them) are folded at import, and every value
 * computed from the input becomes a vertex and a blob named after it ({@link BlobNames}), with
 * helper vertices (a padding before a convolution, the groups of a grouped convolution) named after
 * the blob. The learned values are kept, in DL4J's layouts, for the graph's parameters.
 */
final class OnnxTranslator {

  /** The operators that become layers, in the order messages list them. */
  static final Set<String> LAYERS =
      new TreeSet<>(
          List.of(
              "Conv",
              "Relu",
              "LeakyRelu",
              "Clip",
              "Sigmoid",
              "Tanh",
              "MaxPool",
              "AveragePool",
              "GlobalAveragePool",
              "GlobalMaxPool",
              "Gemm",
              "MatMul",
              "Add",
              "Sub",
              "Mul",
              "Div",
              "Flatten",
              "Reshape",
              "BatchNormalization",
              "Concat",
              "LRN",
              "Dropout",
              "Softmax",
              "Pad",
              "Identity",
              "Cast",
              "Shape"));

  /** A value computed from the input: the vertex computing it and its shape, batch first. */
  private record Flow(String vertex, long[] shape) {
    int rank() {
      return shape.length;
    }
  }

  private final OnnxModel model;
  private final ConstantFolder folder;
  private final GraphBuilder graph;
  private final BlobNames names = new BlobNames();
  private final Map<String, Constant> constants = new HashMap<>();
  private final Map<String, Flow> flows = new HashMap<>();
  private final Set<String> vertexNames = new HashSet<>();
  private final Set<String> read = new LinkedHashSet<>();
  private final List<String> vertexOrder = new ArrayList<>();
  private final List<Blob> blobs = new ArrayList<>();
  private final List<LearnedParameter> parameters = new ArrayList<>();
  private String inputName;
  private long[] inputShape;
  private boolean imageSizeStated;

  private OnnxTranslator(OnnxModel model) {
    this.model = model;
    this.folder = new ConstantFolder(model.opset());
    this.graph =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            // Padding is explicit; ONNX's convolutions round their output size down, as Truncate.
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder();
  }

  /**
   * @param size the height and width of an input that leaves them symbolic, from the upload
   */
  static OnnxTranslator translate(OnnxModel model, Optional<int[]> size) {
    OnnxTranslator translator = new OnnxTranslator(model);
    GraphProto proto = model.graph();
    proto
        .getInitializerList()
        .forEach(
            t ->
                translator.constants.put(
                    t.getName(), Tensors.read(t, "initializer '" + t.getName() + "'")));
    List<Node> nodes = NodeOrder.sort(proto);
    translator.addInput(size);
    for (Node node : nodes) {
      translator.add(node);
    }
    return translator;
  }

  /** The configuration; its outputs are the graph's outputs, then the vertices nothing reads. */
  ComputationGraphConfiguration configuration() {
    Set<String> outputs = new LinkedHashSet<>();
    for (ValueInfoProto output : model.graph().getOutputList()) {
      outputs.add(outputFlow(output.getName()).vertex());
    }
    for (String vertex : vertexOrder) {
      if (!read.contains(vertex)) {
        outputs.add(vertex);
      }
    }
    return graph.setOutputs(outputs.toArray(String[]::new)).build();
  }

  List<LearnedParameter> parameters() {
    return List.copyOf(parameters);
  }

  /** Every value computed from the input, the input first, in graph order. */
  List<Blob> blobs() {
    return List.copyOf(blobs);
  }

  /** The blob of every value computed from the input, by the value's ONNX name. */
  Map<String, String> blobNames() {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    flows.forEach((value, flow) -> names.put(value, flow.vertex()));
    return names;
  }

  /** The blob of the graph's first output. */
  String outputBlob() {
    String vertex = outputFlow(model.graph().getOutput(0).getName()).vertex();
    return blobs.stream().filter(b -> b.vertex().equals(vertex)).findFirst().orElseThrow().name();
  }

  /** The input's name and shape (N, C, H, W), its height and width resolved. */
  String inputName() {
    return inputName;
  }

  long[] inputShape() {
    return inputShape.clone();
  }

  /** Whether the file states the input's height and width, rather than leaving them symbolic. */
  boolean imageSizeStated() {
    return imageSizeStated;
  }

  private Flow outputFlow(String name) {
    Flow flow = flows.get(name);
    if (flow == null) {
      throw new OnnxFormatException(
          "the graph's output '"
              + name
              + "' is "
              + (constants.containsKey(name) ? "a constant" : "not computed")
              + "; an output is computed from the input image");
    }
    return flow;
  }

  private void addInput(Optional<int[]> size) {
    Set<String> initializers = new HashSet<>(constants.keySet());
    List<ValueInfoProto> inputs =
        model.graph().getInputList().stream()
            .filter(v -> !initializers.contains(v.getName()))
            .toList();
    if (inputs.size() != 1) {
      throw new OnnxFormatException(
          "the graph has "
              + inputs.size()
              + " inputs "
              + inputs.stream().map(ValueInfoProto::getName).toList()
              + "; a graph of one input image is supported");
    }
    ValueInfoProto input = inputs.get(0);
    String name = input.getName();
    if (!input.getType().hasTensorType()
        || input.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxFormatException(
          "the graph's input '" + name + "' is not a tensor of floats; an image input is FLOAT");
    }
    List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
    if (dims.size() != 4) {
      throw new OnnxFormatException(
          "the graph's input '"
              + name
              + "' has "
              + dims.size()
              + " axes; an image input is (N, C, H, W)");
    }
    if (!dims.get(1).hasDimValue()) {
      throw new OnnxFormatException(
          "the graph's input '"
              + name
              + "' leaves its channels symbolic ('"
              + dims.get(1).getDimParam()
              + "'); the channels of an image input are a number");
    }
    long[] shape = new long[4];
    shape[0] = dims.get(0).hasDimValue() ? dims.get(0).getDimValue() : 1;
    shape[1] = dims.get(1).getDimValue();
    for (int axis = 2; axis < 4; axis++) {
      TensorShapeProto.Dimension dim = dims.get(axis);
      if (dim.hasDimValue()) {
        shape[axis] = dim.getDimValue();
      } else if (size.isPresent()) {
        shape[axis] = size.get()[axis - 2];
      } else {
        throw new OnnxFormatException(
            "the graph's input '"
                + name
                + "' has a symbolic "
                + (axis == 2 ? "height" : "width")
                + " ('"
                + dim.getDimParam()
                + "'); give the height and width of its images with the model");
      }
      if (shape[axis] < 1) {
        throw new OnnxFormatException(
            "the graph's input '" + name + "' has shape " + Arrays.toString(shape));
      }
    }
    String blob = names.ofInput(name);
    claim(blob);
    graph.addInputs(blob);
    flows.put(name, new Flow(blob, shape));
    blobs.add(new Blob(blob, "Input", blob, List.of()));
    inputName = name;
    inputShape = shape;
    imageSizeStated = dims.get(2).hasDimValue() && dims.get(3).hasDimValue();
  }

  private void add(Node node) {
    if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
      throw new OnnxFormatException(
          node.describe()
              + " is of operator domain '"
              + node.domain()
              + "'; supported: the standard operators (domain \"\"): "
              + supported());
    }
    boolean computed = false;
    List<Constant> known = new ArrayList<>();
    for (String input : node.inputs()) {
      if (input.isEmpty()) {
        known.add(null);
      } else if (flows.containsKey(input)) {
        computed = true;
        known.add(null);
      } else if (constants.containsKey(input)) {
        known.add(constants.get(input));
      } else {
        throw new OnnxFormatException(
            node.describe()
                + " reads '"
                + input
                + "', an output the import does not compute (such as a second output of"
                + " Dropout, MaxPool or BatchNormalization)");
      }
    }
    if (!computed && ConstantFolder.FOLDED.contains(node.op())) {
      constants.put(node.outputs().get(0), folder.fold(node, known));
      return;
    }
    if (node.op().equals("Shape")) {
      // The shape of a computed value is known at import: a constant.
      constants.put(
          node.outputs().get(0), ConstantFolder.shape(node, flow(node, 0).shape().clone()));
      return;
    }
    if (!LAYERS.contains(node.op())) {
      throw new OnnxFormatException(
          "operator "
              + node.op()
              + " of "
              + node.describe()
              + " is not supported; supported: "
              + supported());
    }
    if (!computed) {
      throw node.unsupported(
          "computes from constants only, which the import cannot fold",
          "constant " + String.join(", ", new TreeSet<>(ConstantFolder.FOLDED)));
    }
    String output = node.outputs().get(0);
    String blob = names.ofOutput(node.name(), output);
    Step step = layer(node, blob);
    flows.put(output, new Flow(blob, step.shape()));
    blobs.add(new Blob(blob, node.op(), blob, step.parameterVertices()));
  }

  /** The vertices a node became: the output's shape, and the vertices holding its weights. */
  private record Step(long[] shape, List<String> parameterVertices) {
    Step(long[] shape) {
      this(shape, List.of());
    }
  }

  private Step layer(Node node, String blob) {
    return switch (node.op()) {
      case "Conv" -> convolution(node, blob);
      case "Relu" -> activation(node, blob, new ActivationReLU());
      case "LeakyRelu" -> activation(node, blob, new ActivationLReLU(node.real("alpha", 0.01f)));
      case "Sigmoid" -> activation(node, blob, new ActivationSigmoid());
      case "Tanh" -> activation(node, blob, new ActivationTanH());
      case "Clip" -> clip(node, blob);
      case "Dropout" -> dropout(node, blob);
      case "Identity" -> activation(node, blob, new ActivationIdentity());
      case "Cast" -> cast(node, blob);
      case "MaxPool" -> pooling(node, blob, ExactPooling.Method.MAX);
      case "AveragePool" -> pooling(node, blob, ExactPooling.Method.AVERAGE);
      case "GlobalAveragePool" -> globalPooling(node, blob, ExactPooling.Method.AVERAGE);
      case "GlobalMaxPool" -> globalPooling(node, blob, ExactPooling.Method.MAX);
      case "Gemm" -> gemm(node, blob);
      case "MatMul" -> matMul(node, blob);
      case "Add", "Sub", "Mul", "Div" -> arithmetic(node, blob);
      case "Flatten" -> flatten(node, blob);
      case "Reshape" -> reshape(node, blob);
      case "BatchNormalization" -> batchNormalization(node, blob);
      case "Concat" -> concat(node, blob);
      case "LRN" -> lrn(node, blob);
      case "Softmax" -> softmax(node, blob);
      case "Pad" -> pad(node, blob);
      default -> throw new IllegalStateException(node.op() + " is listed but not built");
    };
  }

  private Step convolution(Node node, String blob) {
    Flow x = image(node);
    Constant weights = constant(node, 1, "its weights");
    Optional<Constant> bias = optionalConstant(node, 2, "its bias");
    if (weights.rank() != 4) {
      throw node.unsupported(
          "has weights of shape " + Arrays.toString(weights.shape()),
          "2-D convolutions, weights (M, C / group, kh, kw)");
    }
    int channels = (int) x.shape()[1];
    int outputs = (int) weights.shape()[0];
    int groups = (int) node.integer("group", 1);
    if (groups < 1
        || channels % groups != 0
        || outputs % groups != 0
        || weights.shape()[1] != channels / groups) {
      throw node.unsupported(
          "has weights of shape "
              + Arrays.toString(weights.shape())
              + " for "
              + channels
              + " input channels in "
              + groups
              + " groups",
          "weights (M, C / group, kh, kw) with C and M divisible by group");
    }
    if (bias.isPresent() && bias.get().count() != outputs) {
      throw node.unsupported(
          "has a bias of shape " + Arrays.toString(bias.get().shape()),
          "one bias per output channel (" + outputs + ")");
    }
    int[] kernel = {(int) weights.shape()[2], (int) weights.shape()[3]};
    int[] stride = ints(node, "strides", 1);
    int[] dilation = ints(node, "dilations", 1);
    int[] extent = {(kernel[0] - 1) * dilation[0] + 1, (kernel[1] - 1) * dilation[1] + 1};
    int[] pads = pads(node, x, extent, stride);
    long height = (x.shape()[2] + pads[0] + pads[2] - extent[0]) / stride[0] + 1;
    long width = (x.shape()[3] + pads[1] + pads[3] - extent[1]) / stride[1] + 1;
    if (height < 1 || width < 1) {
      throw node.unsupported(
          "has a kernel larger than its padded input " + Arrays.toString(x.shape()),
          "kernels that fit the input");
    }
    String input = x.vertex();
    int[] padding = {pads[0], pads[1]};
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
      // DL4J pads both sides alike: uneven padding is a layer of its own before the convolution.
      input = addLayer(blob + "#pad", zeroPadding(pads), input);
      padding = new int[] {0, 0};
    }
    INDArray w = weights.array();
    INDArray b = bias.map(Constant::array).orElse(null);
    int[] p = padding;
    List<String> parameterVertices;
    if (groups == 1) {
      addLayer(blob, convolution(kernel, stride, p, dilation, channels, outputs, b), input);
      setWeightsAndBias(blob, w, b);
      parameterVertices = List.of(blob);
    } else if (groups == channels) {
      // One group per channel: DL4J's depthwise convolution, weights (kh, kw, C, multiplier).
      int multiplier = outputs / channels;
      DepthwiseConvolution2D.Builder depthwise =
          new DepthwiseConvolution2D.Builder()
              .depthMultiplier(multiplier)
              .kernelSize(kernel)
              .stride(stride)
              .padding(p)
              .dataFormat(CNN2DFormat.NCHW);
      depthwise.setDilation(dilation);
      depthwise.nIn(channels).nOut(outputs).hasBias(b != null).activation(Activation.IDENTITY);
      addLayer(blob, depthwise.build(), input);
      INDArray layout = w.reshape('c', channels, multiplier, kernel[0], kernel[1]);
      setWeightsAndBias(blob, layout.permute(2, 3, 0, 1).dup('c'), b);
      parameterVertices = List.of(blob);
    } else {
      List<String> groupNames = GroupedConvolution.groupNames(blob, groups);
      for (String group : groupNames) {
        claim(group);
        claim(group + "_input");
      }
      claim(blob);
      vertexOrder.add(blob);
      read.add(input);
      GroupedConvolution.add(
          graph,
          blob,
          input,
          channels,
          outputs,
          groups,
          (in, out) -> convolution(kernel, stride, p, dilation, in, out, b));
      int perGroup = outputs / groups;
      for (int g = 0; g < groups; g++) {
        var rows = interval((long) g * perGroup, (long) (g + 1) * perGroup);
        setWeightsAndBias(groupNames.get(g), w.get(rows), b == null ? null : b.get(rows));
      }
      parameterVertices = groupNames;
    }
    return new Step(new long[] {x.shape()[0], outputs, height, width}, parameterVertices);
  }

  private static ConvolutionLayer convolution(
      int[] kernel, int[] stride, int[] padding, int[] dilation, int in, int out, INDArray bias) {
    return new ConvolutionLayer.Builder(kernel)
        .stride(stride)
        .padding(padding)
        .dilation(dilation)
        .dataFormat(CNN2DFormat.NCHW)
        .nIn(in)
        .nOut(out)
        .hasBias(bias != null)
        .activation(Activation.IDENTITY)
        .build();
  }

  private static ZeroPaddingLayer zeroPadding(int[] pads) {
    // ONNX's order is top, left, bottom, right; DL4J's top, bottom, left, right.
    return new ZeroPaddingLayer.Builder(pads[0], pads[2], pads[1], pads[3])
        .dataFormat(CNN2DFormat.NCHW)
        .build();
  }

  /** The padding of a 2-D window: top, left, bottom, right. */
  private int[] pads(Node node, Flow x, int[] extent, int[] stride) {
    long[] explicit = node.integers("pads", new long[4]);
    if (explicit.length != 4) {
      throw node.unsupported("has pads " + Arrays.toString(explicit), "four pads of a 2-D window");
    }
    String autoPad = node.text("auto_pad", "NOTSET");
    int[] pads = new int[4];
    for (int axis = 0; axis < 2; axis++) {
      int[] beginEnd =
          Shapes.padding(
              node,
              autoPad,
              explicit,
              axis,
              2,
              (int) x.shape()[axis + 2],
              extent[axis],
              stride[axis]);
      if (beginEnd[0] < 0 || beginEnd[1] < 0) {
        throw node.unsupported("has negative pads " + Arrays.toString(explicit), "pads ≥ 0");
      }
      pads[axis] = beginEnd[0];
      pads[axis + 2] = beginEnd[1];
    }
    return pads;
  }

  private static int[] ints(Node node, String attribute, int fallback) {
    long[] values = node.integers(attribute, new long[] {fallback, fallback});
    if (values.length != 2 || values[0] < 1 || values[1] < 1) {
      throw node.unsupported(
          "has " + attribute + " " + Arrays.toString(values), "two positive " + attribute);
    }
    return new int[] {(int) values[0], (int) values[1]};
  }

  private Step activation(Node node, String blob, IActivation activation) {
    Flow x = flow(node, 0);
    addLayer(blob, new CopyingActivation(activation), x.vertex());
    return new Step(x.shape());
  }

  private Step clip(Node node, String blob) {
    Flow x = flow(node, 0);
    float min;
    float max;
    if (model.opset() < 11) {
      min = node.real("min", -Float.MAX_VALUE);
      max = node.real("max", Float.MAX_VALUE);
    } else {
      min =
          optionalConstant(node, 1, "its min")
              .map(c -> (float) c.single("min"))
              .orElse(-Float.MAX_VALUE);
      max =
          optionalConstant(node, 2, "its max")
              .map(c -> (float) c.single("max"))
              .orElse(Float.MAX_VALUE);
    }
    addLayer(blob, new Clip(min, max), x.vertex());
    return new Step(x.shape());
  }

  private Step dropout(Node node, String blob) {
    Optional<Constant> training = optionalConstant(node, 2, "its training_mode");
    if (training.isPresent() && training.get().single("training_mode") != 0) {
      throw node.unsupported("drops values (training_mode true)", "Dropout at inference");
    }
    return activation(node, blob, new ActivationIdentity());
  }

  private Step cast(Node node, String blob) {
    if (node.integer("to", 0) != TensorProto.DataType.FLOAT_VALUE) {
      throw node.unsupported(
          "casts an image value to type " + node.integer("to", 0),
          "Cast of computed values to FLOAT (the identity)");
    }
    return activation(node, blob, new ActivationIdentity());
  }

  private Step pooling(Node node, String blob, ExactPooling.Method method) {
    Flow x = image(node);
    long[] kernelShape = node.integers("kernel_shape", new long[0]);
    if (kernelShape.length != 2) {
      throw node.unsupported(
          "has kernel_shape " + Arrays.toString(kernelShape), "2-D pooling windows");
    }
    int[] kernel = {(int) kernelShape[0], (int) kernelShape[1]};
    int[] stride = ints(node, "strides", 1);
    int[] dilation = ints(node, "dilations", 1);
    if (dilation[0] != 1 || dilation[1] != 1) {
      throw node.unsupported(
          "has dilations " + Arrays.toString(dilation), "pooling without dilations");
    }
    int[] pads = pads(node, x, kernel, stride);
    for (int axis = 0; axis < 2; axis++) {
      if (pads[axis] >= kernel[axis] || pads[axis + 2] >= kernel[axis]) {
        throw node.unsupported(
            "pads " + Arrays.toString(pads) + " a window of " + Arrays.toString(kernel),
            "pads smaller than the window");
      }
    }
    boolean ceil = node.integer("ceil_mode", 0) == 1;
    ExactPooling.Divisor divisor =
        node.integer("count_include_pad", 0) == 1
            ? ExactPooling.Divisor.PADDED_WINDOW
            : ExactPooling.Divisor.INPUT_ONLY;
    ExactPooling pooling = new ExactPooling(method, kernel, stride, pads, ceil, divisor);
    int height = pooling.pooledHeight((int) x.shape()[2]);
    int width = pooling.pooledWidth((int) x.shape()[3]);
    if (height < 1 || width < 1) {
      throw node.unsupported(
          "has a window larger than its padded input " + Arrays.toString(x.shape()),
          "windows that fit the input");
    }
    addLayer(blob, pooling, x.vertex());
    return new Step(new long[] {x.shape()[0], x.shape()[1], height, width});
  }

  private Step globalPooling(Node node, String blob, ExactPooling.Method method) {
    Flow x = image(node);
    addLayer(blob, ExactPooling.global(method), x.vertex());
    return new Step(new long[] {x.shape()[0], x.shape()[1], 1, 1});
  }

  private Step gemm(Node node, String blob) {
    Flow a = matrix(node);
    Constant b = constant(node, 1, "its B");
    if (node.integer("transA", 0) != 0) {
      throw node.unsupported("transposes its input (transA 1)", "transA 0");
    }
    if (b.rank() != 2) {
      throw node.unsupported(
          "multiplies by B of shape " + Arrays.toString(b.shape()), "a matrix B");
    }
    // DL4J holds dense weights as (inputs, outputs): B, or B transposed when transB is set.
    INDArray weights = b.array();
    if (node.integer("transB", 0) == 1) {
      weights = weights.transpose().dup('c');
    }
    weights.muli(node.real("alpha", 1f));
    int outputs = (int) weights.size(1);
    checkInputs(node, a, weights);
    Optional<Constant> c = optionalConstant(node, 2, "its C");
    INDArray bias = null;
    if (c.isPresent()) {
      long[] shape = c.get().shape();
      long last = shape.length == 0 ? 1 : shape[shape.length - 1];
      boolean perOutput = c.get().count() == 1 || (c.get().count() == outputs && last == outputs);
      if (!perOutput) {
        throw node.unsupported(
            "adds C of shape " + Arrays.toString(shape),
            "C of one value or one per output (" + outputs + ")");
      }
      float beta = node.real("beta", 1f);
      float[] values = new float[outputs];
      for (int i = 0; i < outputs; i++) {
        values[i] = (float) c.get().values()[c.get().count() == 1 ? 0 : i] * beta;
      }
      bias = org.nd4j.linalg.factory.Nd4j.create(values, new long[] {1, outputs}, 'c');
    }
    return dense(blob, a, weights, bias);
  }

  private Step matMul(Node node, String blob) {
    Flow a = matrix(node);
    Constant b = constant(node, 1, "its second input");
    if (b.rank() != 2) {
      throw node.unsupported(
          "multiplies by a constant of shape " + Arrays.toString(b.shape()),
          "MatMul of an (N, K) value by a constant (K, M) matrix");
    }
    INDArray weights = b.array();
    checkInputs(node, a, weights);
    return dense(blob, a, weights, null);
  }

  private static void checkInputs(Node node, Flow a, INDArray weights) {
    if (weights.size(0) != a.shape()[1]) {
      throw node.unsupported(
          "multiplies a value of shape "
              + Arrays.toString(a.shape())
              + " by weights of shape "
              + Arrays.toString(weights.shape())
              + " (inputs, outputs)",
          "weights whose inputs match the value's " + a.shape()[1]);
    }
  }

  private Step dense(String blob, Flow a, INDArray weights, INDArray bias) {
    DenseLayer dense =
        new DenseLayer.Builder()
            .nIn(weights.size(0))
            .nOut(weights.size(1))
            .hasBias(bias != null)
            .activation(Activation.IDENTITY)
            .build();
    addLayer(blob, dense, a.vertex());
    setWeightsAndBias(blob, weights, bias);
    return new Step(new long[] {a.shape()[0], weights.size(1)}, List.of(blob));
  }

  private Step arithmetic(Node node, String blob) {
    Optional<Flow> first = optionalFlow(node, 0);
    Optional<Flow> second = optionalFlow(node, 1);
    if (first.isPresent() && second.isPresent()) {
      return elementWise(node, blob, first.get(), second.get());
    }
    boolean flowFirst = first.isPresent();
    Flow x = flowFirst ? first.get() : second.get();
    Constant c = constant(node, flowFirst ? 1 : 0, "its constant operand");
    long[] shape = Constant.padded(c.shape(), x.rank());
    boolean fits = c.rank() <= x.rank() && shape[0] == 1;
    for (int i = 1; i < shape.length && fits; i++) {
      fits = shape[i] == 1 || shape[i] == x.shape()[i];
    }
    if (!fits) {
      throw node.unsupported(
          "combines a value of shape "
              + Arrays.toString(x.shape())
              + " with a constant of shape "
              + Arrays.toString(c.shape()),
          "constants that broadcast over the value without enlarging it, one for all examples");
    }
    float[] values = c.floats();
    float[] none = new float[0];
    ConstantOperand operand =
        switch (node.op()) {
          case "Add" -> new ConstantOperand(shape, none, values);
          case "Mul" -> new ConstantOperand(shape, values, none);
          case "Sub" ->
              flowFirst
                  ? new ConstantOperand(shape, none, negated(values))
                  : new ConstantOperand(shape, filled(values.length, -1), values);
          case "Div" -> {
            if (!flowFirst) {
              throw node.unsupported(
                  "divides a constant by a computed value", "division by a constant");
            }
            yield new ConstantOperand(shape, reciprocals(values), none);
          }
          default -> throw new IllegalStateException(node.op());
        };
    addLayer(blob, operand, x.vertex());
    return new Step(x.shape());
  }

  private Step elementWise(Node node, String blob, Flow a, Flow b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw node.unsupported(
          "combines values of shapes "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape()),
          "two computed values of the same shape");
    }
    ElementWiseVertex.Op op =
        switch (node.op()) {
          case "Add" -> ElementWiseVertex.Op.Add;
          case "Sub" -> ElementWiseVertex.Op.Subtract;
          case "Mul" -> ElementWiseVertex.Op.Product;
          default ->
              throw node.unsupported(
                  "divides two computed values", "Add, Sub and Mul of two computed values");
        };
    addVertex(blob, new ElementWiseVertex(op), List.of(a.vertex(), b.vertex()));
    return new Step(a.shape());
  }

  private static float[] negated(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = -values[i];
    }
    return out;
  }

  private static float[] reciprocals(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 1 / values[i];
    }
    return out;
  }

  private static float[] filled(int count, float value) {
    float[] out = new float[count];
    Arrays.fill(out, value);
    return out;
  }

  private Step flatten(Node node, String blob) {
    Flow x = flow(node, 0);
    long axis = node.integer("axis", 1);
    if ((axis < 0 ? axis + x.rank() : axis) != 1) {
      throw node.unsupported(
          "flattens a value of shape " + Arrays.toString(x.shape()) + " from axis " + axis,
          "axis 1: every axis after the batch");
    }
    long[] example = {Constant.product(x.shape(), 1, x.rank())};
    return reshapeTo(blob, x, example);
  }

  private Step reshape(Node node, String blob) {
    Flow x = flow(node, 0);
    if (node.input(1).isPresent() && flows.containsKey(node.input(1).get())) {
      throw node.unsupported(
          "takes its shape from a value computed from the image, which cannot be folded to a"
              + " constant",
          "a shape that is constant, or computed by Shape, Gather, Unsqueeze, Concat, Cast and"
              + " arithmetic from constants and the values' known shapes");
    }
    long[] target = constant(node, 1, "its shape").longs();
    long[] shape = Shapes.reshaped(node, x.shape(), target, node.integer("allowzero", 0) == 1);
    if (shape.length < 2 || shape[0] != x.shape()[0]) {
      throw node.unsupported(
          "reshapes "
              + Arrays.toString(x.shape())
              + " to "
              + Arrays.toString(shape)
              + ", moving values between the examples of a batch",
          "shapes that keep the batch axis first");
    }
    return reshapeTo(blob, x, Arrays.copyOfRange(shape, 1, shape.length));
  }

  private Step reshapeTo(String blob, Flow x, long[] example) {
    addLayer(blob, new ExampleReshape(example), x.vertex());
    long[] shape = new long[example.length + 1];
    shape[0] = x.shape()[0];
    System.arraycopy(example, 0, shape, 1, example.length);
    return new Step(shape);
  }

  private Step batchNormalization(Node node, String blob) {
    Flow x = flow(node, 0);
    if (x.rank() != 2 && x.rank() != 4) {
      throw node.unsupported(
          "normalises a value of shape " + Arrays.toString(x.shape()), "(N, C) or (N, C, H, W)");
    }
    if (node.integer("training_mode", 0) != 0) {
      throw node.unsupported(
          "normalises by each batch's own statistics (training_mode 1)",
          "the stored statistics (inference)");
    }
    int channels = (int) x.shape()[1];
    String[] keys = {"gamma", "beta", "mean", "var"};
    String[] what = {"its scale", "its bias", "its mean", "its variance"};
    for (int i = 0; i < 4; i++) {
      Constant values = constant(node, i + 1, what[i]);
      if (values.count() != channels) {
        throw node.unsupported(
            "has " + values.count() + " values as " + what[i],
            "one per channel (" + channels + ")");
      }
      parameters.add(
          new LearnedParameter(blob, keys[i], values.reshape(new long[] {channels}).array()));
    }
    BatchNormalization normalization =
        new BatchNormalization.Builder()
            .nIn(channels)
            .nOut(channels)
            .eps(node.real("epsilon", 1e-5f))
            // The variances are stored as they are, not as log standard deviations.
            .useLogStd(false)
            .dataFormat(CNN2DFormat.NCHW)
            .build();
    addLayer(blob, normalization, x.vertex());
    return new Step(x.shape());
  }

  private Step concat(Node node, String blob) {
    List<Flow> parts = new ArrayList<>();
    for (int i = 0; i < node.inputs().size(); i++) {
      if (!flows.containsKey(node.inputs().get(i))) {
        throw node.unsupported(
            "joins a constant '" + node.inputs().get(i) + "' with computed values",
            "Concat of computed values, or of constants");
      }
      parts.add(flows.get(node.inputs().get(i)));
    }
    Flow first = parts.get(0);
    int axis = ConstantFolder.axis(node, node.integer("axis", 1), first.rank());
    long channels = 0;
    for (Flow part : parts) {
      long[] a = part.shape().clone();
      long[] b = first.shape().clone();
      channels += part.rank() > 1 ? a[1] : 0;
      if (part.rank() != first.rank()) {
        throw node.unsupported("joins values of different ranks", "values of one rank");
      }
      a[1] = 0;
      b[1] = 0;
      if (!Arrays.equals(a, b)) {
        throw node.unsupported(
            "joins values of shapes "
                + parts.stream().map(p -> Arrays.toString(p.shape())).toList(),
            "values that differ in their channels only");
      }
    }
    if (axis != 1 || (first.rank() != 2 && first.rank() != 4)) {
      throw node.unsupported(
          "joins values of shape " + Arrays.toString(first.shape()) + " along axis " + axis,
          "axis 1 (channels) of (N, C) or (N, C, H, W) values");
    }
    if (parts.size() == 1) {
      addLayer(blob, new CopyingActivation(new ActivationIdentity()), first.vertex());
    } else {
      addVertex(blob, new MergeVertex(), parts.stream().map(Flow::vertex).toList());
    }
    long[] shape = first.shape().clone();
    shape[1] = channels;
    return new Step(shape);
  }

  private Step lrn(Node node, String blob) {
    Flow x = image(node);
    long size = node.integer("size", 0);
    if (size < 1 || size % 2 == 0) {
      throw node.unsupported("sums over " + size + " channels", "an odd size");
    }
    // ONNX's and Caffe's LRN: x / (bias + alpha / size · Σ x²)^beta; DL4J's alpha is not divided.
    LocalResponseNormalization lrn =
        new LocalResponseNormalization.Builder()
            .n(size)
            .alpha(node.real("alpha", 1e-4f) / (double) size)
            .beta(node.real("beta", 0.75f))
            .k(node.real("bias", 1f))
            .build();
    addLayer(blob, lrn, x.vertex());
    return new Step(x.shape());
  }

  private Step softmax(Node node, String blob) {
    Flow x = flow(node, 0);
    boolean coerced = model.opset() < 13;
    long axis = node.integer("axis", coerced ? 1 : -1);
    long resolved = axis < 0 ? axis + x.rank() : axis;
    // Before operator set 13 a softmax at axis 1 runs over every axis from 1 on together: the
    // channels alone only when the others are ones.
    boolean channels =
        resolved == 1
            && (!coerced || Constant.product(x.shape(), 2, x.rank()) == 1)
            && x.rank() >= 2;
    if (!channels) {
      throw node.unsupported(
          "takes the softmax of a value of shape "
              + Arrays.toString(x.shape())
              + " over axis "
              + axis
              + (coerced ? " (operator set " + model.opset() + ": every axis from it on)" : ""),
          "a softmax over the channels (axis 1)");
    }
    addLayer(blob, new ChannelSoftmax(), x.vertex());
    return new Step(x.shape());
  }

  private Step pad(Node node, String blob) {
    Flow x = image(node);
    String mode = node.text("mode", "constant");
    if (!mode.equals("constant")) {
      throw node.unsupported("pads in mode " + mode, "mode constant, with zeros");
    }
    long[] pads;
    double value;
    if (model.opset() < 11) {
      pads = node.integers("pads", new long[0]);
      value = node.real("value", 0f);
    } else {
      pads = constant(node, 1, "its pads").longs();
      value =
          optionalConstant(node, 2, "its constant_value").map(c -> c.single("value")).orElse(0.0);
    }
    if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
      throw node.unsupported(
          "pads " + Arrays.toString(pads) + " a value of shape " + Arrays.toString(x.shape()),
          "padding of height and width only");
    }
    if (value != 0) {
      throw node.unsupported("pads with " + value, "padding with zeros");
    }
    for (long pad : pads) {
      if (pad < 0) {
        throw node.unsupported("crops (negative pads " + Arrays.toString(pads) + ")", "pads ≥ 0");
      }
    }
    int[] padding = {(int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]};
    addLayer(blob, zeroPadding(padding), x.vertex());
    long[] shape = x.shape().clone();
    shape[2] += pads[2] + pads[6];
    shape[3] += pads[3] + pads[7];
    return new Step(shape);
  }

  private Flow flow(Node node, int index) {
    return optionalFlow(node, index)
        .orElseThrow(
            () ->
                node.unsupported(
                    "takes a constant as input " + index, "a value computed from the image"));
  }

  private Optional<Flow> optionalFlow(Node node, int index) {
    Optional<Flow> flow = node.input(index).map(flows::get);
    flow.ifPresent(f -> read.add(f.vertex()));
    return flow;
  }

  /** A computed (N, C, H, W) value. */
  private Flow image(Node node) {
    Flow x = flow(node, 0);
    if (x.rank() != 4) {
      throw node.unsupported(
          "takes a value of shape " + Arrays.toString(x.shape()), "(N, C, H, W) values");
    }
    return x;
  }

  /** A computed (N, K) value. */
  private Flow matrix(Node node) {
    Flow x = flow(node, 0);
    if (x.rank() != 2) {
      throw node.unsupported(
          "multiplies a value of shape " + Arrays.toString(x.shape()),
          "(N, K) values (a Flatten or Reshape before it)");
    }
    return x;
  }

  private Constant constant(Node node, int index, String what) {
    return optionalConstant(node, index, what)
        .orElseThrow(() -> node.unsupported("has no constant as " + what, what + " a constant"));
  }

  private Optional<Constant> optionalConstant(Node node, int index, String what) {
    Optional<String> input = node.input(index);
    if (input.isPresent() && flows.containsKey(input.get())) {
      throw node.unsupported(
          "takes " + what + " from '" + input.get() + "', computed from the image",
          what + " a constant (an initializer or folded from constants)");
    }
    return input.map(constants::get);
  }

  private void setWeightsAndBias(String vertex, INDArray weights, INDArray bias) {
    parameters.add(new LearnedParameter(vertex, "W", weights));
    if (bias != null) {
      parameters.add(new LearnedParameter(vertex, "b", bias));
    }
  }

  private String addLayer(String name, Layer layer, String input) {
    claim(name);
    vertexOrder.add(name);
    read.add(input);
    graph.addLayer(name, layer, input);
    return name;
  }

  private void addVertex(String name, GraphVertex vertex, List<String> inputs) {
    claim(name);
    vertexOrder.add(name);
    read.addAll(inputs);
    graph.addVertex(name, vertex, inputs.toArray(String[]::new));
  }

  /** Each vertex name once: a blob's name, or a helper vertex named after its blob. */
  private void claim(String vertex) {
    if (!vertexNames.add(vertex)) {
      throw new OnnxFormatException(
          "the graph needs a vertex named '"
              + vertex
              + "', which another value of the model already names");
    }
  }

  private static String supported() {
    return String.join(", ", LAYERS)
        + "; folded from constants: "
        + String.join(", ", new TreeSet<>(ConstantFolder.FOLDED));
  }
}
