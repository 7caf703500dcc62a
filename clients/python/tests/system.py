"""The running system the tests talk to, as the environment names it, and what they read back
from its store: objects by key (S3 with signature version 2), PNG files, Fashion-MNIST images."""

import base64
import gzip
import hashlib
import hmac
import os
import struct
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
import zlib
from email.utils import formatdate

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


def variable(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run these tests through PythonClientTest (./mvnw verify)")
    return value


class Store:
    """The bucket the services write their pictures to, read over S3's REST API."""

    def __init__(self):
        self.endpoint = variable("CONVSCOPE_STORE_ENDPOINT").rstrip("/")
        self.bucket = variable("CONVSCOPE_STORE_BUCKET")
        self._access_key = variable("CONVSCOPE_STORE_ACCESS_KEY")
        self._secret_key = variable("CONVSCOPE_STORE_SECRET_KEY").encode()

    def get(self, key):
        """The object's bytes, or None when there is no such object."""
        try:
            with urllib.request.urlopen(self._request(f"/{self.bucket}/{urllib.parse.quote(key)}")) as response:
                return response.read()
        except urllib.error.HTTPError as missing:
            if missing.code == 404:
                return None
            raise

    def keys(self, prefix):
        """Every key under ``prefix``."""
        keys, token = [], None
        while True:
            query = {"list-type": "2", "prefix": prefix}
            if token:
                query["continuation-token"] = token
            path = f"/{self.bucket}/"
            with urllib.request.urlopen(self._request(path, "?" + urllib.parse.urlencode(query))) as response:
                listing = ElementTree.fromstring(response.read())
            namespace = {"s3": listing.tag[1 : listing.tag.index("}")]} if listing.tag.startswith("{") else {}
            find = (lambda tag: f"s3:{tag}") if namespace else (lambda tag: tag)
            keys += [item.text for item in listing.iterfind(f"{find('Contents')}/{find('Key')}", namespace)]
            token = listing.findtext(find("NextContinuationToken"), None, namespace)
            if listing.findtext(find("IsTruncated"), "false", namespace) != "true":
                return keys

    def _request(self, path, query=""):
        date = formatdate(usegmt=True)
        signed = f"GET\n\n\n{date}\n{path}".encode()
        signature = base64.b64encode(hmac.new(self._secret_key, signed, hashlib.sha1).digest()).decode()
        return urllib.request.Request(
            self.endpoint + path + query,
            headers={"Date": date, "Authorization": f"AWS {self._access_key}:{signature}"},
        )


def png_size(data):
    """(width, height) of a PNG, decoded: its signature, every chunk's CRC, the header, and image
    data that inflates to exactly the rows the header promises. AssertionError otherwise."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    position, header, compressed = 8, None, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in the {kind!r} chunk"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
        position += 12 + length
    assert header is not None, "no IHDR chunk"
    width, height, depth, colour, _, _, interlace = header
    assert interlace == 0, "interlaced PNG"
    samples = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row_bytes = 1 + (width * samples * depth + 7) // 8
    assert len(zlib.decompress(compressed)) == height * row_bytes, "image data does not fill the header's size"
    return width, height


def fashion_mnist_png(index):
    """Image ``index`` of the Fashion-MNIST test set (Debian's dataset-fashion-mnist) as a PNG."""
    with gzip.open(f"{FASHION_MNIST}/t10k-images-idx3-ubyte.gz") as idx:
        _, count, rows, cols = struct.unpack(">IIII", idx.read(16))
        assert index < count
        idx.seek(16 + index * rows * cols)
        pixels = idx.read(rows * cols)
    raw = b"".join(b"\x00" + pixels[row * cols : (row + 1) * cols] for row in range(rows))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", cols, rows, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def fashion_mnist_label(index):
    with gzip.open(f"{FASHION_MNIST}/t10k-labels-idx1-ubyte.gz") as idx:
        idx.seek(8 + index)
        return idx.read(1)[0]
