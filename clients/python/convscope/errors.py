"""Failures of the services, as Python exceptions that keep the service's status and message."""


class ConvscopeError(Exception):
    """A service refused or failed a request; ``status`` and ``message`` are the service's own."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class ServiceError(ConvscopeError):
    """A gRPC call ended with a status other than OK.

    ``status`` is the ``grpc.StatusCode`` (``INVALID_ARGUMENT`` for a bad tensor, ``RESOURCE_EXHAUSTED``
    over the size limit, ``UNAVAILABLE`` when the service or its store is down). ``completed`` holds
    the results the service sent before it failed: their pictures are stored and stay valid.
    """

    def __init__(self, status, message, completed=()):
        super().__init__(status, message)
        self.completed = list(completed)

    def __str__(self):
        return f"{self.status.name}: {self.message}"


class GatewayError(ConvscopeError):
    """The gateway answered with a problem (RFC 9457), or a run failed after it started.

    ``status`` is the HTTP status (400, 404, 413, 415, 429, 503, ...), ``message`` the problem's
    ``detail`` and ``reason`` its kind of failure (``NOT_FOUND``, ``BUSY``, ...) when it names one.
    """

    def __init__(self, status, message, reason=None):
        super().__init__(status, message)
        self.reason = reason
