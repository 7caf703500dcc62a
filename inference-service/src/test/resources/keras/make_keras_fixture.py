#!/usr/bin/python3
"""Writes the Keras HDF5 fixtures of the upload tests, and what they must compute.

Keras and TensorFlow are not needed (nor installable everywhere): the files are written with
h5py in the layout Keras 2.2.4's model.save("model.h5") uses, with the TensorFlow backend and
channels-last images:

  root attributes  keras_version, backend, model_config (JSON), training_config (JSON)
  model_weights/   attributes layer_names, backend, keras_version
    <layer>/       attribute weight_names, e.g. [b"conv2d_1/kernel:0", b"conv2d_1/bias:0"]
      <layer>/kernel:0, bias:0   the weights, in Keras' layout (kh, kw, in, out) and (in, out)

Two tiny networks, each Conv2D (relu) -> MaxPooling2D 2x2 -> Flatten -> Dense (softmax):

  tiny_gray_sequential.h5   a Sequential model, input (12, 12, 1), 3 classes
  tiny_rgb_functional.h5    a functional Model, input (16, 16, 3), 4 classes

Weights come from a fixed seed. For each, <name>.expected.json holds a fixed input image (integer
pixels, rows x columns x channels, as a PNG of that size gives them) and the softmax output of
a numpy forward pass over pixels / 255, the input the upload's default preprocessing makes.

Run from this folder: /usr/bin/python3 make_keras_fixture.py (needs python3-h5py, python3-numpy).
"""

import json

import h5py
import numpy as np

KERAS_VERSION = b"2.2.4"
BACKEND = b"tensorflow"


def conv2d_config(name, filters, kernel, input_shape=None):
    config = {
        "name": name, "trainable": True, "filters": filters, "kernel_size": [kernel, kernel],
        "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
        "activation": "relu", "use_bias": True,
        "kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None,
    }
    if input_shape is not None:
        config["batch_input_shape"] = [None, *input_shape]
        config["dtype"] = "float32"
    return {"class_name": "Conv2D", "config": config}


def max_pooling_config(name):
    return {"class_name": "MaxPooling2D", "config": {
        "name": name, "trainable": True, "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
        "data_format": "channels_last"}}


def flatten_config(name):
    return {"class_name": "Flatten", "config": {"name": name, "trainable": True, "data_format": "channels_last"}}


def dense_config(name, units):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "units": units, "activation": "softmax", "use_bias": True,
        "kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


TRAINING_CONFIG = {
    "optimizer_config": {"class_name": "Adam", "config": {
        "lr": 0.001, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0, "epsilon": 1e-07, "amsgrad": False}},
    "loss": "categorical_crossentropy", "metrics": ["accuracy"], "sample_weight_mode": None, "loss_weights": None,
}


def sequential(name, layers):
    return {"class_name": "Sequential", "config": {"name": name, "layers": layers}}


def functional(name, input_name, input_shape, layers):
    """A chain of layers as a functional Model: each takes the previous one's output."""
    entries = [{"name": input_name, "class_name": "InputLayer", "config": {
        "batch_input_shape": [None, *input_shape], "dtype": "float32", "sparse": False, "name": input_name},
        "inbound_nodes": []}]
    previous = input_name
    for layer in layers:
        layer_name = layer["config"]["name"]
        entries.append({"name": layer_name, "class_name": layer["class_name"], "config": layer["config"],
                        "inbound_nodes": [[[previous, 0, 0, {}]]]})
        previous = layer_name
    return {"class_name": "Model", "config": {
        "name": name, "layers": entries, "input_layers": [[input_name, 0, 0]], "output_layers": [[previous, 0, 0]]}}


