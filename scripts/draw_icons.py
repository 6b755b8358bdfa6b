"""Draw the icons vpcdocs ships itself (vpcdocs/render/icons/*.png), deterministically, with no
dependency: `python scripts/draw_icons.py` rewrites them; tests/test_render_icons.py checks that
the shipped files are what this script draws.

Why: the stock AWS route-table icon of the `diagrams` package shows three 172.16.x addresses,
data a reader of a 10.x design would take for part of it. vpcdocs' route table is drawn here
instead: three route rows, each a destination bar, an arrow and a target dot, in AWS's
networking purple (#8C4FFF), no text. It is vpcdocs' own drawing, under vpcdocs' licence.
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

SIZE = 200
SAMPLES = 4  # 4 x 4 samples per pixel: smooth edges
PURPLE = (0x8C, 0x4F, 0xFF)
ICONS = Path(__file__).resolve().parent.parent / "vpcdocs" / "render" / "icons"

Shape = Callable[[float, float], bool]


def rounded_ring(x0: float, y0: float, x1: float, y1: float, r: float, w: float) -> Shape:
    def inside(x: float, y: float, a0: float, b0: float, a1: float, b1: float, rr: float) -> bool:
        if not (a0 <= x <= a1 and b0 <= y <= b1):
            return False
        cx = min(max(x, a0 + rr), a1 - rr)
        cy = min(max(y, b0 + rr), b1 - rr)
        return (x - cx) ** 2 + (y - cy) ** 2 <= rr * rr

    return lambda x, y: inside(x, y, x0, y0, x1, y1, r) and not inside(
        x, y, x0 + w, y0 + w, x1 - w, y1 - w, max(r - w, 0.0))


def rect(x0: float, y0: float, x1: float, y1: float) -> Shape:
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def triangle(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> Shape:
    def side(px: float, py: float, qx: float, qy: float, x: float, y: float) -> float:
        return (qx - px) * (y - py) - (qy - py) * (x - px)

    def test(x: float, y: float) -> bool:
        d1, d2, d3 = side(ax, ay, bx, by, x, y), side(bx, by, cx, cy, x, y), side(cx, cy, ax, ay, x, y)
        return (d1 >= 0 and d2 >= 0 and d3 >= 0) or (d1 <= 0 and d2 <= 0 and d3 <= 0)

    return test


def circle(cx: float, cy: float, r: float) -> Shape:
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def route_table() -> list[Shape]:
    shapes: list[Shape] = []
    for top in (14.0, 76.0, 138.0):
        bottom = top + 48
        mid = (top + bottom) / 2
        shapes.append(rounded_ring(8, top, 192, bottom, 9, 8))
        shapes.append(rect(26, mid - 7, 82, mid + 7))  # destination
        shapes.append(rect(94, mid - 3.5, 132, mid + 3.5))  # arrow shaft
        shapes.append(triangle(130, mid - 12, 130, mid + 12, 148, mid))  # arrow head
        shapes.append(circle(165, mid, 10))  # target
    return shapes


def png(shapes: list[Shape], color: tuple[int, int, int]) -> bytes:
    rows = bytearray()
    step = 1 / SAMPLES
    for py in range(SIZE):
        rows.append(0)
        for px in range(SIZE):
            hits = 0
            for sy in range(SAMPLES):
                y = py + (sy + 0.5) * step
                for sx in range(SAMPLES):
                    x = px + (sx + 0.5) * step
                    if any(shape(x, y) for shape in shapes):
                        hits += 1
            alpha = round(255 * hits / (SAMPLES * SAMPLES))
            rows += bytes((*color, alpha))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def icons() -> dict[str, bytes]:
    """{file name: PNG bytes} of every icon vpcdocs draws itself."""
    return {"route-table.png": png(route_table(), PURPLE)}


def main() -> int:
    ICONS.mkdir(parents=True, exist_ok=True)
    for name, data in icons().items():
        (ICONS / name).write_bytes(data)
        print(f"wrote {ICONS / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
