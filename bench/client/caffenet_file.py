"""A full-size CaffeNet as the 2014 BVLC reference files have it: a V1 deploy.prototxt and a
V1 caffemodel (`layers`, enum types, blobs with num/channels/height/width), about 244 MB of
seeded weights, written as a stream without holding the file in memory; and the same network in
PyTorch on the same weights.

The caffemodel's wire format is written by hand from Caffe's field numbers (NetParameter.layers
= 2; V1LayerParameter name = 4, type = 5, blobs = 6, bottom = 2, top = 3; BlobProto num = 1,
channels = 2, height = 3, width = 4, data = 5 packed), so 61 million floats go straight from
numpy to the file.
"""


import numpy as np

# (name, V1 type, bottom, top, blob shapes (num, channels, height, width) or None)
CONVOLUTION, POOLING, LRN, RELU, INNER_PRODUCT, DROPOUT, SOFTMAX = 4, 17, 15, 18, 14, 6, 20

LAYERS = [
    ('conv1', CONVOLUTION, 'data', 'conv1', [(96, 3, 11, 11), (1, 1, 1, 96)]),
    ('relu1', RELU, 'conv1', 'conv1', None),
    ('pool1', POOLING, 'conv1', 'pool1', None),
    ('norm1', LRN, 'pool1', 'norm1', None),
    ('conv2', CONVOLUTION, 'norm1', 'conv2', [(256, 48, 5, 5), (1, 1, 1, 256)]),
    ('relu2', RELU, 'conv2', 'conv2', None),
    ('pool2', POOLING, 'conv2', 'pool2', None),
    ('norm2', LRN, 'pool2', 'norm2', None),
    ('conv3', CONVOLUTION, 'norm2', 'conv3', [(384, 256, 3, 3), (1, 1, 1, 384)]),
    ('relu3', RELU, 'conv3', 'conv3', None),
    ('conv4', CONVOLUTION, 'conv3', 'conv4', [(384, 192, 3, 3), (1, 1, 1, 384)]),
    ('relu4', RELU, 'conv4', 'conv4', None),
    ('conv5', CONVOLUTION, 'conv4', 'conv5', [(256, 192, 3, 3), (1, 1, 1, 256)]),
    ('relu5', RELU, 'conv5', 'conv5', None),
    ('pool5', POOLING, 'conv5', 'pool5', None),
    ('fc6', INNER_PRODUCT, 'pool5', 'fc6', [(1, 1, 4096, 9216), (1, 1, 1, 4096)]),
    ('relu6', RELU, 'fc6', 'fc6', None),
    ('drop6', DROPOUT, 'fc6', 'fc6', None),
    ('fc7', INNER_PRODUCT, 'fc6', 'fc7', [(1, 1, 4096, 4096), (1, 1, 1, 4096)]),
    ('relu7', RELU, 'fc7', 'fc7', None),
    ('drop7', DROPOUT, 'fc7', 'fc7', None),
    ('fc8', INNER_PRODUCT, 'fc7', 'fc8', [(1, 1, 1000, 4096), (1, 1, 1, 1000)]),
    ('prob', SOFTMAX, 'fc8', 'prob', None),
]

PROTOTXT = '''\
name: "CaffeNet"
input: "data"
input_dim: 1
input_dim: 3
input_dim: 227
input_dim: 227
layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1"
  convolution_param { num_output: 96 kernel_size: 11 stride: 4 } }
layers { name: "relu1" type: RELU bottom: "conv1" top: "conv1" }
layers { name: "pool1" type: POOLING bottom: "conv1" top: "pool1"
  pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layers { name: "norm1" type: LRN bottom: "pool1" top: "norm1"
  lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 } }
layers { name: "conv2" type: CONVOLUTION bottom: "norm1" top: "conv2"
  convolution_param { num_output: 256 pad: 2 kernel_size: 5 group: 2 } }
layers { name: "relu2" type: RELU bottom: "conv2" top: "conv2" }
layers { name: "pool2" type: POOLING bottom: "conv2" top: "pool2"
  pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layers { name: "norm2" type: LRN bottom: "pool2" top: "norm2"
  lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 } }
layers { name: "conv3" type: CONVOLUTION bottom: "norm2" top: "conv3"
  convolution_param { num_output: 384 pad: 1 kernel_size: 3 } }
layers { name: "relu3" type: RELU bottom: "conv3" top: "conv3" }
layers { name: "conv4" type: CONVOLUTION bottom: "conv3" top: "conv4"
  convolution_param { num_output: 384 pad: 1 kernel_size: 3 group: 2 } }
layers { name: "relu4" type: RELU bottom: "conv4" top: "conv4" }
layers { name: "conv5" type: CONVOLUTION bottom: "conv4" top: "conv5"
  convolution_param { num_output: 256 pad: 1 kernel_size: 3 group: 2 } }
layers { name: "relu5" type: RELU bottom: "conv5" top: "conv5" }
layers { name: "pool5" type: POOLING bottom: "conv5" top: "pool5"
  pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layers { name: "fc6" type: INNER_PRODUCT bottom: "pool5" top: "fc6"
  inner_product_param { num_output: 4096 } }
layers { name: "relu6" type: RELU bottom: "fc6" top: "fc6" }
layers { name: "drop6" type: DROPOUT bottom: "fc6" top: "fc6"
  dropout_param { dropout_ratio: 0.5 } }
layers { name: "fc7" type: INNER_PRODUCT bottom: "fc6" top: "fc7"
  inner_product_param { num_output: 4096 } }
layers { name: "relu7" type: RELU bottom: "fc7" top: "fc7" }
layers { name: "drop7" type: DROPOUT bottom: "fc7" top: "fc7"
  dropout_param { dropout_ratio: 0.5 } }
layers { name: "fc8" type: INNER_PRODUCT bottom: "fc7" top: "fc8"
  inner_product_param { num_output: 1000 } }
layers { name: "prob" type: SOFTMAX bottom: "fc8" top: "prob" }
'''


