"""The contract's generated messages and stubs, with a clear word when they were never generated."""

try:
    from convscope.v1 import tensor_pb2, visualization_service_pb2, visualization_service_pb2_grpc
except ImportError as missing:  # pragma: no cover - the message is the point
    raise ImportError(
        "convscope's gRPC stubs are not generated yet: run clients/python/generate-stubs "
        "(needs Debian's protobuf-compiler and protobuf-compiler-grpc)"
    ) from missing

__all__ = ["tensor_pb2", "visualization_service_pb2", "visualization_service_pb2_grpc"]
