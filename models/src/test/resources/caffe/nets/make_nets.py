"""Writes small Caffe networks with PyTorch's value of every blob, for the graph import tests.

Run from the repository root, with Debian's python3-torch, python3-numpy and python3-protobuf:

    /usr/bin/python3 models/src/test/resources/caffe/nets/make_nets.py

For each network NAME it writes, next to itself:

* NAME.prototxt: the deploy network (current ``layer`` format; the input declared as the net
  describes: an Input layer, ``input`` with ``input_shape``, or ``input`` with ``input_dim``).
* NAME.caffemodel: its learned blobs, seeded, in Caffe's order (weights, bias; BatchNorm's mean
  and variance stored multiplied by its scale factor, then that factor), built from the
  descriptors of make_fixtures.py beside this folder, written from Caffe's field numbers.
* NAME.input.npy: the input, one image already preprocessed, (1, C, H, W) float32.
* NAME.blobs.npz: every blob as Caffe's ``net.blobs`` holds it after a forward pass, under its
  Caffe name: a layer computed in place (ReLU, Dropout, BatchNorm, Scale, Sigmoid) overwrites the
  blob, so the blob holds the last writer's output, and a layer that read it before sees the
  value of its time.

The networks: alexnet_like (groups, LRN, MAX pooling rounded up, MAX pooling with padding over
signed values, Dropout, InnerProduct from an image and transposed, Softmax), vgg_like (3x3 pad 1
and dilated convolutions, AVE pooling with padding whose last window Caffe clips, AVE pooling cut
back a window, TanH, global pooling, Softmax over (N, C, 1, 1), Flatten), resnet_like (BatchNorm
with scale factors 0.5, 1 and 999.98, one with its own eps, one writing a new blob, Scale with and without bias, Eltwise SUM with and without
coefficients, PROD and MAX, Sigmoid), squeeze_like (Concat of two and three blobs, a layer reading
a blob before an in-place ReLU overwrites it, leaky ReLU, Flatten) and mobilenet_like (depthwise
convolutions, group == channels, one dilated, one with bias; a group == channels convolution with
two filters per channel).

How PyTorch computes Caffe's layers here: convolution, inner product, LRN (torch's
local_response_norm is Caffe's across-channel formula, alpha divided by the size), softmax and
the element-wise layers are torch's. Pooling is torch's with ceil_mode=True: for MAX torch, like
Caffe, takes only input values (padding never wins); for AVE torch's count_include_pad=True
divides by the window clipped to the padded input, (hend - hstart) * (wend - wstart) with hend =
min(hstart + kernel, size + pad), which is Caffe's divisor. Each pooled blob is also computed by a
direct numpy loop written from Caffe's pooling_layer.cpp and both must agree, and its size must be
Caffe's (rounded up, then cut back by one when the last window would start in the padding).
"""

import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from make_fixtures import build_messages  # noqa: E402  (the descriptors from Caffe's numbers)

SEED = 20260601


class Enum(str):
    """A protobuf enum value: written without quotes."""


def text_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value)
    if isinstance(value, str):
        return '"' + value + '"'
    return repr(value)


def text_fields(fields, indent):
    lines = []
    pad = "  " * indent
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                lines.append(pad + key + " {")
                lines.extend(text_fields(item, indent + 1))
                lines.append(pad + "}")
            else:
                lines.append(pad + key + ": " + text_value(item))
    return lines


def layer(name, kind, bottom, top, **params):
    return {"name": name, "type": kind, "bottom": list(bottom), "top": [top], "params": params}


def conv(name, bottom, top, num_output, kernel, stride=1, pad=0, group=1, dilation=1,
         bias=True):
    p = {"num_output": num_output, "kernel_size": kernel}
    if stride != 1:
        p["stride"] = stride
    if pad:
        p["pad"] = pad
    if group != 1:
        p["group"] = group
    if dilation != 1:
        p["dilation"] = dilation
    if not bias:
        p["bias_term"] = False
    return layer(name, "Convolution", [bottom], top, convolution_param=p)


def pool(name, bottom, top, method, kernel=None, stride=1, pad=0, global_pooling=False):
    p = {"pool": Enum(method)}
    if global_pooling:
        p["global_pooling"] = True
    else:
        p["kernel_size"] = kernel
        p["stride"] = stride
        if pad:
            p["pad"] = pad
    return layer(name, "Pooling", [bottom], top, pooling_param=p)


