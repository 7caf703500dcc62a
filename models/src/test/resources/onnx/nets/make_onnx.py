"""Writes small ONNX models exported by PyTorch, with PyTorch's value of every value, for the tests.

Run from the repository root, with Debian's python3-torch (1.13), python3-numpy and python3-onnx:

    /usr/bin/python3 models/src/test/resources/onnx/nets/make_onnx.py

For each network NAME it writes, next to itself:

* NAME.onnx: the seeded torch module as ``torch.onnx.export`` writes it, at the opset listed below
  (batch normalisation kept as BatchNormalization with ``training=TrainingMode.PRESERVE`` and the
  module in eval mode; exported in EVAL mode torch folds it into the convolution before it).
* NAME.input.npy: the input, one image already preprocessed, (1, C, H, W) float32.
* NAME.blobs.npz: the value of every tensor the graph computes from its input, under its ONNX
  name, in graph order, starting with the input: the values are computed by running the file's
  nodes one by one with torch's operators (``evaluate`` below), and checked against the module
  itself: every leaf module's output (taken with a forward hook) must be the value of the last node
  exported under its name, and the graph's output the module's output.

The networks, the same five as caffe/nets/ and one more for the operators they leave out:

* alexnet_like, opset 9: grouped convolutions, LRN, MaxPool rounded up (opset 9 has no ceil_mode:
  torch writes the rounding as extra end padding, so the pads are asymmetric), Flatten, Gemm,
  Dropout, Softmax.
* vgg_like, opset 13: padded and dilated convolutions, AveragePool with ceil_mode after a Pad (how
  torch writes count_include_pad), Tanh, MaxPool with ceil_mode, GlobalAveragePool, Softmax over
  the channels of an (N, C, 1, 1) value, Flatten.
* resnet_like, opset 13: BatchNormalization (its parameters passed through Identity nodes, as torch
  writes them in PRESERVE mode), Add of two branches, Sigmoid, Mul of two values,
  GlobalAveragePool, Flatten, Gemm, Softmax.
* squeeze_like, opset 13, exported with a symbolic batch, height and width: Concat of two and
  three values, LeakyRelu, and ``x.view(x.size(0), -1)``, which torch writes as
  Shape/Gather/Unsqueeze/Concat computing Reshape's shape.
* mobilenet_like, opset 17: depthwise convolutions (one dilated, one with bias, one with two
  filters per channel), BatchNormalization, ReLU6 as Clip, LeakyRelu, Softmax.
* extras_like, opset 11: Pad with uneven pads, Mul and Add by constants, Sub and Div by constants,
  a Mul by the channel count (Shape/Gather/Cast), Sigmoid, Tanh, AveragePool with ceil_mode and
  without the padding counted, MatMul with Add, Gemm, Softmax. Its Pad's pads are computed by
  ConstantOfShape/Slice/Transpose/Reshape/Cast from constants, as torch writes F.pad.

LRN and Dropout are written by two small autograd functions whose symbolic is the ONNX operator:
torch's own LocalResponseNorm exports as pooling arithmetic, and its dropout in eval mode as
nothing at all.
"""

import io
import math
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper
from torch.onnx._globals import GLOBALS

HERE = Path(__file__).resolve().parent
SEED = 20261203


class LrnFunction(torch.autograd.Function):
    """torch's local_response_norm (Caffe's and ONNX's formula for odd sizes), exported as LRN."""

    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        return F.local_response_norm(x, size, alpha, beta, k)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, k):
        return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


class Lrn(nn.Module):
    def __init__(self, size, alpha, beta, k):
        super().__init__()
        self.settings = (size, alpha, beta, k)

    def forward(self, x):
        return LrnFunction.apply(x, *self.settings)


