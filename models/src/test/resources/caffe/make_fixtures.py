"""Writes the small Caffe files the models module's tests read.

Run from the repository root, with Debian's python3-protobuf and python3-numpy:

    /usr/bin/python3 models/src/test/resources/caffe/make_fixtures.py

It writes, next to itself:

* tiny_net.prototxt, tiny_net.caffemodel: a tiny network in the current format (``layer``):
  Input, Convolution (group 2, pad 1, stride 2), ReLU in place, Pooling MAX whose output size
  Caffe rounds up, LRN, InnerProduct, Softmax. The caffemodel is laid out as Caffe saves a
  trained net: the training layers (a Data layer, a loss layer, one layer the deploy net leaves
  out, learning-rate settings) around the same layers, with blobs in the ``shape`` form.
* tiny_net_v1.prototxt, tiny_net_v1.caffemodel: the same network in the V1 format (``layers``,
  enum types, input with input_dim) as the 2014 BVLC reference CaffeNet, blobs with the old four
  numbers (num, channels, height, width); one bias is stored as double_data.
* tiny_mean.binaryproto: a 4 x 15 x 15 mean image, a BlobProto with the four numbers.
* synset_words.txt: five labels in synset_words.txt form.
* expected.json: what the tests compare with: a few values and the sum of every blob, the
  mean's channel averages and the labels.

The weights are seeded, so a rerun writes the same files. The messages are built from
descriptors written here from the field numbers of Caffe's format (a superset of what the
Java reader models, so the files also carry fields it has to skip).
"""

import json
from pathlib import Path

import numpy as np
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, text_format

HERE = Path(__file__).resolve().parent
PACKAGE = "fixtures.caffe"
SEED = 20260517

FD = descriptor_pb2.FieldDescriptorProto
SCALARS = {
    "int32": FD.TYPE_INT32,
    "int64": FD.TYPE_INT64,
    "uint32": FD.TYPE_UINT32,
    "float": FD.TYPE_FLOAT,
    "double": FD.TYPE_DOUBLE,
    "bool": FD.TYPE_BOOL,
    "string": FD.TYPE_STRING,
}

# Enums (top level here; only value names and numbers reach the files).
ENUMS = {
    "Phase": [("TRAIN", 0), ("TEST", 1)],
    "PoolMethod": [("MAX", 0), ("AVE", 1), ("STOCHASTIC", 2)],
    "DB": [("LEVELDB", 0), ("LMDB", 1)],
    "V1LayerType": [
        ("NONE", 0), ("CONCAT", 3), ("CONVOLUTION", 4), ("DATA", 5), ("DROPOUT", 6),
        ("FLATTEN", 8), ("INNER_PRODUCT", 14), ("LRN", 15), ("POOLING", 17), ("RELU", 18),
        ("SIGMOID", 19), ("SOFTMAX", 20), ("SOFTMAX_LOSS", 21), ("TANH", 23), ("ELTWISE", 25),
    ],
}

