"""Convscope for Python: draw numpy arrays and PyTorch layers with the visualization service, and
run images and upload models through the gateway.

    import convscope
    result = convscope.render(array, "conv1")                # one array, drawn and stored
    results = convscope.watch(model, image, weights=True)    # every layer of a torch.nn.Module
    convscope.Gateway("http://localhost:8080").run("boot.png", "runs/boot")

The gRPC stubs are generated from proto/ by clients/python/generate-stubs.
"""

from convscope.errors import ConvscopeError, GatewayError, ServiceError
from convscope.gateway import Gateway, Run
from convscope.results import Picture, Rendered, Statistics
from convscope.tensors import TensorToRender
from convscope.visualization import render, render_many
from convscope.watch import watch

__all__ = [
    "ConvscopeError",
    "Gateway",
    "GatewayError",
    "Picture",
    "Rendered",
    "Run",
    "ServiceError",
    "Statistics",
    "TensorToRender",
    "render",
    "render_many",
    "watch",
]
