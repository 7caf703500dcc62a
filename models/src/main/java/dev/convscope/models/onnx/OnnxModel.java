package dev.convscope.models.onnx;

import dev.convscope.models.onnx.format.OnnxMessages.GraphProto;

/**
 * An ONNX model file as read: its graph and the version of the standard operator set its nodes are
 * defined by.
 *
 * @param opset the version of the default ("" or "ai.onnx") operator set, 9 to 17
 * @param producer who wrote the file ("pytorch 1.13.0"), for messages; empty when unknown
 */
public record OnnxModel(GraphProto graph, int opset, String producer) {}