# Messages: (label, type, name, number[, "packed"]).
MESSAGES = {
    "BlobShape": [("repeated", "int64", "dim", 1, "packed")],
    "BlobProto": [
        ("optional", "int32", "num", 1),
        ("optional", "int32", "channels", 2),
        ("optional", "int32", "height", 3),
        ("optional", "int32", "width", 4),
        ("repeated", "float", "data", 5, "packed"),
        ("repeated", "float", "diff", 6, "packed"),
        ("optional", "BlobShape", "shape", 7),
        ("repeated", "double", "double_data", 8, "packed"),
    ],
    "FillerParameter": [
        ("optional", "string", "type", 1),
        ("optional", "float", "value", 2),
        ("optional", "float", "std", 6),
    ],
    "ParamSpec": [
        ("optional", "string", "name", 1),
        ("optional", "float", "lr_mult", 3),
        ("optional", "float", "decay_mult", 4),
    ],
    "NetStateRule": [("optional", "Phase", "phase", 1)],
    "InputParameter": [("repeated", "BlobShape", "shape", 1)],
    "DataParameter": [
        ("optional", "string", "source", 1),
        ("optional", "uint32", "batch_size", 4),
        ("optional", "DB", "backend", 8),
    ],
    "ConvolutionParameter": [
        ("optional", "uint32", "num_output", 1),
        ("optional", "bool", "bias_term", 2),
        ("repeated", "uint32", "pad", 3),
        ("repeated", "uint32", "kernel_size", 4),
        ("optional", "uint32", "group", 5),
        ("repeated", "uint32", "stride", 6),
        ("optional", "FillerParameter", "weight_filler", 7),
        ("optional", "FillerParameter", "bias_filler", 8),
    ],
    "PoolingParameter": [
        ("optional", "PoolMethod", "pool", 1),
        ("optional", "uint32", "kernel_size", 2),
        ("optional", "uint32", "stride", 3),
    ],
    "LRNParameter": [
        ("optional", "uint32", "local_size", 1),
        ("optional", "float", "alpha", 2),
        ("optional", "float", "beta", 3),
    ],
    "InnerProductParameter": [
        ("optional", "uint32", "num_output", 1),
        ("optional", "FillerParameter", "weight_filler", 3),
        ("optional", "FillerParameter", "bias_filler", 4),
    ],
    "LayerParameter": [
        ("optional", "string", "name", 1),
        ("optional", "string", "type", 2),
        ("repeated", "string", "bottom", 3),
        ("repeated", "string", "top", 4),
        ("repeated", "ParamSpec", "param", 6),
        ("repeated", "BlobProto", "blobs", 7),
        ("repeated", "NetStateRule", "include", 8),
        ("optional", "Phase", "phase", 10),
        ("optional", "ConvolutionParameter", "convolution_param", 106),
        ("optional", "DataParameter", "data_param", 107),
        ("optional", "InnerProductParameter", "inner_product_param", 117),
        ("optional", "LRNParameter", "lrn_param", 118),
        ("optional", "PoolingParameter", "pooling_param", 121),
        ("optional", "InputParameter", "input_param", 143),
    ],
    "V1LayerParameter": [
        ("repeated", "string", "bottom", 2),
        ("repeated", "string", "top", 3),
        ("optional", "string", "name", 4),
        ("optional", "V1LayerType", "type", 5),
        ("repeated", "BlobProto", "blobs", 6),
        ("repeated", "float", "blobs_lr", 7),
        ("repeated", "float", "weight_decay", 8),
        ("optional", "ConvolutionParameter", "convolution_param", 10),
        ("optional", "DataParameter", "data_param", 11),
        ("optional", "InnerProductParameter", "inner_product_param", 17),
        ("optional", "LRNParameter", "lrn_param", 18),
        ("optional", "PoolingParameter", "pooling_param", 19),
        ("repeated", "NetStateRule", "include", 32),
    ],
    "NetParameter": [
        ("optional", "string", "name", 1),
        ("repeated", "V1LayerParameter", "layers", 2),
        ("repeated", "string", "input", 3),
        ("repeated", "int32", "input_dim", 4),
        ("repeated", "LayerParameter", "layer", 100),
    ],
}


def build_messages():
    """The message classes of the schema above, by name."""
    file = descriptor_pb2.FileDescriptorProto(
        name="fixtures/caffe.proto", package=PACKAGE, syntax="proto2")
    for name, values in ENUMS.items():
        enum = file.enum_type.add(name=name)
        for value, number in values:
            enum.value.add(name=value, number=number)
    for name, fields in MESSAGES.items():
        message = file.message_type.add(name=name)
        for label, kind, field_name, number, *options in fields:
            field = message.field.add(name=field_name, number=number)
            field.label = FD.LABEL_REPEATED if label == "repeated" else FD.LABEL_OPTIONAL
            if kind in SCALARS:
                field.type = SCALARS[kind]
            else:
                field.type = FD.TYPE_ENUM if kind in ENUMS else FD.TYPE_MESSAGE
                field.type_name = "." + PACKAGE + "." + kind
            if "packed" in options:
                field.options.packed = True
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    get_class = getattr(message_factory, "GetMessageClass", None)
    factory = None if get_class else message_factory.MessageFactory(pool)
    classes = {}
    for name in MESSAGES:
        descriptor = pool.FindMessageTypeByName(PACKAGE + "." + name)
        classes[name] = get_class(descriptor) if get_class else factory.GetPrototype(descriptor)
    return classes


