"""A tensor to draw, and the frames it travels in: one header, then chunks of at most 1 MiB."""

from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

import numpy as np

from convscope._stubs import tensor_pb2, visualization_service_pb2

CHUNK_BYTES = 1 << 20  # the service takes 1 byte to 1 MiB per chunk

_DATA_TYPES = {
    np.dtype("float32"): tensor_pb2.DATA_TYPE_FLOAT32,
    np.dtype("float64"): tensor_pb2.DATA_TYPE_FLOAT64,
}
_KINDS = {
    "activation": tensor_pb2.TENSOR_KIND_ACTIVATION,
    "weights": tensor_pb2.TENSOR_KIND_WEIGHTS,
}
_CHANNEL_ORDERS = {"rgb": tensor_pb2.CHANNEL_ORDER_RGB, "bgr": tensor_pb2.CHANNEL_ORDER_BGR}


@dataclass
class TensorToRender:
    """An array and how to draw it; every option left out takes the service's default.

    ``array``: 1 to 4 axes of float32 or float64, without a batch axis: (C,H,W) or (N) for an
    activation, (out,in,kh,kw) or (out,in) for weights. ``kind``: "activation" or "weights".
    ``layer_type``: the layer's type ("Conv2d", "Softmax", ...); Softmax outputs are drawn
    unnormalised. ``colormap``: jet, hot, rainbow, winter, simple, white, gray or viridis.
    ``max_width``: the tile picture's width budget in pixels (600). ``normalize``: rescale to
    0..255 before drawing. ``channels``: an int N draws the first N maps, a sequence of indices
    those maps. ``channel_order``: "rgb" (PyTorch's) or "bgr" (Caffe's) for 3-plane colour data.
    """

    array: Any
    name: str
    kind: str = "activation"
    layer_type: str = ""
    colormap: Optional[str] = None
    max_width: Optional[int] = None
    normalize: Optional[bool] = None
    channels: Union[None, int, Sequence[int]] = None
    channel_order: str = "rgb"

    def __post_init__(self):
        # Checked here rather than while frames are sent, where a failure would only cancel the call.
        if self.kind not in _KINDS:
            raise ValueError(f"{self.name}: kind is {self.kind!r}; expected one of {sorted(_KINDS)}")
        if self.channel_order not in _CHANNEL_ORDERS:
            raise ValueError(
                f"{self.name}: channel_order is {self.channel_order!r}; expected one of {sorted(_CHANNEL_ORDERS)}"
            )

    def frames(self):
        """The request frames: the header, then the values' little-endian bytes in chunks.

        Only what Python alone knows is checked here (the option names); the array's shape, type
        and size are the service's to judge, so a refusal carries the service's own message. A
        type the contract has no name for goes as DATA_TYPE_UNSPECIFIED, which the service refuses.
        """
        values = np.asarray(self.array)
        data_type = _DATA_TYPES.get(values.dtype.newbyteorder("="), tensor_pb2.DATA_TYPE_UNSPECIFIED)
        if data_type != tensor_pb2.DATA_TYPE_UNSPECIFIED:
            values = values.astype(values.dtype.newbyteorder("<"), copy=False)
        values = np.asarray(values, order="C")  # not ascontiguousarray: it makes a 0-d array 1-d
        yield visualization_service_pb2.RenderTensorsRequest(header=self._header(values, data_type))
        data = memoryview(values.reshape(-1).view(np.uint8))
        for start in range(0, len(data), CHUNK_BYTES):
            yield visualization_service_pb2.RenderTensorsRequest(chunk=bytes(data[start : start + CHUNK_BYTES]))

    def _header(self, values, data_type):
        header = tensor_pb2.TensorHeader(
            name=self.name,
            kind=_KINDS[self.kind],
            layer_type=self.layer_type,
            shape=values.shape,
            data_type=data_type,
            total_bytes=values.nbytes,
            channel_order=_CHANNEL_ORDERS[self.channel_order],
        )
        options = header.options
        if self.colormap is not None:
            options.colormap = self.colormap
        if self.max_width is not None:
            options.max_width = self.max_width
        if self.normalize is not None:
            options.normalize = self.normalize
        if isinstance(self.channels, (int, np.integer)):
            options.channels.first = int(self.channels)
        elif self.channels is not None:
            options.channels.indices.values.extend(int(index) for index in self.channels)
        return header
