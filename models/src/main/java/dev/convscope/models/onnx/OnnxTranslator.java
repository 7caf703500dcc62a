package dev.convscope.models.onnx;

import dev.convscope.models.Blob;
import dev.convscope.models.graph.ExactPooling;
import dev.convscope.models.graph.LearnedParameter;
import dev.convscope.models.onnx.format.OnnxMessages.GraphProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorShapeProto;
import dev.convscope.models.onnx.format.OnnxMessages.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * Lays an ONNX graph out as a DL4J graph configuration, node by node: constants (initializers,
 * Constant nodes and the plumbing computed from them) are folded at import, and every value
 * computed from the input becomes a vertex and a blob named after it ({@link BlobNames}), with
 * helper vertices (a padding before a convolution, the groups of a grouped convolution) named after
 * the blob. Each family of operators is laid out by a class of its own ({@link Convolutions},
 * {@link Poolings}, {@link DenseLayers}, {@link Arithmetic}, {@link Reshapes}, {@link
 * Normalisations}, {@link Activations}) into the {@link GraphAssembly}, which keeps the learned
 * values, in DL4J's layouts, for the graph's parameters.
 */
final class OnnxTranslator {

  /** The operators that become layers, in alphabetical order for messages. */
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

  private final OnnxModel model;
  private final ConstantFolder folder;
  private final GraphAssembly out = new GraphAssembly();
  private final BlobNames names = new BlobNames();
  private final Map<String, Constant> constants = new HashMap<>();
  private final Map<String, Flow> flows = new HashMap<>();
  private final List<Blob> blobs = new ArrayList<>();
  private String inputName;
  private long[] inputShape;
  private boolean imageSizeStated;

  private OnnxTranslator(OnnxModel model) {
    this.model = model;
    this.folder = new ConstantFolder(model.opset());
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
      try {
        translator.add(node);
      } catch (IndexOutOfBoundsException | NullPointerException e) {
        // A node without an input or output its operator needs: the file is malformed.
        throw new OnnxFormatException(
            node.describe() + " lacks an input, output or attribute its operator needs", e);
      }
    }
    return translator;
  }

  /** The configuration; its outputs are the graph's outputs, then the vertices nothing reads. */
  ComputationGraphConfiguration configuration() {
    List<String> outputs = new ArrayList<>();
    for (ValueInfoProto output : model.graph().getOutputList()) {
      outputs.add(outputFlow(output.getName()).vertex());
    }
    return out.configuration(outputs);
  }

  List<LearnedParameter> parameters() {
    return out.parameters();
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
    out.addInput(blob);
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
          node.outputs().get(0),
          ConstantFolder.shape(node, flows.get(node.inputs().get(0)).shape()));
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
    Built built = layer(node, blob);
    flows.put(output, new Flow(blob, built.shape()));
    blobs.add(new Blob(blob, node.op(), blob, built.parameterVertices()));
  }

  private Built layer(Node node, String blob) {
    NodeInputs in = new NodeInputs(node, model.opset(), flows, constants);
    return switch (node.op()) {
      case "Conv" -> Convolutions.convolution(in, blob, out);
      case "Relu" -> Activations.activation(in, blob, out, new ActivationReLU());
      case "LeakyRelu" ->
          Activations.activation(in, blob, out, new ActivationLReLU(node.real("alpha", 0.01f)));
      case "Sigmoid" -> Activations.activation(in, blob, out, new ActivationSigmoid());
      case "Tanh" -> Activations.activation(in, blob, out, new ActivationTanH());
      case "Clip" -> Activations.clip(in, blob, out);
      case "Dropout" -> Activations.dropout(in, blob, out);
      case "Identity" -> Activations.activation(in, blob, out, new ActivationIdentity());
      case "Cast" -> Activations.cast(in, blob, out);
      case "MaxPool" -> Poolings.pooling(in, blob, out, ExactPooling.Method.MAX);
      case "AveragePool" -> Poolings.pooling(in, blob, out, ExactPooling.Method.AVERAGE);
      case "GlobalAveragePool" ->
          Poolings.globalPooling(in, blob, out, ExactPooling.Method.AVERAGE);
      case "GlobalMaxPool" -> Poolings.globalPooling(in, blob, out, ExactPooling.Method.MAX);
      case "Gemm" -> DenseLayers.gemm(in, blob, out);
      case "MatMul" -> DenseLayers.matMul(in, blob, out);
      case "Add", "Sub", "Mul", "Div" -> Arithmetic.arithmetic(in, blob, out);
      case "Flatten" -> Reshapes.flatten(in, blob, out);
      case "Reshape" -> Reshapes.reshape(in, blob, out);
      case "Concat" -> Reshapes.concat(in, blob, out);
      case "Pad" -> Reshapes.pad(in, blob, out);
      case "BatchNormalization" -> Normalisations.batchNormalization(in, blob, out);
      case "LRN" -> Normalisations.lrn(in, blob, out);
      case "Softmax" -> Normalisations.softmax(in, blob, out);
      default -> throw new IllegalStateException(node.op() + " is listed but not built");
    };
  }

  private static String supported() {
    return String.join(", ", LAYERS)
        + "; folded from constants: "
        + String.join(", ", new TreeSet<>(ConstantFolder.FOLDED));
  }
}