DEPLOY = """\
# A tiny network with the layers of CaffeNet's first block.
name: "TinyNet"
layer {
  name: "data"
  type: "Input"
  top: "data"
  input_param { shape: { dim: 1 dim: 4 dim: 15 dim: 15 } }
}
layer {
  name: "conv1"
  type: "Convolution"
  bottom: "data"
  top: "conv1"
  param { lr_mult: 1 decay_mult: 1 }
  param { lr_mult: 2 decay_mult: 0 }
  convolution_param {
    num_output: 6
    kernel_size: 3
    stride: 2
    pad: 1
    group: 2
    weight_filler { type: "gaussian" std: 0.01 }
    bias_filler { type: "constant" value: 0 }
  }
}
layer {
  name: "relu1"
  type: "ReLU"
  bottom: "conv1"
  top: "conv1"
}
layer {
  name: "pool1"
  type: "Pooling"
  bottom: "conv1"
  top: "pool1"
  pooling_param { pool: MAX kernel_size: 3 stride: 2 }
}
layer {
  name: "norm1"
  type: "LRN"
  bottom: "pool1"
  top: "norm1"
  lrn_param { local_size: 3 alpha: 0.0001 beta: 0.75 }
}
layer {
  name: "fc2"
  type: "InnerProduct"
  bottom: "norm1"
  top: "fc2"
  inner_product_param {
    num_output: 5
    weight_filler { type: "gaussian" std: 0.005 }
  }
}
layer {
  name: "prob"
  type: "Softmax"
  bottom: "fc2"
  top: "prob"
}
"""

DEPLOY_V1 = """\
# The same network as a 2014 V1 file: net-level input, enum types.
name: "TinyNet"
input: "data"
input_dim: 1
input_dim: 4
input_dim: 15
input_dim: 15
layers {
  name: "conv1"
  type: CONVOLUTION
  bottom: "data"
  top: "conv1"
  blobs_lr: 1
  blobs_lr: 2
  weight_decay: 1
  weight_decay: 0
  convolution_param {
    num_output: 6
    kernel_size: 3
    stride: 2
    pad: 1
    group: 2
  }
}
layers {
  name: "relu1"
  type: RELU
  bottom: "conv1"
  top: "conv1"
}
layers {
  name: "pool1"
  type: POOLING
  bottom: "conv1"
  top: "pool1"
  pooling_param { pool: MAX kernel_size: 3 stride: 2 }
}
layers {
  name: "norm1"
  type: LRN
  bottom: "pool1"
  top: "norm1"
  lrn_param { local_size: 3 alpha: 0.0001 beta: 0.75 }
}
layers {
  name: "fc2"
  type: INNER_PRODUCT
  bottom: "norm1"
  top: "fc2"
  inner_product_param { num_output: 5 }
}
layers {
  name: "prob"
  type: SOFTMAX
  bottom: "fc2"
  top: "prob"
}
"""

# Every learned blob: conv1 (6 outputs, 4 inputs in 2 groups, 3x3), fc2 (5 outputs from the
# 6 x 4 x 4 LRN output: pool1 rounds (8 - 3) / 2 + 1 up to 4).
SHAPES = {
    "conv1": [(6, 2, 3, 3), (6,)],
    "fc2": [(5, 96), (5,)],
    "fc_extra": [(3, 5)],
}

LABELS = [
    "n01440764 tench, Tinca tinca",
    "n01443537 goldfish, Carassius auratus",
    "n01484850 great white shark, white shark, man-eater, man-eating shark, "
    "Carcharodon carcharias",
    "n01491361 tiger shark, Galeocerdo cuvieri",
    "n01494475 hammerhead, hammerhead shark",
]


def seeded_weights():
    rng = np.random.default_rng(SEED)
    return {
        layer: [(rng.standard_normal(shape) * 0.1).astype(np.float32) for shape in shapes]
        for layer, shapes in SHAPES.items()
    }


def legacy_dims(shape):
    """Caffe's old four numbers: the shape aligned to the last four axes, 1 before."""
    padded = (1,) * (4 - len(shape)) + tuple(shape)
    return dict(zip(("num", "channels", "height", "width"), padded))


def current_caffemodel(m, weights):
    """The trained net as Caffe saves it: training layers around the deploy ones, with blobs."""
    deploy = text_format.Parse(DEPLOY, m["NetParameter"]())
    net = m["NetParameter"](name=deploy.name)
    text_format.Parse(
        'name: "data" type: "Data" top: "data" top: "label" include { phase: TRAIN }'
        ' data_param { source: "train_lmdb" batch_size: 8 backend: LMDB }',
        net.layer.add())
    for layer in deploy.layer:
        if layer.type not in ("Input", "Softmax"):
            net.layer.add().CopyFrom(layer)
    extra = net.layer.add(name="fc_extra", type="InnerProduct", bottom=["fc2"], top=["fc_extra"])
    extra.inner_product_param.num_output = 3
    net.layer.add(name="loss", type="SoftmaxWithLoss", bottom=["fc2", "label"], top=["loss"])
    for layer in net.layer:
        layer.phase = 0  # TRAIN
        for values in weights.get(layer.name, []):
            blob = layer.blobs.add()
            blob.shape.dim.extend(values.shape)
            blob.data.extend(values.ravel().tolist())
    return net


