"""Just enough PNG reading for a test to look at a screenshot: the pixels of an 8-bit,
non-interlaced RGB or RGBA image (what Chromium writes), without an imaging library."""

from __future__ import annotations

import struct
import zlib


def pixels(data: bytes) -> tuple[int, list[bytes]]:
    """The bytes per pixel (3 or 4), and the image's rows of pixels, unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at = 8
    idat = b""
    width = height = channels = 0
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6), "an unusual PNG"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.append(bytes(line))
        previous = line
    return channels, rows


def colours(data: bytes) -> dict[tuple[int, ...], int]:
    """How many pixels of each colour the image holds."""
    counts: dict[tuple[int, ...], int] = {}
    channels, rows = pixels(data)
    for row in rows:
        for i in range(0, len(row), channels):
            key = tuple(row[i : i + 3])
            counts[key] = counts.get(key, 0) + 1
    return counts