def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number, wire_type):
    return _varint(number << 3 | wire_type)


def _length_delimited(number, payload):
    return _field(number, 2) + _varint(len(payload)) + payload


def _blob(shape, values):
    header = b''.join(_field(i + 1, 0) + _varint(d) for i, d in enumerate(shape))
    data = values.astype('<f4').tobytes()
    return header + _field(5, 2) + _varint(len(data)), data


def seeded_weights(seed=2014):
    """Every learned blob, by layer: Gaussian weights scaled by fan-in, small biases."""
    rng = np.random.default_rng(seed)
    weights = {}
    for name, _, _, _, shapes in LAYERS:
        if shapes:
            w_shape, b_shape = shapes
            fan_in = int(np.prod(w_shape[1:]))
            w = (rng.standard_normal(int(np.prod(w_shape)), dtype=np.float32)
                 * np.float32(np.sqrt(2.0 / fan_in)))
            b = rng.standard_normal(int(np.prod(b_shape)), dtype=np.float32) * np.float32(0.01)
            weights[name] = (w, b)
    return weights


def write(folder, weights):
    """Writes deploy.prototxt and caffenet.caffemodel into folder; returns their paths."""
    prototxt = folder / 'deploy.prototxt'
    prototxt.write_text(PROTOTXT)
    caffemodel = folder / 'caffenet.caffemodel'
    with open(caffemodel, 'wb') as out:
        out.write(_length_delimited(1, b'CaffeNet'))
        for name, kind, bottom, top, shapes in LAYERS:
            head = (_length_delimited(2, bottom.encode()) + _length_delimited(3, top.encode())
                    + _length_delimited(4, name.encode()) + _field(5, 0) + _varint(kind))
            blobs = []
            if shapes:
                for shape, values in zip(shapes, weights[name]):
                    blob_head, data = _blob(shape, values)
                    blobs.append((blob_head, data))
            body_length = len(head) + sum(
                len(_field(6, 2)) + len(_varint(len(h) + len(d))) + len(h) + len(d)
                for h, d in blobs)
            out.write(_field(2, 2) + _varint(body_length) + head)
            for h, d in blobs:
                out.write(_field(6, 2) + _varint(len(h) + len(d)) + h)
                out.write(d)
    return prototxt, caffemodel


def torch_caffenet(weights):
    """The same network in PyTorch (groups, Caffe's LRN and rounded-up pooling), same weights."""
    import torch
    from torch import nn

    def conv(name, cin, cout, k, stride=1, pad=0, groups=1):
        layer = nn.Conv2d(cin, cout, k, stride, pad, groups=groups)
        w, b = weights[name]
        layer.weight.data = torch.from_numpy(w.reshape(cout, cin // groups, k, k))
        layer.bias.data = torch.from_numpy(b)
        return layer

    def fc(name, cin, cout):
        layer = nn.Linear(cin, cout)
        w, b = weights[name]
        layer.weight.data = torch.from_numpy(w.reshape(cout, cin))
        layer.bias.data = torch.from_numpy(b)
        return layer

    def pool():
        return nn.MaxPool2d(3, 2, ceil_mode=True)

    def lrn():
        return nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=1.0)

    return nn.Sequential(
        conv('conv1', 3, 96, 11, stride=4), nn.ReLU(), pool(), lrn(),
        conv('conv2', 96, 256, 5, pad=2, groups=2), nn.ReLU(), pool(), lrn(),
        conv('conv3', 256, 384, 3, pad=1), nn.ReLU(),
        conv('conv4', 384, 384, 3, pad=1, groups=2), nn.ReLU(),
        conv('conv5', 384, 256, 3, pad=1, groups=2), nn.ReLU(), pool(),
        nn.Flatten(),
        fc('fc6', 9216, 4096), nn.ReLU(), nn.Dropout(),
        fc('fc7', 4096, 4096), nn.ReLU(), nn.Dropout(),
        fc('fc8', 4096, 1000), nn.Softmax(dim=1),
    ).eval()


def check_file(caffemodel, weights):
    """Reads the written file back with a protobuf-free walk of its top-level fields: every layer
    is there, in order, and the file's size is the weights' size plus small headers."""
    expected_floats = sum(w.size + b.size for w, b in weights.values())
    size = caffemodel.stat().st_size
    assert expected_floats * 4 < size < expected_floats * 4 + 64 * 1024, (size, expected_floats)
    names = []
    with open(caffemodel, 'rb') as f:
        while True:
            tag = f.read(1)
            if not tag:
                break
            length = _read_varint(f)
            payload_start = f.tell()
            if tag[0] == (2 << 3 | 2):
                head = f.read(min(length, 256))
                names.append(_layer_name(head))
            f.seek(payload_start + length)
    assert names == [layer[0] for layer in LAYERS], names
    return size


def _read_varint(f):
    shift, value = 0, 0
    while True:
        byte = f.read(1)[0]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value
        shift += 7


def _layer_name(head):
    i = 0
    while i < len(head):
        key = head[i]
        i += 1
        if key & 7 == 2:
            length = head[i]
            i += 1
            if key >> 3 == 4:
                return head[i:i + length].decode()
            i += length
        else:
            while head[i] & 0x80:
                i += 1
            i += 1
    raise ValueError('no name in layer header')


if __name__ == '__main__':
    import sys
    from pathlib import Path
    w = seeded_weights()
    p, c = write(Path(sys.argv[1]), w)
    print(p, c, check_file(c, w))