def relu(name, blob, slope=0.0):
    params = {"relu_param": {"negative_slope": slope}} if slope else {}
    return layer(name, "ReLU", [blob], blob, **params)


def bn_scale(prefix, blob, factor, bias=True, bn_top=None, eps=None):
    top = bn_top or blob
    params = {"batch_norm_param": {"eps": eps}} if eps else {}
    return [
        layer("bn_" + prefix, "BatchNorm", [blob], top, _scale_factor=factor, **params),
        layer("scale_" + prefix, "Scale", [top], top, scale_param={"bias_term": bias}),
    ]


def ip(name, bottom, top, num_output, transpose=False):
    p = {"num_output": num_output}
    if transpose:
        p["transpose"] = True
    return layer(name, "InnerProduct", [bottom], top, inner_product_param=p)


NETS = {
    "alexnet_like": {
        "input": "input_dim",
        "shape": (1, 3, 32, 32),
        "covers": {"Convolution", "ReLU", "Pooling", "LRN", "InnerProduct", "Dropout", "Softmax"},
        "layers": [
            conv("conv1", "data", "conv1", 16, 5, stride=2),
            relu("relu1", "conv1"),
            pool("pool1", "conv1", "pool1", "MAX", 3, 2),
            layer("norm1", "LRN", ["pool1"], "norm1",
                  lrn_param={"local_size": 5, "alpha": 0.3, "beta": 0.75, "k": 2.0}),
            conv("conv2", "norm1", "conv2", 32, 3, pad=1, group=2),
            relu("relu2", "conv2"),
            pool("pool2", "conv2", "pool2", "MAX", 3, 2),
            layer("norm2", "LRN", ["pool2"], "norm2",
                  lrn_param={"local_size": 3, "alpha": 0.1, "beta": 0.75}),
            conv("conv3", "norm2", "conv3", 24, 3, pad=1, group=2),
            pool("pool3", "conv3", "pool3", "MAX", 2, 2, pad=1),
            ip("fc6", "pool3", "fc6", 64),
            relu("relu6", "fc6"),
            layer("drop6", "Dropout", ["fc6"], "fc6", dropout_param={"dropout_ratio": 0.5}),
            ip("fc7", "fc6", "fc7", 48, transpose=True),
            relu("relu7", "fc7"),
            layer("drop7", "Dropout", ["fc7"], "fc7"),
            ip("fc8", "fc7", "fc8", 16),
            layer("prob", "Softmax", ["fc8"], "prob"),
        ],
    },
    "vgg_like": {
        "input": "input_shape",
        "shape": (1, 3, 32, 32),
        "covers": {"Convolution", "ReLU", "TanH", "Pooling", "Flatten", "Softmax"},
        "layers": [
            conv("conv1_1", "data", "conv1_1", 8, 3, pad=1),
            relu("relu1_1", "conv1_1"),
            conv("conv1_2", "conv1_1", "conv1_2", 8, 3, pad=2, dilation=2),
            relu("relu1_2", "conv1_2"),
            pool("pool1", "conv1_2", "pool1", "AVE", 3, 2, pad=1),
            conv("conv2_1", "pool1", "conv2_1", 16, 3, pad=1),
            relu("relu2_1", "conv2_1"),
            conv("conv2_2", "conv2_1", "conv2_2", 16, 3, pad=1),
            layer("tanh2_2", "TanH", ["conv2_2"], "conv2_2"),
            pool("pool2", "conv2_2", "pool2", "AVE", 2, 2, pad=1),
            conv("conv3_1", "pool2", "conv3_1", 16, 3, pad=1),
            relu("relu3_1", "conv3_1"),
            pool("pool3", "conv3_1", "pool3", "MAX", 3, 2),
            conv("conv4", "pool3", "conv4", 10, 1),
            pool("pool4", "conv4", "pool4", "AVE", global_pooling=True),
            layer("flat", "Flatten", ["pool4"], "flat"),
            layer("prob", "Softmax", ["pool4"], "prob"),
        ],
    },
    "resnet_like": {
        "input": "layer",
        "shape": (1, 3, 24, 24),
        "covers": {"Convolution", "BatchNorm", "Scale", "ReLU", "Eltwise", "Sigmoid", "Pooling",
                   "InnerProduct", "Softmax"},
        "layers": [
            conv("conv1", "data", "conv1", 8, 3, pad=1, bias=False),
            *bn_scale("conv1", "conv1", 0.5),
            relu("conv1_relu", "conv1"),
            conv("res2a_branch2a", "conv1", "res2a_branch2a", 8, 3, pad=1, bias=False),
            *bn_scale("2a_branch2a", "res2a_branch2a", 999.982),
            relu("res2a_branch2a_relu", "res2a_branch2a"),
            conv("res2a_branch2b", "res2a_branch2a", "res2a_branch2b", 8, 3, pad=1, bias=False),
            *bn_scale("2a_branch2b", "res2a_branch2b", 0.5, bias=False, bn_top="bn2a_branch2b"),
            layer("res2a", "Eltwise", ["conv1", "bn2a_branch2b"], "res2a"),
            relu("res2a_relu", "res2a"),
            conv("res3a_branch1", "res2a", "res3a_branch1", 16, 1, stride=2, bias=False),
            *bn_scale("3a_branch1", "res3a_branch1", 1.0, eps=1e-3),
            conv("res3a_branch2a", "res2a", "res3a_branch2a", 16, 3, stride=2, pad=1,
                 bias=False),
            *bn_scale("3a_branch2a", "res3a_branch2a", 0.5),
            relu("res3a_branch2a_relu", "res3a_branch2a"),
            conv("res3a_branch2b", "res3a_branch2a", "res3a_branch2b", 16, 3, pad=1,
                 bias=False),
            *bn_scale("3a_branch2b", "res3a_branch2b", 0.5),
            layer("res3a", "Eltwise", ["res3a_branch1", "res3a_branch2b"], "res3a",
                  eltwise_param={"operation": Enum("SUM"), "coeff": [1.0, 0.5]}),
            relu("res3a_relu", "res3a"),
            conv("gate", "res3a", "gate", 16, 1),
            layer("gate_sigmoid", "Sigmoid", ["gate"], "gate"),
            layer("res3a_gated", "Eltwise", ["res3a", "gate"], "res3a_gated",
                  eltwise_param={"operation": Enum("PROD")}),
            layer("res3a_max", "Eltwise", ["res3a_gated", "res3a_branch1", "gate"], "res3a_max",
                  eltwise_param={"operation": Enum("MAX")}),
            pool("pool5", "res3a_max", "pool5", "AVE", global_pooling=True),
            ip("fc", "pool5", "fc", 16),
            layer("prob", "Softmax", ["fc"], "prob"),
        ],
    },
    "squeeze_like": {
        "input": "layer",
        "shape": (1, 3, 32, 32),
        "covers": {"Convolution", "ReLU", "Pooling", "Concat", "Dropout", "Flatten", "Softmax"},
        "layers": [
            conv("conv1", "data", "conv1", 16, 3, stride=2),
            # Reads conv1 before relu_conv1 overwrites it: it pools the values of its time.
            pool("conv1_peek", "conv1", "conv1_peek", "MAX", global_pooling=True),
            relu("relu_conv1", "conv1"),
            pool("pool1", "conv1", "pool1", "MAX", 3, 2),
            conv("fire2/squeeze1x1", "pool1", "fire2/squeeze1x1", 4, 1),
            relu("fire2/relu_squeeze1x1", "fire2/squeeze1x1"),
            conv("fire2/expand1x1", "fire2/squeeze1x1", "fire2/expand1x1", 8, 1),
            relu("fire2/relu_expand1x1", "fire2/expand1x1"),
            conv("fire2/expand3x3", "fire2/squeeze1x1", "fire2/expand3x3", 8, 3, pad=1),
            relu("fire2/relu_expand3x3", "fire2/expand3x3"),
            layer("fire2/concat", "Concat", ["fire2/expand1x1", "fire2/expand3x3"],
                  "fire2/concat"),
            conv("fire3/squeeze1x1", "fire2/concat", "fire3/squeeze1x1", 4, 1),
            relu("fire3/relu_squeeze1x1", "fire3/squeeze1x1"),
            conv("fire3/expand1x1", "fire3/squeeze1x1", "fire3/expand1x1", 8, 1),
            relu("fire3/relu_expand1x1", "fire3/expand1x1"),
            conv("fire3/expand3x3", "fire3/squeeze1x1", "fire3/expand3x3", 8, 3, pad=1),
            relu("fire3/relu_expand3x3", "fire3/expand3x3"),
            layer("fire3/concat", "Concat",
                  ["fire3/expand1x1", "fire3/expand3x3", "fire3/squeeze1x1"], "fire3/concat"),
            layer("drop9", "Dropout", ["fire3/concat"], "fire3/concat"),
            conv("conv10", "fire3/concat", "conv10", 12, 1),
            relu("relu_conv10", "conv10", slope=0.1),
            pool("pool10", "conv10", "pool10", "AVE", global_pooling=True),
            layer("flatten", "Flatten", ["pool10"], "flatten"),
            layer("prob", "Softmax", ["flatten"], "prob"),
        ],
    },
    "mobilenet_like": {
        "input": "layer",
        "shape": (1, 3, 32, 32),
        "covers": {"Convolution", "BatchNorm", "Scale", "ReLU", "Pooling", "Softmax"},
        "layers": [
            conv("conv1", "data", "conv1", 8, 3, stride=2, pad=1, bias=False),
            *bn_scale("conv1", "conv1", 0.5),
            relu("relu1", "conv1"),
            conv("conv2_1/dw", "conv1", "conv2_1/dw", 8, 3, pad=1, group=8, bias=False),
            *bn_scale("conv2_1/dw", "conv2_1/dw", 0.5),
            relu("relu2_1/dw", "conv2_1/dw"),
            conv("conv2_1/sep", "conv2_1/dw", "conv2_1/sep", 16, 1, bias=False),
            *bn_scale("conv2_1/sep", "conv2_1/sep", 0.5),
            relu("relu2_1/sep", "conv2_1/sep"),
            conv("conv2_2/dw", "conv2_1/sep", "conv2_2/dw", 16, 3, stride=2, pad=1, group=16),
            relu("relu2_2/dw", "conv2_2/dw", slope=0.1),
            conv("conv2_2/sep", "conv2_2/dw", "conv2_2/sep", 24, 1),
            relu("relu2_2/sep", "conv2_2/sep"),
            conv("conv3_1/dw", "conv2_2/sep", "conv3_1/dw", 24, 3, pad=2, group=24, dilation=2),
            relu("relu3_1/dw", "conv3_1/dw"),
            conv("conv3_1/dw2", "conv3_1/dw", "conv3_1/dw2", 48, 3, pad=1, group=24),
            pool("pool6", "conv3_1/dw2", "pool6", "AVE", global_pooling=True),
            conv("fc7", "pool6", "fc7", 16, 1),
            layer("prob", "Softmax", ["fc7"], "prob"),
        ],
    },
}


