"""A multipart/form-data body streamed from disk, its length known before it is sent."""

import uuid


class Form:
    """Fields and files in the order added; files are read in blocks while the body is sent, so a
    model of hundreds of megabytes is never held in memory."""

    def __init__(self):
        self._boundary = uuid.uuid4().hex
        self._parts = []  # (head bytes, body: bytes or a path)

    @property
    def content_type(self):
        return f"multipart/form-data; boundary={self._boundary}"

    def add_value(self, name, value):
        self._parts.append((self._head(f'name="{name}"', None), value.encode()))

    def add_bytes(self, name, file_name, data):
        self._parts.append((self._head(f'name="{name}"; filename="{file_name}"', "text/plain"), data))

    def add_file(self, name, path):
        head = self._head(f'name="{name}"; filename="{path.name}"', "application/octet-stream")
        self._parts.append((head, path))

    @property
    def length(self):
        """The body's exact size in bytes: the gateway checks it against its limit before reading."""
        total = len(self._tail())
        for head, body in self._parts:
            total += len(head) + (len(body) if isinstance(body, bytes) else body.stat().st_size) + 2
        return total

    def chunks(self):
        for head, body in self._parts:
            yield head
            if isinstance(body, bytes):
                yield body
            else:
                with open(body, "rb") as file:
                    while block := file.read(1 << 20):
                        yield block
            yield b"\r\n"
        yield self._tail()

    def _head(self, disposition, content_type):
        lines = [f"--{self._boundary}", f"Content-Disposition: form-data; {disposition}"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def _tail(self):
        return f"--{self._boundary}--\r\n".encode()