def v1_caffemodel(m, weights):
    """The 2014 layout: V1 layers, blobs with (num, channels, height, width), one as doubles."""
    deploy = text_format.Parse(DEPLOY_V1, m["NetParameter"]())
    net = m["NetParameter"](name=deploy.name)
    text_format.Parse(
        'name: "data" type: DATA top: "data" top: "label" include { phase: TRAIN }'
        ' data_param { source: "train_leveldb" batch_size: 8 }',
        net.layers.add())
    for layer in deploy.layers:
        if layer.name != "prob":
            net.layers.add().CopyFrom(layer)
    net.layers.add(name="loss", type=21, bottom=["fc2", "label"], top=["loss"])  # SOFTMAX_LOSS
    for layer in net.layers:
        for index, values in enumerate(weights.get(layer.name, [])):
            blob = layer.blobs.add(**legacy_dims(values.shape))
            as_doubles = layer.name == "fc2" and index == 1
            target = blob.double_data if as_doubles else blob.data
            target.extend(values.ravel().tolist())
    return net


def mean_blob(m):
    rng = np.random.default_rng(SEED + 1)
    values = rng.uniform(0, 255, size=(4, 15, 15)).astype(np.float32)
    blob = m["BlobProto"](num=1, channels=4, height=15, width=15)
    blob.data.extend(values.ravel().tolist())
    return blob, values


def summary(values):
    flat = [float(v) for v in values.ravel()]
    return {"shape": list(values.shape), "first": flat[:3], "last": flat[-1], "sum": sum(flat)}


def check(m, weights):
    """The files hold what the tests rely on."""
    current = m["NetParameter"].FromString((HERE / "tiny_net.caffemodel").read_bytes())
    types = [layer.type for layer in text_format.Parse(DEPLOY, m["NetParameter"]()).layer]
    assert types == ["Input", "Convolution", "ReLU", "Pooling", "LRN", "InnerProduct", "Softmax"]
    assert [len(layer.blobs) for layer in current.layer if layer.name == "fc_extra"] == [1]
    v1 = m["NetParameter"].FromString((HERE / "tiny_net_v1.caffemodel").read_bytes())
    assert not v1.layer and len(v1.layers) == 7
    conv1 = next(layer for layer in v1.layers if layer.name == "conv1")
    assert not conv1.blobs[0].HasField("shape") and conv1.blobs[0].num == 6
    fc2 = next(layer for layer in v1.layers if layer.name == "fc2")
    assert list(fc2.blobs[1].double_data) == weights["fc2"][1].tolist()
    # pool1: 8 x 8 input, kernel 3, stride 2: Caffe rounds 2.5 windows up, flooring would not.
    assert int(np.ceil((8 - 3) / 2)) + 1 == 4 and (8 - 3) // 2 + 1 == 3


def main():
    m = build_messages()
    weights = seeded_weights()
    (HERE / "tiny_net.prototxt").write_text(DEPLOY)
    (HERE / "tiny_net_v1.prototxt").write_text(DEPLOY_V1)
    (HERE / "tiny_net.caffemodel").write_bytes(
        current_caffemodel(m, weights).SerializeToString())
    (HERE / "tiny_net_v1.caffemodel").write_bytes(v1_caffemodel(m, weights).SerializeToString())
    blob, mean = mean_blob(m)
    (HERE / "tiny_mean.binaryproto").write_bytes(blob.SerializeToString())
    (HERE / "synset_words.txt").write_text("\n".join(LABELS) + "\n")
    expected = {
        "weights": {
            layer: [summary(values) for values in blobs] for layer, blobs in weights.items()
        },
        "mean": {
            "shape": list(mean.shape),
            "first": [float(v) for v in mean.ravel()[:3]],
            "channel_means": [float(np.mean(channel, dtype=np.float64)) for channel in mean],
        },
        "labels": [line.split(" ", 1) for line in LABELS],
    }
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    check(m, weights)


if __name__ == "__main__":
    main()