class DropoutFunction(torch.autograd.Function):
    """Dropout at inference (the identity), exported as the Dropout node a trained model keeps."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def symbolic(g, x):
        if GLOBALS.export_onnx_opset_version < 12:
            return g.op("Dropout", x, ratio_f=0.5)
        return g.op("Dropout", x, g.op("Constant", value_t=torch.tensor(0.5)))


class Dropout(nn.Module):
    def forward(self, x):
        return DropoutFunction.apply(x)


class AlexNetLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 5, stride=2)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.norm1 = Lrn(5, 0.3, 0.75, 2.0)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1, groups=2)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.norm2 = Lrn(3, 0.1, 0.75, 1.0)
        self.conv3 = nn.Conv2d(32, 24, 3, padding=1, groups=2)
        self.pool3 = nn.MaxPool2d(2, 2, padding=1, ceil_mode=True)
        self.flatten = nn.Flatten()
        self.fc6 = nn.Linear(24 * 2 * 2, 64)
        self.relu6 = nn.ReLU()
        self.drop6 = Dropout()
        self.fc7 = nn.Linear(64, 48)
        self.relu7 = nn.ReLU()
        self.drop7 = Dropout()
        self.fc8 = nn.Linear(48, 16)
        self.prob = nn.Softmax(dim=1)

    def forward(self, x):
        x = self.norm1(self.pool1(self.relu1(self.conv1(x))))
        x = self.norm2(self.pool2(self.relu2(self.conv2(x))))
        x = self.flatten(self.pool3(self.conv3(x)))
        x = self.drop6(self.relu6(self.fc6(x)))
        x = self.drop7(self.relu7(self.fc7(x)))
        return self.prob(self.fc8(x))


class VggLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=2, dilation=2), nn.ReLU(),
            nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=True),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding=1), nn.Tanh(),
            nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=True),
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(3, 2, ceil_mode=True),
            nn.Conv2d(16, 10, 1),
            nn.AdaptiveAvgPool2d(1))
        self.prob = nn.Softmax(dim=1)
        self.flat = nn.Flatten()

    def forward(self, x):
        return self.flat(self.prob(self.features(x)))


def conv_bn(inputs, outputs, kernel, stride=1, padding=0, groups=1, dilation=1):
    return nn.Sequential(
        nn.Conv2d(inputs, outputs, kernel, stride, padding, dilation, groups, bias=False),
        nn.BatchNorm2d(outputs))


class ResNetLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8, 3, padding=1)
        self.stem_relu = nn.ReLU()
        self.block1 = nn.Sequential(conv_bn(8, 8, 3, padding=1), nn.ReLU(),
                                    conv_bn(8, 8, 3, padding=1))
        self.block1_relu = nn.ReLU()
        self.down = conv_bn(8, 16, 1, stride=2)
        self.block2 = nn.Sequential(conv_bn(8, 16, 3, stride=2, padding=1), nn.ReLU(),
                                    conv_bn(16, 16, 3, padding=1))
        self.block2_relu = nn.ReLU()
        self.gate = nn.Conv2d(16, 16, 1)
        self.gate_sigmoid = nn.Sigmoid()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 16)
        self.prob = nn.Softmax(dim=1)
        # Left at scale 1 and shift 0: torch writes equal initializers once, passing the one
        # through Identity nodes to the others.
        for normalisation in (self.down[1], self.block2[2][1]):
            normalisation.keep_affine = True

    def forward(self, x):
        x = self.stem_relu(self.stem(x))
        x = self.block1_relu(x + self.block1(x))
        x = self.block2_relu(self.down(x) + self.block2(x))
        x = x * self.gate_sigmoid(self.gate(x))
        return self.prob(self.fc(self.flatten(self.pool(x))))


class Fire(nn.Module):
    def __init__(self, inputs, squeeze, expand, keep_squeeze=False):
        super().__init__()
        self.squeeze = nn.Conv2d(inputs, squeeze, 1)
        self.squeeze_relu = nn.ReLU()
        self.expand1x1 = nn.Conv2d(squeeze, expand, 1)
        self.expand1x1_relu = nn.ReLU()
        self.expand3x3 = nn.Conv2d(squeeze, expand, 3, padding=1)
        self.expand3x3_relu = nn.ReLU()
        self.keep_squeeze = keep_squeeze

    def forward(self, x):
        s = self.squeeze_relu(self.squeeze(x))
        parts = [self.expand1x1_relu(self.expand1x1(s)), self.expand3x3_relu(self.expand3x3(s))]
        return torch.cat(parts + ([s] if self.keep_squeeze else []), 1)


class SqueezeLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, stride=2)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.fire2 = Fire(16, 4, 8)
        self.fire3 = Fire(16, 4, 8, keep_squeeze=True)
        self.conv10 = nn.Conv2d(20, 12, 1)
        self.relu10 = nn.LeakyReLU(0.1)
        self.pool10 = nn.AdaptiveAvgPool2d(1)
        self.prob = nn.Softmax(dim=1)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool10(self.relu10(self.conv10(self.fire3(self.fire2(x)))))
        return self.prob(x.view(x.size(0), -1))


class MobileNetLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn(3, 8, 3, stride=2, padding=1), nn.ReLU6(),
            conv_bn(8, 8, 3, padding=1, groups=8), nn.ReLU6(),
            conv_bn(8, 16, 1), nn.ReLU(),
            nn.Conv2d(16, 16, 3, 2, 1, groups=16), nn.LeakyReLU(0.1),
            nn.Conv2d(16, 24, 1), nn.ReLU(),
            nn.Conv2d(24, 24, 3, padding=2, dilation=2, groups=24), nn.ReLU(),
            nn.Conv2d(24, 48, 3, padding=1, groups=24),
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(48, 16, 1))
        self.flatten = nn.Flatten()
        self.prob = nn.Softmax(dim=1)

    def forward(self, x):
        return self.prob(self.flatten(self.features(x)))


class ExtrasLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3)
        self.register_buffer("scale", torch.rand(1, 8, 1, 1) + 0.5)
        self.register_buffer("shift", torch.rand(1, 8, 1, 1) - 0.5)
        self.act1 = nn.LeakyReLU(0.2)
        self.pool1 = nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=False)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.act2 = nn.Sigmoid()
        self.act3 = nn.Tanh()
        self.register_buffer("weight", torch.randn(8 * 11 * 11, 20) * 0.1)
        self.register_buffer("bias", torch.rand(20) - 0.5)
        self.fc = nn.Linear(20, 10)
        self.prob = nn.Softmax(dim=1)

    def forward(self, x):
        x = F.pad(x, (1, 2, 0, 1))
        x = self.act1(self.conv1(x) * self.scale + self.shift)
        x = self.pool1(x)
        x = self.act2(self.conv2(x) - 0.25) / 2.0
        x = self.act3(x * x.size(1))
        x = torch.matmul(torch.flatten(x, 1), self.weight) + self.bias
        logits = self.fc(x)
        return self.prob(logits), logits


NETS = {
    "alexnet_like": {
        "module": AlexNetLike, "shape": (1, 3, 32, 32), "opset": 9,
        "covers": {"Conv", "Relu", "MaxPool", "LRN", "Flatten", "Gemm", "Dropout", "Softmax"},
    },
    "vgg_like": {
        "module": VggLike, "shape": (1, 3, 32, 32), "opset": 13,
        "covers": {"Conv", "Relu", "Pad", "AveragePool", "Tanh", "MaxPool", "GlobalAveragePool",
                   "Softmax", "Flatten"},
    },
    "resnet_like": {
        "module": ResNetLike, "shape": (1, 3, 24, 24), "opset": 13,
        "covers": {"Conv", "BatchNormalization", "Identity", "Relu", "Add", "Sigmoid", "Mul",
                   "GlobalAveragePool", "Flatten", "Gemm", "Softmax"},
    },
    "squeeze_like": {
        "module": SqueezeLike, "shape": (1, 3, 32, 32), "opset": 13,
        "dynamic": {0: "batch", 2: "height", 3: "width"},
        "covers": {"Conv", "Relu", "MaxPool", "Concat", "LeakyRelu", "GlobalAveragePool", "Shape",
                   "Gather", "Unsqueeze", "Constant", "Reshape", "Softmax"},
    },
    "mobilenet_like": {
        "module": MobileNetLike, "shape": (1, 3, 32, 32), "opset": 17,
        "covers": {"Conv", "BatchNormalization", "Clip", "Relu", "LeakyRelu", "GlobalAveragePool",
                   "Flatten", "Softmax"},
    },
    "extras_like": {
        "module": ExtrasLike, "shape": (1, 3, 21, 20), "opset": 11,
        "outputs": ["prob", "logits"],
        "covers": {"Pad", "Conv", "Mul", "Add", "Sub", "Div", "LeakyRelu", "AveragePool",
                   "Sigmoid", "Tanh", "Shape", "Gather", "Cast", "MatMul", "Flatten", "Gemm",
                   "Softmax"},
    },
}

# Every operator the import supports; the files together must hold each of them.
SUPPORTED = {"Conv", "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "MaxPool", "AveragePool",
             "GlobalAveragePool", "Gemm", "MatMul", "Add", "Flatten", "Reshape",
             "BatchNormalization", "Mul", "Concat", "LRN", "Dropout", "Softmax", "Pad", "Identity",
             "Constant", "Cast", "Shape", "Gather", "Unsqueeze",
             # and beyond the list: subtraction and division, by a constant or of two values.
             "Sub", "Div"}
# Plumbing torch writes around them, computed from constants only: folded at import.
FOLDED = {"ConstantOfShape", "Slice", "Transpose"}


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def pool_size(size, kernel, stride, begin, end, ceil):
    """ONNX's output size; rounded up, a last window starting in the end padding is dropped."""
    span = size + begin + end - kernel
    pooled = (math.ceil(span / stride) if ceil else span // stride) + 1
    if ceil and (pooled - 1) * stride >= size + begin:
        pooled -= 1
    return pooled


def pool(x, node, average):
    """ONNX MaxPool / AveragePool of (N, C, H, W): pads [top, left, bottom, right]."""
    a = attributes(node)
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    top, left, bottom, right = a.get("pads", [0, 0, 0, 0])
    ceil = a.get("ceil_mode", 0)
    h, w = x.shape[2], x.shape[3]
    ph = pool_size(h, kh, sh, top, bottom, ceil)
    pw = pool_size(w, kw, sw, left, right, ceil)
    # Laid into an array covering every window: -inf (MAX) or 0 (AVE) around the input.
    span_h, span_w = (ph - 1) * sh + kh, (pw - 1) * sw + kw
    fill = 0.0 if average else -math.inf
    grid = torch.full((x.shape[0], x.shape[1], max(span_h, top + h), max(span_w, left + w)), fill)
    grid[:, :, top:top + h, left:left + w] = x
    windows = grid.unfold(2, kh, sh).unfold(3, kw, sw)[:, :, :ph, :pw]
    if not average:
        return windows.amax(dim=(-2, -1))
    counted = torch.zeros(1, 1, grid.shape[2], grid.shape[3])
    if a.get("count_include_pad", 0):
        counted[:, :, :h + top + bottom, :w + left + right] = 1
    else:
        counted[:, :, top:top + h, left:left + w] = 1
    divisors = counted.unfold(2, kh, sh).unfold(3, kw, sw)[:, :, :ph, :pw].sum(dim=(-2, -1))
    return windows.sum(dim=(-2, -1)) / divisors


def evaluate(model, image):
    """Every value of the graph, the file's nodes run in order with torch's operators; given a
    tensor that requires its gradient, every value computed from it is differentiable."""
    graph = model.graph
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    values = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    values[graph.input[0].name] = image if torch.is_tensor(image) else torch.from_numpy(image)
    for node in graph.node:
        x = [values[name] if name else None for name in node.input]
        a = attributes(node)
        op = node.op_type
        if op == "Conv":
            top, left, bottom, right = a.get("pads", [0, 0, 0, 0])
            y = F.conv2d(F.pad(x[0], (left, right, top, bottom)), x[1],
                         x[2] if len(x) > 2 else None, stride=a.get("strides", [1, 1]),
                         dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
        elif op == "Relu":
            y = F.relu(x[0])
        elif op == "LeakyRelu":
            y = F.leaky_relu(x[0], a.get("alpha", 0.01))
        elif op == "Clip":
            low = a["min"] if opset < 11 else float(x[1])
            high = a["max"] if opset < 11 else float(x[2])
            y = torch.clamp(x[0], low, high)
        elif op == "Sigmoid":
            y = torch.sigmoid(x[0])
        elif op == "Tanh":
            y = torch.tanh(x[0])
        elif op in ("MaxPool", "AveragePool"):
            y = pool(x[0], node, op == "AveragePool")
        elif op == "GlobalAveragePool":
            y = x[0].mean(dim=(2, 3), keepdim=True)
        elif op == "Gemm":
            w = x[1].T if a.get("transB", 0) else x[1]
            y = a.get("alpha", 1.0) * (x[0] @ w) + a.get("beta", 1.0) * x[2]
        elif op == "MatMul":
            y = x[0] @ x[1]
        elif op == "Add":
            y = x[0] + x[1]
        elif op == "Sub":
            y = x[0] - x[1]
        elif op == "Mul":
            y = x[0] * x[1]
        elif op == "Div":
            y = x[0] / x[1]
        elif op == "Flatten":
            y = x[0].flatten(a.get("axis", 1))
        elif op == "Reshape":
            shape = [x[0].shape[i] if d == 0 else d for i, d in enumerate(x[1].tolist())]
            y = x[0].reshape(shape)
        elif op == "BatchNormalization":
            y = F.batch_norm(x[0], x[3], x[4], x[1], x[2], False, 0.0, a.get("epsilon", 1e-5))
        elif op == "Concat":
            y = torch.cat(x, a["axis"])
        elif op == "LRN":
            y = F.local_response_norm(x[0], a["size"], a.get("alpha", 1e-4), a.get("beta", 0.75),
                                      a.get("bias", 1.0))
        elif op in ("Dropout", "Identity"):
            y = x[0]
        elif op == "Softmax":
            assert a.get("axis", 1 if opset < 13 else -1) in (1, -1 + x[0].dim())
            y = F.softmax(x[0], dim=1)
        elif op == "Pad":
            pads = a["pads"] if opset < 11 else x[1].tolist()
            half = len(pads) // 2
            assert pads[:2] == [0, 0] and pads[half:half + 2] == [0, 0], pads
            y = F.pad(x[0], (pads[3], pads[half + 3], pads[2], pads[half + 2]))
        elif op == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "Cast":
            y = x[0].to(torch.float32 if a["to"] == onnx.TensorProto.FLOAT else torch.int64)
        elif op == "Shape":
            y = torch.tensor(list(x[0].shape), dtype=torch.int64)
        elif op == "Gather":
            y = torch.index_select(x[0], a.get("axis", 0), x[1].reshape(-1)).reshape(
                list(x[0].shape[:a.get("axis", 0)]) + list(x[1].shape)
                + list(x[0].shape[a.get("axis", 0) + 1:]))
        elif op == "Unsqueeze":
            axes = a["axes"] if opset < 13 else x[1].tolist()
            y = x[0]
            for axis in sorted(axes):
                y = y.unsqueeze(axis)
        elif op == "ConstantOfShape":
            fill = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            y = torch.from_numpy(np.full(x[0].tolist(), fill[0], fill.dtype))
        elif op == "Slice":
            y = x[0]
            axes = x[3].tolist() if len(x) > 3 else list(range(len(x[1])))
            steps = x[4].tolist() if len(x) > 4 else [1] * len(axes)
            for start, end, axis, step in zip(x[1].tolist(), x[2].tolist(), axes, steps):
                index = [slice(None)] * y.dim()
                index[axis] = slice(start, end, step) if step > 0 else slice(
                    start, None if end < -y.shape[axis] else end, step)
                y = torch.from_numpy(y.numpy()[tuple(index)].copy())
        elif op == "Transpose":
            y = x[0].permute(a.get("perm", list(range(x[0].dim()))[::-1]))
        else:
            raise ValueError("no torch form for " + op)
        values[node.output[0]] = y
    return values


def computed(model):
    """The names of the values computed from the input, in graph order: the blobs."""
    graph = model.graph
    dynamic = [graph.input[0].name]
    for node in graph.node:
        if node.op_type != "Shape" and any(name in dynamic for name in node.input):
            dynamic.append(node.output[0])
    return dynamic


def export(name, net, module, image):
    stream = io.BytesIO()
    outputs = net.get("outputs", ["prob"])
    torch.onnx.export(module, torch.from_numpy(image), stream, opset_version=net["opset"],
                      input_names=["input"], output_names=outputs,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      dynamic_axes={"input": net["dynamic"]} if "dynamic" in net else None)
    return onnx.load_from_string(stream.getvalue())


def hooked_outputs(module, image):
    """The output of every leaf module (or autograd-function wrapper), by qualified name."""
    outputs = {}
    handles = [m.register_forward_hook(lambda m, i, o, name=n: outputs.__setitem__(name, o))
               for n, m in module.named_modules()
               if n and (not list(m.children()) or isinstance(m, (Lrn, Dropout)))]
    with torch.no_grad():
        result = module(torch.from_numpy(image))
    for handle in handles:
        handle.remove()
    return outputs, result


def exported_under(node_name, qualified):
    """Whether torch wrote the node for that module: its scope is the module's path, each level
    named by its attribute name or (inside a Sequential) by its qualified name."""
    scope = node_name.split("/")[1:-1]
    parts = qualified.split(".")
    return len(scope) == len(parts) and all(
        s in (parts[i], ".".join(parts[:i + 1])) for i, s in enumerate(scope))


def check(name, net, model, values, image, module):
    """The file holds what it is meant to cover, and the values are the module's."""
    onnx.checker.check_model(model)
    ops = {node.op_type for node in model.graph.node}
    assert net["covers"] <= ops, (name, net["covers"] - ops)
    assert ops <= SUPPORTED | FOLDED, (name, ops - SUPPORTED - FOLDED)
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    assert opset == net["opset"], (name, opset)
    hooked, result = hooked_outputs(module, image)
    results = result if isinstance(result, tuple) else (result,)
    for output, expected in zip(model.graph.output, results):
        assert torch.allclose(values[output.name], expected, atol=1e-5), (name, output.name)
    for qualified, expected in hooked.items():
        nodes = [n for n in model.graph.node
                 if exported_under(n.name, qualified) and n.op_type != "Constant"]
        assert nodes, (name, qualified, "no node exported under this module's name")
        got = values[nodes[-1].output[0]]
        assert got.shape == expected.shape and torch.allclose(got, expected, atol=1e-5), (
            name, qualified)
    ranked = np.sort(values[model.graph.output[0].name].numpy().ravel())[::-1]
    # The top six differ by more than 0.1 %: the order of the top five is the network's.
    assert ranked[5] > 0 and np.all(np.diff(np.log(ranked[:6])) < -1e-3), (name, ranked[:6])


def randomise_statistics(module, rng):
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d):
            channels = m.num_features
            m.running_mean.copy_(torch.from_numpy(rng.uniform(-0.5, 0.5, channels)))
            m.running_var.copy_(torch.from_numpy(rng.uniform(0.5, 2.0, channels)))
            if not getattr(m, "keep_affine", False):
                m.weight.data.copy_(torch.from_numpy(rng.uniform(0.5, 1.5, channels)))
                m.bias.data.copy_(torch.from_numpy(rng.uniform(-0.3, 0.3, channels)))


def main():
    covered = set()
    for index, (name, net) in enumerate(NETS.items()):
        torch.manual_seed(SEED + index)
        rng = np.random.default_rng(SEED + index)
        module = net["module"]().eval()
        randomise_statistics(module, rng)
        image = (rng.uniform(0, 255, net["shape"]).astype(np.float32) - 120) * np.float32(0.017)
        with torch.no_grad():
            model = export(name, net, module, image)
            values = evaluate(model, image)
            check(name, net, model, values, image, module)
        covered |= {node.op_type for node in model.graph.node}
        (HERE / (name + ".onnx")).write_bytes(model.SerializeToString())
        np.save(HERE / (name + ".input.npy"), image)
        np.savez(HERE / (name + ".blobs.npz"),
                 **{value: values[value].numpy().astype(np.float32)
                    for value in computed(model)})
    assert covered >= SUPPORTED, SUPPORTED - covered


if __name__ == "__main__":
    main()