def prototxt(name, net):
    shape = net["shape"]
    lines = ['name: "%s"' % name]
    if net["input"] == "input_dim":
        lines.append('input: "data"')
        lines.extend("input_dim: %d" % d for d in shape)
    elif net["input"] == "input_shape":
        lines.append('input: "data"')
        lines.append("input_shape { " + " ".join("dim: %d" % d for d in shape) + " }")
    else:
        lines.extend(text_fields({"layer": {
            "name": "input", "type": "Input", "top": "data",
            "input_param": {"shape": {"dim": list(shape)}}}}, 0))
    for spec in net["layers"]:
        fields = {"name": spec["name"], "type": spec["type"], "bottom": spec["bottom"],
                  "top": spec["top"]}
        fields.update({k: v for k, v in spec["params"].items() if not k.startswith("_")})
        lines.extend(text_fields({"layer": fields}, 0))
    return "\n".join(lines) + "\n"


def caffe_pooled_size(size, kernel, stride, pad):
    pooled = int(np.ceil(np.float32(size + 2 * pad - kernel) / np.float32(stride))) + 1
    if pad and (pooled - 1) * stride >= size + pad:
        pooled -= 1
    return pooled


def caffe_pool_loop(x, method, kernel, stride, pad):
    """Caffe's Forward_cpu of PoolingLayer, loop for loop (square kernel, stride and pad)."""
    n, c, h, w = x.shape
    ph, pw = caffe_pooled_size(h, kernel, stride, pad), caffe_pooled_size(w, kernel, stride, pad)
    top = np.zeros((n, c, ph, pw), np.float32)
    for i in range(ph):
        for j in range(pw):
            hs, ws = i * stride - pad, j * stride - pad
            if method == "MAX":
                he, we = min(hs + kernel, h), min(ws + kernel, w)
                hs, ws = max(hs, 0), max(ws, 0)
                top[:, :, i, j] = x[:, :, hs:he, ws:we].max(axis=(2, 3))
            else:
                he, we = min(hs + kernel, h + pad), min(ws + kernel, w + pad)
                size = (he - hs) * (we - ws)
                hs, ws, he, we = max(hs, 0), max(ws, 0), min(he, h), min(we, w)
                top[:, :, i, j] = x[:, :, hs:he, ws:we].sum(axis=(2, 3)) / size
    return top


