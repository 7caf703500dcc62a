package dev.convscope.models.onnx;

import dev.convscope.models.onnx.format.OnnxMessages.AttributeProto;
import dev.convscope.models.onnx.format.OnnxMessages.GraphProto;
import dev.convscope.models.onnx.format.OnnxMessages.ModelProto;
import dev.convscope.models.onnx.format.OnnxMessages.NodeProto;
import dev.convscope.models.onnx.format.OnnxMessages.OperatorSetIdProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorShapeProto;
import dev.convscope.models.onnx.format.OnnxMessages.TypeProto;
import dev.convscope.models.onnx.format.OnnxMessages.ValueInfoProto;
import java.util.List;

/** Small ONNX models written with our own messages, for the tests of single operators. */
final class TinyModels {

  private TinyModels() {}

  /** A model of that graph at that operator set version, as a file's bytes. */
  static byte[] model(int opset, GraphProto graph) {
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("convscope-tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  /** A graph of an input "x" of that shape, the nodes and initializers, output "y". */
  static GraphProto graph(long[] input, List<NodeProto> nodes, List<TensorProto> initializers) {
    return GraphProto.newBuilder()
        .setName("tiny")
        .addInput(value("x", input))
        .addAllNode(nodes)
        .addAllInitializer(initializers)
        .addOutput(ValueInfoProto.newBuilder().setName("y"))
        .build();
  }

  static ValueInfoProto value(String name, long[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (long dim : shape) {
      dims.addDim(
          dim < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("size" + dims.getDimCount())
              : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(dims)))
        .build();
  }

  static NodeProto node(
      String op, String name, List<String> inputs, String output, AttributeProto... attributes) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addOutput(output)
        .addAllAttribute(List.of(attributes))
        .build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  static AttributeProto text(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
        .build();
  }

  /** A float initializer in float_data. */
  static TensorProto floats(String name, long[] shape, float... values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long dim : shape) {
      tensor.addDims(dim);
    }
    for (float value : values) {
      tensor.addFloatData(value);
    }
    return tensor.build();
  }

  /** An int64 initializer in int64_data. */
  static TensorProto longs(String name, long... values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    return tensor.build();
  }
}
