"""How long a big diagram takes: DOT built in Python, then laid out by Graphviz `dot`.

Run: `python benchmarks/diagram_layout.py [--nodes 500 --clusters 55 --edges 600 --repeat 3]`.
It builds `vpcdocs.render.scene_examples.synthetic_scene`, times `scene_to_dot` (median of the
repeats), then times `dot` on the same DOT with the splines setting vpcdocs uses (spline) and with
ortho for comparison, and the SVG finishing step (icons embedded once). Needs Graphviz for the
layout figures; prints "skipped" without it.

Recorded on the project's machine (2 cores, Graphviz 2.43.0, Python 3.11), 500 nodes /
55 clusters / 600 edges, median of 3 (`--slow` rows: one run):

    import vpcdocs.render.dot (diagrams)   0.07 s  (once per process)
    build the Scene                        0.007 s
    scene_to_dot                           0.04-0.11 s  (DOT 311 KB)
    dot -Tsvg, splines=spline (default)    1.45 s
    dot -Tsvg, splines=ortho               128 s   (--slow; HTML edge labels make ortho crawl)
    dot -Tpng, splines=spline              25-27 s (--slow; an 18344 x 20978 px = 385 Mpx image:
                                                    rasterising, not layout, is the cost)
    finalize_svg (embed icons once)        0.05 s  (SVG 0.71 MB; icons inlined per use: 7.2 MB)

These numbers are what the benchmark printed; rerun it after changing the layout settings in
`vpcdocs.render.dot.LAYOUT`.
"""

from __future__ import annotations

import argparse
import base64
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def timed(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """Median wall time of `repeat` runs of `work`, and the last result."""
    times: list[float] = []
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--clusters", type=int, default=55)
    parser.add_argument("--edges", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--slow", action="store_true", help="also time ortho splines and PNG (minutes, run once)"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    from vpcdocs.render import dot as dot_module

    import_time = time.perf_counter() - start
    from vpcdocs.render import graphviz_run, svg
    from vpcdocs.render.scene_examples import synthetic_scene

    rows: list[tuple[str, str]] = [("import vpcdocs.render.dot (diagrams)", f"{import_time:.2f} s")]
    build_time, scene = timed(args.repeat, lambda: synthetic_scene(args.nodes, args.clusters, args.edges))
    rows.append(("build the Scene", f"{build_time:.3f} s"))
    dot_time, source = timed(args.repeat, lambda: dot_module.scene_to_dot(scene))
    rows.append(("scene_to_dot", f"{dot_time:.3f} s  (DOT {len(source) / 1000:.0f} KB)"))

    if graphviz_run.find_dot() is None:
        rows.append(("dot layout", "skipped: Graphviz `dot` is not installed"))
    else:
        root = dot_module.icon_root()
        ortho = source.replace("splines=spline", "splines=ortho")
        assert ortho != source, "the DOT no longer says splines=spline; update the benchmark"
        svg_time, raw = timed(
            args.repeat, lambda: graphviz_run.render(source, "svg", image_dir=root, timeout=600)
        )
        rows.append(("dot -Tsvg, splines=spline (default)", f"{svg_time:.2f} s"))
        if args.slow:
            ortho_time, _ = timed(1, lambda: graphviz_run.render(ortho, "svg", image_dir=root, timeout=1800))
            rows.append(("dot -Tsvg, splines=ortho (once)", f"{ortho_time:.2f} s"))
            png_time, png = timed(1, lambda: graphviz_run.render(source, "png", image_dir=root, timeout=1800))
            rows.append(
                (
                    "dot -Tpng, splines=spline (once)",
                    f"{png_time:.2f} s  ({_png_megapixels(png):.0f} megapixels)",
                )
            )
        fin_time, final = timed(args.repeat, lambda: svg.finalize_svg(raw, icon_root=root))
        inlined = _inline_every_image(raw, root)
        rows.append(
            (
                "finalize_svg (embed icons once)",
                f"{fin_time:.3f} s  (SVG {len(final) / 1e6:.2f} MB; "
                f"icons inlined per use: {len(inlined) / 1e6:.1f} MB)",
            )
        )

    print(f"{args.nodes} nodes / {args.clusters} clusters / {args.edges} edges, median of {args.repeat}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    return 0


def _png_megapixels(png: bytes) -> float:
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return width * height / 1e6


def _inline_every_image(raw: bytes, root: Path) -> bytes:
    """The naive alternative for comparison: each <image> carries its own data URI."""

    def data_uri(match: re.Match[bytes]) -> bytes:
        data = (root / match.group(1).decode()).read_bytes()
        return b'xlink:href="data:image/png;base64,' + base64.b64encode(data) + b'"'

    return re.sub(rb'xlink:href="([^"#][^"]*\.png)"', data_uri, raw)


if __name__ == "__main__":
    sys.exit(main())
