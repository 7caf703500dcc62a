"""Distinct synthetic PNG images, written with the standard library only.

Every timed run needs an image the system has never seen (a new image digest), so each one is
drawn from its own seed. Smooth shapes plus a little noise, like the peer's synthetic input:
pure noise would make large PNGs and unrealistic activations.
"""

import math
import random
import struct
import zlib


def png_bytes(width, height, rows, colour):
    """Encodes rows (each a bytes object of width * channels samples) as an 8-bit PNG."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)

    colour_type = 2 if colour else 0  # truecolour RGB, or grey
    header = struct.pack('>IIBBBBB', width, height, 8, colour_type, 0, 0, 0)
    raw = b''.join(b'\x00' + row for row in rows)  # filter type 0 (none) on every row
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header)
            + chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))


def colour_image(seed, size=256):
    """A size x size RGB picture: two gradients and a disc whose place and colour follow the seed.

    256 x 256 as CaffeNet's preprocessing expects it (resize 256, centre crop 227).
    """
    return png_bytes(size, size, colour_rows(seed, size), colour=True)


def colour_rows(seed, size=256):
    """The pixels of colour_image(seed, size): one bytes object of R, G, B samples per row."""
    rng = random.Random(seed)
    cx, cy, radius = rng.uniform(60, 196), rng.uniform(60, 196), rng.uniform(30, 70)
    disc = [rng.randrange(256) for _ in range(3)]
    tilt = rng.uniform(0.5, 1.5)
    noise = iter(rng.randbytes(3 * size * size))
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            inside = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2
            base = (disc if inside
                    else (255 * x // size, int(255 * y / size * tilt) % 256, 128))
            row.extend(_clamp(value + next(noise) % 13 - 6) for value in base)
        rows.append(bytes(row))
    return rows


def digit_image(seed, size=28):
    """A size x size grey picture of a ring and a stroke, digit-like, placed by the seed."""
    rng = random.Random(seed)
    cx, cy = rng.uniform(11, 17), rng.uniform(11, 17)
    ring_radius, slant = rng.uniform(5, 9), rng.uniform(0.2, 0.6)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            ring = math.exp(-((math.hypot(y - cy, x - cx) - ring_radius) ** 2) / 4.0)
            stroke = math.exp(-((x - slant * y - 8.0) ** 2) / 3.0) if y > 14 else 0.0
            row.append(_clamp(255 * min(1.0, ring + stroke) + rng.randint(0, 12)))
        rows.append(bytes(row))
    return png_bytes(size, size, rows, colour=False)


def _clamp(value):
    return max(0, min(255, int(value)))
