"""Make the small copies of the icons that vpcdocs embeds in its SVG diagrams
(vpcdocs/render/icons/embed/), deterministically, with no dependency:
`python scripts/shrink_icons.py` rewrites them; tests/test_render_icon_shrink.py checks that the
shipped files are what this script makes from the installed icons.

Why: every SVG diagram must be self-contained (it is shown through `<img>`, which loads nothing
else), so each carries its icons as base64 PNG. The `diagrams` package's icons are 200-400 px
squares drawn at 54 points (72 CSS px): on an estate-sized design the icons were ~85 % of the
~110 MB of SVG. Each copy here is the same picture resampled to `SIZE` px (1.8 times the drawn
size in CSS px: sharp on a high-density screen and when zoomed in), averaged over the exact
area each new pixel covers, with colours weighted by their opacity so that edges do not darken.

A copy is named by the SHA-256 of the icon file it was made from (`<sha256>.png`), so
`vpcdocs.render.svg` embeds it only for that very file: an icon changed by a new `diagrams`
release is embedded as it is until this script is run again. Only copies smaller than their
original are kept.
"""

from __future__ import annotations

import hashlib
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = 128
FOLDER = ROOT / "vpcdocs" / "render" / "icons" / "embed"
_MAGIC = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {6: 4, 4: 2}  # RGBA, grey + alpha (8 bits each); the last channel is alpha


def decode(data: bytes) -> tuple[int, int, int, list[bytearray]]:
    """(width, height, channels, rows) of an 8-bit, non-interlaced RGBA or grey+alpha PNG."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a PNG file")
    pos, idat, header = len(_MAGIC), b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    channels = _CHANNELS[colour]
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def _weights(source: int, target: int) -> list[list[tuple[int, float]]]:
    """For each target pixel, the source pixels it covers and the share of each (box filter)."""
    scale = source / target
    result = []
    for t in range(target):
        start, end = t * scale, (t + 1) * scale
        cover = []
        s = int(start)
        while s < end and s < source:
            share = min(end, s + 1) - max(start, s)
            if share > 1e-12:
                cover.append((s, share))
            s += 1
        result.append(cover)
    return result


def resample(width: int, height: int, channels: int, rows: list[bytearray],
             size: int) -> list[bytearray]:
    """The picture averaged down to size x size, colours weighted by opacity."""
    alpha = channels - 1
    across, down = _weights(width, size), _weights(height, size)
    # premultiplied floats, one pass across, one pass down
    half: list[list[float]] = []
    for line in rows:
        out = [0.0] * (size * channels)
        for x, cover in enumerate(across):
            acc = [0.0] * channels
            for s, share in cover:
                a = line[s * channels + alpha] * share
                for c in range(alpha):
                    acc[c] += line[s * channels + c] * a
                acc[alpha] += a
            out[x * channels:(x + 1) * channels] = acc
        half.append(out)
    total = width / size * height / size
    result = []
    for cover in down:
        line = bytearray(size * channels)
        for x in range(size):
            acc = [0.0] * channels
            for s, share in cover:
                for c in range(channels):
                    acc[c] += half[s][x * channels + c] * share
            a = acc[alpha]
            for c in range(alpha):
                line[x * channels + c] = min(255, int(acc[c] / a + 0.5)) if a > 0 else 0
            line[x * channels + alpha] = min(255, int(a / total + 0.5))
        result.append(line)
    return result


def encode(size: int, channels: int, rows: list[bytearray]) -> bytes:
    """A PNG of the rows, each row with the filter whose output sums to the least (the usual
    heuristic), compressed at zlib level 9."""
    colour = {v: k for k, v in _CHANNELS.items()}[channels]
    stride = size * channels
    previous = bytearray(stride)
    raw = bytearray()
    for line in rows:
        best: tuple[int, bytes] | None = None
        for kind in range(5):
            out = bytearray(stride)
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                up = previous[i]
                corner = previous[i - channels] if i >= channels else 0
                if kind == 0:
                    pred = 0
                elif kind == 1:
                    pred = left
                elif kind == 2:
                    pred = up
                elif kind == 3:
                    pred = (left + up) // 2
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                out[i] = (line[i] - pred) & 255
            cost = sum(v if v < 128 else 256 - v for v in out)
            if best is None or cost < best[0]:
                best = (cost, bytes([kind]) + bytes(out))
        assert best is not None
        raw += best[1]
        previous = line

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, colour, 0, 0, 0)
    return (_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


def shrink(data: bytes, size: int = SIZE) -> bytes | None:
    """The small copy of one icon file, or None when it would not be smaller."""
    width, height, channels, rows = decode(data)
    if width <= size and height <= size:
        return None
    small = encode(size, channels, resample(width, height, channels, rows, size))
    return small if len(small) < len(data) else None


def sources() -> dict[str, bytes]:
    """{sha256: bytes} of every icon file vpcdocs' diagrams can use."""
    from vpcdocs.render.dot import icon_file, icon_path
    from vpcdocs.render.scene import ICON_NAMES

    found = {}
    for name in sorted(ICON_NAMES):
        data = icon_path(icon_file(name)).read_bytes()
        found[hashlib.sha256(data).hexdigest()] = data
    return found


def copies() -> dict[str, bytes]:
    """{file name in FOLDER: bytes} of every small copy."""
    made = {}
    for digest, data in sorted(sources().items()):
        small = shrink(data)
        if small is not None:
            made[f"{digest}.png"] = small
    return made


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    made = copies()
    for old in FOLDER.glob("*.png"):
        if old.name not in made:
            old.unlink()
    for name, data in made.items():
        (FOLDER / name).write_bytes(data)
    print(f"{len(made)} icons in {FOLDER.relative_to(ROOT)} "
          f"({sum(map(len, made.values())):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
