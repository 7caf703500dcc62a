package dev.convscope.models.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.convscope.models.onnx.format.OnnxMessages.AttributeProto;
import dev.convscope.models.onnx.format.OnnxMessages.GraphProto;
import dev.convscope.models.onnx.format.OnnxMessages.ModelProto;
import dev.convscope.models.onnx.format.OnnxMessages.NodeProto;
import dev.convscope.models.onnx.format.OnnxMessages.OperatorSetIdProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ONNX model file (a serialized ModelProto) and checks what every later step relies on: a
 * graph, the standard operator set at a version from {@value #MIN_OPSET} to {@value #MAX_OPSET},
 * and every tensor's values inside the file.
 */
public final class OnnxModelReader {

  public static final int MIN_OPSET = 9;
  public static final int MAX_OPSET = 17;

  private OnnxModelReader() {}

  public static OnnxModel read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * Reads a model from a stream (not closed).
   *
   * @throws OnnxFormatException when the bytes are not a model (truncated, corrupt, of another
   *     format) or not one the import takes (operator set, external data, sparse tensors)
   */
  public static OnnxModel read(InputStream in) throws IOException {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(
          "the file is not an ONNX model (a ModelProto): " + e.getMessage(), e);
    }
    return check(model);
  }

  /** Reads a model held in memory. */
  public static OnnxModel parse(byte[] bytes) {
    try {
      return read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory", e);
    }
  }

  private static OnnxModel check(ModelProto model) {
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxFormatException(
          "the file holds no ONNX graph"
              + (model.hasIrVersion() ? "" : " (and no IR version: it is not an ONNX model)"));
    }
    int opset = standardOpset(model);
    GraphProto graph = model.getGraph();
    if (graph.getOutputCount() == 0) {
      throw new OnnxFormatException("the graph has no outputs; a model outputs at least one value");
    }
    if (graph.getSparseInitializerCount() > 0) {
      throw new OnnxFormatException(
          "the graph has "
              + graph.getSparseInitializerCount()
              + " sparse initializers; only dense initializers are supported");
    }
    for (TensorProto tensor : graph.getInitializerList()) {
      checkInside(tensor, "initializer '" + tensor.getName() + "'");
    }
    for (NodeProto node : graph.getNodeList()) {
      for (AttributeProto attribute : node.getAttributeList()) {
        if (attribute.hasT()) {
          checkInside(
              attribute.getT(), Node.describe(node) + "'s attribute " + attribute.getName());
        }
      }
    }
    String producer = (model.getProducerName() + " " + model.getProducerVersion()).strip();
    return new OnnxModel(graph, opset, producer);
  }

  /** The version of the default operator set, which must be one the import knows. */
  private static int standardOpset(ModelProto model) {
    List<Long> versions = new ArrayList<>();
    for (OperatorSetIdProto set : model.getOpsetImportList()) {
      if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
        versions.add(set.getVersion());
      }
    }
    if (versions.size() != 1) {
      throw new OnnxFormatException(
          "the model imports the standard operator set (domain \"\") "
              + versions.size()
              + " times; it imports it once, at a version from "
              + MIN_OPSET
              + " to "
              + MAX_OPSET);
    }
    long version = versions.get(0);
    if (version < MIN_OPSET || version > MAX_OPSET) {
      throw new OnnxFormatException(
          "the model uses operator set version "
              + version
              + "; supported: versions "
              + MIN_OPSET
              + " to "
              + MAX_OPSET
              + " (export again with opset_version in that range)");
    }
    return (int) version;
  }

  /** Values kept in a file beside the model cannot be read from an upload of one file. */
  private static void checkInside(TensorProto tensor, String what) {
    if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL
        || tensor.getExternalDataCount() > 0) {
      throw new OnnxFormatException(
          what
              + " keeps its values in an external file"
              + tensor.getExternalDataList().stream()
                  .filter(e -> e.getKey().equals("location"))
                  .map(e -> " ('" + e.getValue() + "')")
                  .findFirst()
                  .orElse("")
              + "; external data is not supported: save the model with its weights inside"
              + " (onnx.save_model(model, path, save_as_external_data=False))");
    }
  }
}
