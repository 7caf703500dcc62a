"""PyTorch autograd's answer to the attribution tests: the gradient of one class's score (the
input of the network's last softmax) with respect to the input, and Grad-CAM at one layer.

    torch_attribution.py onnx MODEL.onnx INPUT.npy CLASS LAYER OUT.npz
    torch_attribution.py lenet WEIGHTS_DIR INPUT.npy CLASS LAYER OUT.npz

``onnx`` runs the ONNX file's nodes with torch's operators (``evaluate`` of onnx/nets/make_onnx.py),
so the weights are the file's own; LAYER is an ONNX value name. ``lenet`` builds the built-in
model's architecture in torch from WEIGHTS_DIR/NAME_weights.npy and NAME_bias.npy (Caffe's layout);
LAYER is one of its blob names. OUT.npz holds ``score``, ``input_gradient`` (1, C, H, W),
``gradcam`` (the layer's map, clipped at zero) and ``gradcam_map`` (resized to the input).
"""

import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent


def onnx_scores(model_file, image):
    sys.path.insert(0, str(HERE.parent / "onnx" / "nets"))
    import onnx
    from make_onnx import evaluate

    model = onnx.load(str(model_file))
    values = evaluate(model, image)
    softmax = [node for node in model.graph.node if node.op_type == "Softmax"][-1]
    return values[softmax.input[0]].reshape(1, -1), values


def lenet_scores(weights, image):
    def load(name):
        return torch.from_numpy(np.load(weights / (name + ".npy")))

    values = {"data": image}
    x = F.relu(F.conv2d(image, load("conv1_weights"), load("conv1_bias")))
    values["conv1"] = x
    x = F.max_pool2d(x, 2, 2)
    values["pool1"] = x
    x = F.relu(F.conv2d(x, load("conv2_weights"), load("conv2_bias")))
    values["conv2"] = x
    x = F.max_pool2d(x, 2, 2)
    values["pool2"] = x
    x = F.relu(F.linear(x.flatten(1), load("ip1_weights"), load("ip1_bias")))
    values["ip1"] = x
    x = F.linear(x, load("ip2_weights"), load("ip2_bias"))
    values["ip2"] = x
    return x, values


def main(kind, source, input_file, class_index, layer, out):
    image = torch.from_numpy(np.load(input_file)).requires_grad_(True)
    if kind == "onnx":
        scores, values = onnx_scores(Path(source), image)
    else:
        scores, values = lenet_scores(Path(source), image)
    score = scores[0, int(class_index)]
    activation = values[layer]
    input_gradient, layer_gradient = torch.autograd.grad(score, [image, activation])
    weights = layer_gradient.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * activation).sum(dim=1, keepdim=True))
    cam_map = F.interpolate(cam, size=tuple(image.shape[2:]), mode="bilinear",
                            align_corners=False)
    np.savez(out, score=np.float32(score.item()),
             input_gradient=input_gradient.numpy().astype(np.float32),
             gradcam=cam[0, 0].detach().numpy().astype(np.float32),
             gradcam_map=cam_map[0, 0].detach().numpy().astype(np.float32))


if __name__ == "__main__":
    main(*sys.argv[1:])
