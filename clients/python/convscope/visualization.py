"""render and render_many: numpy arrays drawn and stored by the visualization service over gRPC."""

import itertools
import os

import grpc

from convscope._stubs import visualization_service_pb2_grpc
from convscope.errors import ServiceError
from convscope.results import Rendered
from convscope.tensors import TensorToRender

ADDRESS_VARIABLE = "CONVSCOPE_VISUALIZATION_ADDRESS"
DEFAULT_ADDRESS = "localhost:9101"  # where ./convscope up starts the service
DEFAULT_TIMEOUT_SECONDS = 300.0


def address_or_default(address=None):
    """The service's host:port: the one given, else $CONVSCOPE_VISUALIZATION_ADDRESS, else localhost:9101."""
    return address or os.environ.get(ADDRESS_VARIABLE) or DEFAULT_ADDRESS


def render(
    array,
    name,
    *,
    kind="activation",
    layer_type="",
    colormap=None,
    max_width=None,
    normalize=None,
    channels=None,
    channel_order="rgb",
    address=None,
    timeout=DEFAULT_TIMEOUT_SECONDS,
):
    """Draws one array (1 to 4 axes, float32 or float64) and answers its Rendered result.

    The options are TensorToRender's. Raises ServiceError with the service's status and message
    when it refuses the array (0 or more than 4 axes, another data type, over its size limit).
    """
    tensor = TensorToRender(
        array,
        name,
        kind=kind,
        layer_type=layer_type,
        colormap=colormap,
        max_width=max_width,
        normalize=normalize,
        channels=channels,
        channel_order=channel_order,
    )
    return render_many([tensor], address=address, timeout=timeout)[0]


def render_many(tensors, *, address=None, timeout=DEFAULT_TIMEOUT_SECONDS):
    """Draws several TensorToRender in one call, streamed one after the other; answers their
    Rendered results in the same order. ``timeout`` (seconds) is the whole call's deadline.
    """
    tensors = list(tensors)
    for tensor in tensors:
        if not isinstance(tensor, TensorToRender):
            raise TypeError(f"render_many takes TensorToRender items, not {type(tensor).__name__}")
    if not tensors:
        return []
    results = []
    with grpc.insecure_channel(address_or_default(address)) as channel:
        stub = visualization_service_pb2_grpc.VisualizationServiceStub(channel)
        frames = itertools.chain.from_iterable(tensor.frames() for tensor in tensors)
        try:
            for response in stub.RenderTensors(frames, timeout=timeout):
                results.append(Rendered.of(response))
        except grpc.RpcError as failure:
            raise ServiceError(failure.code(), failure.details(), results) from None
    return results