def run(net, image, rng):
    """PyTorch's forward pass in Caffe's order: the blobs and every layer's learned blobs."""
    blobs = {"data": torch.from_numpy(image)}
    learned = {}
    for spec in net["layers"]:
        kind, name, params = spec["type"], spec["name"], spec["params"]
        x = [blobs[b] for b in spec["bottom"]]
        if kind == "Convolution":
            p = params["convolution_param"]
            group = p.get("group", 1)
            fan_in = x[0].shape[1] // group * p["kernel_size"] ** 2
            w = rng.normal(0, np.sqrt(2.0 / fan_in),
                           (p["num_output"], x[0].shape[1] // group, p["kernel_size"],
                            p["kernel_size"])).astype(np.float32)
            learned[name] = [w]
            b = None
            if p.get("bias_term", True):
                b = rng.uniform(-0.2, 0.2, p["num_output"]).astype(np.float32)
                learned[name].append(b)
            y = F.conv2d(x[0], torch.from_numpy(w), None if b is None else torch.from_numpy(b),
                         stride=p.get("stride", 1), padding=p.get("pad", 0),
                         dilation=p.get("dilation", 1), groups=group)
        elif kind == "Pooling":
            p = params["pooling_param"]
            method = str(p["pool"])
            if p.get("global_pooling"):
                kernel, stride, pad = x[0].shape[2], 1, 0
                assert x[0].shape[2] == x[0].shape[3]
            else:
                kernel, stride, pad = p["kernel_size"], p["stride"], p.get("pad", 0)
            if method == "MAX":
                y = F.max_pool2d(x[0], kernel, stride, pad, ceil_mode=True)
            else:
                y = F.avg_pool2d(x[0], kernel, stride, pad, ceil_mode=True,
                                 count_include_pad=True)
            loop = caffe_pool_loop(x[0].numpy(), method, kernel, stride, pad)
            assert y.shape == loop.shape, (name, y.shape, loop.shape)
            assert np.allclose(y.numpy(), loop, atol=1e-5), name
        elif kind == "InnerProduct":
            p = params["inner_product_param"]
            flat = x[0].flatten(1)
            fan_in = flat.shape[1]
            w = rng.normal(0, np.sqrt(2.0 / fan_in), (p["num_output"], fan_in)).astype(np.float32)
            b = rng.uniform(-0.2, 0.2, p["num_output"]).astype(np.float32)
            stored = np.ascontiguousarray(w.T) if p.get("transpose") else w
            learned[name] = [stored, b]
            y = F.linear(flat, torch.from_numpy(w), torch.from_numpy(b))
        elif kind == "ReLU":
            y = F.leaky_relu(x[0], params.get("relu_param", {}).get("negative_slope", 0.0))
        elif kind == "Sigmoid":
            y = torch.sigmoid(x[0])
        elif kind == "TanH":
            y = torch.tanh(x[0])
        elif kind == "Dropout":
            y = x[0]
        elif kind == "LRN":
            p = params["lrn_param"]
            y = F.local_response_norm(x[0], p["local_size"], p["alpha"], p["beta"],
                                      p.get("k", 1.0))
        elif kind == "Softmax":
            y = F.softmax(x[0], dim=1)
        elif kind == "Concat":
            y = torch.cat(x, dim=1)
        elif kind == "Flatten":
            y = x[0].flatten(1)
        elif kind == "Eltwise":
            p = params.get("eltwise_param", {})
            operation = str(p.get("operation", "SUM"))
            if operation == "SUM":
                coeff = p.get("coeff", [1.0] * len(x))
                y = sum(c * t for c, t in zip(coeff, x))
            elif operation == "PROD":
                y = x[0] * x[1]
                for t in x[2:]:
                    y = y * t
            else:
                y = x[0]
                for t in x[1:]:
                    y = torch.maximum(y, t)
        elif kind == "BatchNorm":
            channels = x[0].shape[1]
            factor = np.float32(params["_scale_factor"])
            mean = rng.uniform(-0.5, 0.5, channels).astype(np.float32)
            var = rng.uniform(0.5, 2.0, channels).astype(np.float32)
            stored_mean, stored_var = mean * factor, var * factor
            learned[name] = [stored_mean, stored_var, np.array([factor], np.float32)]
            # What Caffe uses: the stored statistics times 1 / factor, in float.
            inverse = np.float32(1) / factor
            y = F.batch_norm(x[0], torch.from_numpy(stored_mean * inverse),
                             torch.from_numpy(stored_var * inverse), training=False,
                             eps=params.get("batch_norm_param", {}).get("eps", 1e-5))
        elif kind == "Scale":
            channels = x[0].shape[1]
            gamma = rng.uniform(0.5, 1.5, channels).astype(np.float32)
            learned[name] = [gamma]
            y = x[0] * torch.from_numpy(gamma)[None, :, None, None]
            if params.get("scale_param", {}).get("bias_term"):
                beta = rng.uniform(-0.3, 0.3, channels).astype(np.float32)
                learned[name].append(beta)
                y = y + torch.from_numpy(beta)[None, :, None, None]
        else:
            raise ValueError("no PyTorch form for " + kind)
        blobs[spec["top"][0]] = y
    return blobs, learned


