"""How long the views of the two examples take: scenes, DOT, Graphviz layout, SVG and PNG.

Run: `python benchmarks/diagram_views.py [--repeat 3]`. For each example it loads and analyses
the topology once, then times (median of the repeats) building every view's `Scene`, turning
them into DOT, and drawing them with Graphviz `dot` as SVG (self-contained, icons embedded once)
and as PNG: the overview on its own, and all views together (what a docs build draws).
Needs Graphviz for the drawing figures; prints "skipped" without it.

Recorded on the project's machine (2 cores shared with other jobs, Graphviz 2.43.0, Python
3.11), median of 3; two runs differed by up to 2x, so read these as orders of magnitude:

    course (5 VPCs, 8 flows; 15 views)
      load + analyse                      0.04-0.09 s
      build all scenes                    0.006 s
      scene_to_dot, all views             0.03-0.07 s   (overview DOT 36 KB)
      overview  -> SVG                    0.04-0.12 s   (layout is cheap ...)
      overview  -> PNG                    0.9-2.5 s     (... rasterising 2944 x 3794 px is not)
      all views -> SVG                    0.5-0.8 s
      all views -> PNG                    3.0-3.2 s
    hub-and-spoke (8 VPCs, 18 flows, 11 interface endpoints; 28 views)
      load + analyse                      0.2-0.9 s
      build all scenes                    0.015-0.03 s
      scene_to_dot, all views             0.09-0.13 s   (overview DOT 74 KB)
      overview  -> SVG                    0.08-0.10 s
      overview  -> PNG                    3.3-3.5 s     (5563 x 5412 px)
      all views -> SVG                    1.3-2.3 s
      all views -> PNG                    5.5-10.4 s

Layout settings come from `vpcdocs.render.dot.LAYOUT` (splines=spline; never curved, never fdp
with ortho). Rerun after changing a view or the layout settings and update these figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from vpcdocs.render.scene import Scene

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


def bench(name: str, repeat: int) -> None:
    """Time one example's views and print the figures."""
    from vpcdocs.analysis.paths import analyse
    from vpcdocs.loader import load_file
    from vpcdocs.render import views
    from vpcdocs.render.dot import scene_to_dot
    from vpcdocs.render.draw import draw
    from vpcdocs.render.graphviz_run import find_dot

    start = time.perf_counter()
    topology = load_file(str(REPO / "examples" / f"{name}.yaml")).topology
    assert topology is not None
    results = analyse(topology)
    loaded = time.perf_counter() - start

    def build() -> list[Scene]:
        scenes = [views.overview(topology, results)]
        scenes += [views.vpc_view(topology, results, v) for v in topology.vpcs]
        scenes += [views.flow_view(topology, r) for r in results]
        scenes += [views.service_view(topology, results, s) for s in topology.endpoint_services]
        return scenes

    build_s, scenes = timed(repeat, build)
    dot_s, dots = timed(repeat, lambda: [scene_to_dot(s) for s in scenes])
    print(f"{name} ({len(topology.vpcs)} VPCs, {len(results)} flows; {len(scenes)} views)")
    print(f"  load + analyse                      {loaded:.2f} s")
    print(f"  build all scenes                    {build_s:.3f} s")
    print(f"  scene_to_dot, all views             {dot_s:.2f} s   (overview DOT "
          f"{len(dots[0].encode()) // 1024} KB)")
    if find_dot() is None:
        print("  drawing                             skipped (Graphviz `dot` not installed)")
        return
    overview = scenes[0]
    for label, work in (
        ("overview  -> SVG", lambda: draw(overview, "svg", link_base="")),
        ("overview  -> PNG", lambda: draw(overview, "png")),
        ("all views -> SVG", lambda: [draw(s, "svg", link_base="") for s in scenes]),
        ("all views -> PNG", lambda: [draw(s, "png") for s in scenes]),
    ):
        seconds, _ = timed(repeat, work)
        print(f"  {label:<34}  {seconds:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name in ("course", "hub-and-spoke"):
        bench(name, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