def forward(pixels, kernel, conv_bias, dense_kernel, dense_bias):
    """Keras' computation in numpy, channels last: valid cross-correlation + relu, 2x2 max pool, flatten, softmax."""
    x = pixels.astype(np.float64) / 255.0
    kh, kw, _, filters = kernel.shape
    height, width = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    conv = np.zeros((height, width, filters))
    for i in range(height):
        for j in range(width):
            conv[i, j, :] = np.tensordot(x[i:i + kh, j:j + kw, :], kernel, axes=([0, 1, 2], [0, 1, 2]))
    conv = np.maximum(conv + conv_bias, 0.0)
    pooled = conv[:height // 2 * 2, :width // 2 * 2, :].reshape(height // 2, 2, width // 2, 2, filters).max(axis=(1, 3))
    logits = pooled.reshape(-1) @ dense_kernel + dense_bias  # Flatten: rows, then columns, then channels
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


def write(file_name, model_config, weights, layer_names, pixels, labels):
    """weights: layer name -> [(weight name, array)], in Keras' order."""
    with h5py.File(file_name, "w") as f:
        # Scalar strings become variable-length strings, lists of names fixed-length arrays, as in Keras' files.
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["backend"] = BACKEND
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        f.attrs["training_config"] = json.dumps(TRAINING_CONFIG).encode("utf8")
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.asarray([name.encode("utf8") for name in layer_names])
        group.attrs["backend"] = BACKEND
        group.attrs["keras_version"] = KERAS_VERSION
        for layer in layer_names:
            layer_group = group.create_group(layer)
            named = weights.get(layer, [])
            # As Keras writes it: np.asarray of the encoded names (an empty float array for none).
            layer_group.attrs["weight_names"] = np.asarray([f"{layer}/{w}".encode("utf8") for w, _ in named])
            for weight, array in named:
                layer_group.create_dataset(f"{layer}/{weight}", data=array.astype(np.float32))
    kernel, conv_bias, dense_kernel, dense_bias = [array for layer in layer_names for _, array in weights.get(layer, [])]
    probabilities = forward(pixels, kernel, conv_bias, dense_kernel, dense_bias)
    expected = {
        "labels": labels,
        "input_shape_hwc": list(pixels.shape),
        "pixels_hwc": pixels.tolist(),
        "probabilities": [round(float(p), 8) for p in probabilities],
    }
    with open(file_name.replace(".h5", ".expected.json"), "w") as out:
        # One key a line, each value compact.
        lines = [f" {json.dumps(key)}: {json.dumps(value)}" for key, value in expected.items()]
        out.write("{\n" + ",\n".join(lines) + "\n}\n")
    print(file_name, "->", expected["probabilities"])


def main():
    rng = np.random.default_rng(20261122)

    # Sequential, 12x12 gray: conv 3x3x1 -> 4 maps of 10x10, pool -> 5x5x4 = 100, dense -> 3.
    gray_weights = {
        "conv2d_1": [("kernel:0", rng.normal(0, 0.6, (3, 3, 1, 4))), ("bias:0", rng.normal(0, 0.1, (4,)))],
        "dense_1": [("kernel:0", rng.normal(0, 0.3, (100, 3))), ("bias:0", rng.normal(0, 0.1, (3,)))],
    }
    gray_weights = {k: [(n, a.astype(np.float32)) for n, a in v] for k, v in gray_weights.items()}
    gray_config = sequential("sequential_1", [
        conv2d_config("conv2d_1", 4, 3, input_shape=(12, 12, 1)),
        max_pooling_config("max_pooling2d_1"),
        flatten_config("flatten_1"),
        dense_config("dense_1", 3),
    ])
    gray_pixels = rng.integers(0, 256, (12, 12, 1))
    write("tiny_gray_sequential.h5", gray_config, gray_weights,
          ["conv2d_1", "max_pooling2d_1", "flatten_1", "dense_1"], gray_pixels, ["zero", "one", "two"])

    # Functional, 16x16 RGB: conv 3x3x3 -> 6 maps of 14x14, pool -> 7x7x6 = 294, dense -> 4.
    rgb_weights = {
        "conv1": [("kernel:0", rng.normal(0, 0.4, (3, 3, 3, 6))), ("bias:0", rng.normal(0, 0.1, (6,)))],
        "predictions": [("kernel:0", rng.normal(0, 0.2, (294, 4))), ("bias:0", rng.normal(0, 0.1, (4,)))],
    }
    rgb_weights = {k: [(n, a.astype(np.float32)) for n, a in v] for k, v in rgb_weights.items()}
    rgb_config = functional("tiny_rgb", "input_1", (16, 16, 3), [
        conv2d_config("conv1", 6, 3),
        max_pooling_config("pool1"),
        flatten_config("flatten"),
        dense_config("predictions", 4),
    ])
    rgb_pixels = rng.integers(0, 256, (16, 16, 3))
    write("tiny_rgb_functional.h5", rgb_config, rgb_weights,
          ["input_1", "conv1", "pool1", "flatten", "predictions"], rgb_pixels, ["red", "green", "blue", "grey"])


if __name__ == "__main__":
    main()