def caffemodel(messages, name, net, learned):
    """The trained net as Caffe saves it: every layer, the learned ones with their blobs."""
    model = messages["NetParameter"](name=name)
    for spec in net["layers"]:
        message = model.layer.add(name=spec["name"], type=spec["type"], bottom=spec["bottom"],
                                  top=spec["top"])
        for values in learned.get(spec["name"], []):
            blob = message.blobs.add()
            blob.shape.dim.extend(values.shape)
            blob.data.extend(values.ravel().tolist())
    return model


def check(name, net, text, blobs):
    """The files hold what the tests rely on."""
    types = {line.split('"')[1] for line in text.splitlines() if line.startswith("  type:")}
    assert net["covers"] <= types, (name, net["covers"] - types)
    final = blobs[net["layers"][-1]["top"][0]].numpy().ravel()
    ranked = np.sort(final)[::-1]
    # Probabilities whose top six differ by more than 0.1 % of each other, far more than float
    # rounding: the order of the top five is the network's, not rounding's.
    assert ranked[5] > 0 and np.all(np.diff(np.log(ranked[:6])) < -1e-3), (name, ranked[:6])


def check_features(shapes, text):
    """The particular cases the networks are meant to hold, worked out from their shapes."""
    # alexnet_like pool1: (14 - 3) / 2 = 5.5 windows: Caffe rounds up to 7 where floor gives 6.
    assert shapes["alexnet_like"]["conv1"][2] == 14 and shapes["alexnet_like"]["pool1"][2] == 7
    # alexnet_like pool3 pads a 3x3 blob of signed values by 1: cut back from 3 to 2.
    assert shapes["alexnet_like"]["pool3"][2] == 2
    # vgg_like pool1: the last window spans 31..33 of 32 + pad 1: divisor 2 x 3, not 9.
    assert shapes["vgg_like"]["pool1"][2] == 17
    # vgg_like pool2: (17 + 2 - 2) / 2 = 8.5 -> 10, cut back to 9.
    assert shapes["vgg_like"]["pool2"][2] == 9
    assert shapes["vgg_like"]["prob"] == (1, 10, 1, 1) and shapes["vgg_like"]["flat"] == (1, 10)
    assert shapes["mobilenet_like"]["conv3_1/dw2"][1] == 48
    assert "group: 8" in text["mobilenet_like"] and "group: 2" in text["alexnet_like"]


def main():
    messages = build_messages()
    torch.manual_seed(SEED)
    shapes, texts = {}, {}
    for index, (name, net) in enumerate(NETS.items()):
        rng = np.random.default_rng(SEED + index)
        image = (rng.uniform(0, 255, net["shape"]).astype(np.float32) - 120) * np.float32(0.017)
        with torch.no_grad():
            blobs, learned = run(net, image, rng)
        text = prototxt(name, net)
        check(name, net, text, blobs)
        (HERE / (name + ".prototxt")).write_text(text)
        (HERE / (name + ".caffemodel")).write_bytes(
            caffemodel(messages, name, net, learned).SerializeToString())
        np.save(HERE / (name + ".input.npy"), image)
        np.savez(HERE / (name + ".blobs.npz"),
                 **{blob: value.numpy().astype(np.float32) for blob, value in blobs.items()})
        shapes[name] = {blob: tuple(value.shape) for blob, value in blobs.items()}
        texts[name] = text
    check_features(shapes, texts)


if __name__ == "__main__":
    main()
