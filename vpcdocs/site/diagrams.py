"""The diagrams of the docs pages: which page gets which picture, drawn as self-contained SVG.

`page_scenes` is the one place that asks the views (`vpcdocs.render.views`) for scenes: the
overview on the home page, one per VPC, per flow and per endpoint service. `render_svgs` draws
them with Graphviz, several `dot` processes at once (each picture is independent, so the bytes
do not depend on the order), and rewrites each node link so it works from where the SVG sits:
relative to the SVG's folder, pointing at the page's URL (a folder), and opening in the whole
window (`target="_top"`) when the SVG is shown inside the page with `<object>`.
"""

from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from vpcdocs.render.markdown import layout
from vpcdocs.render.markdown.design import Design
from vpcdocs.render.scene import Scene
from vpcdocs.site import page_paths

__all__ = ["page_scenes", "relink_svg", "render_svgs", "svg_size"]

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_HREF = f"{{{_XLINK_NS}}}href"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'


def page_scenes(design: Design) -> dict[str, Scene]:
    """{diagram path: scene} for every page that has a diagram: the home page (overview), each
    VPC, each flow and each endpoint service. (Templates also cope with a page without one.)"""
    from vpcdocs.render import views

    topo = design.topology
    results = design.flows
    scenes: dict[str, Scene] = {}
    scenes[layout.diagram_of(layout.HOME)] = views.overview(topo, results)
    for vpc in topo.vpcs:
        scenes[layout.diagram_of(page_paths.vpc_page(vpc))] = views.vpc_view(topo, results, vpc)
    for flow in results:
        scenes[layout.diagram_of(page_paths.flow_page(flow.id))] = views.flow_view(topo, flow)
    for service in topo.endpoint_services:
        scenes[layout.diagram_of(page_paths.service_page(service))] = views.service_view(
            topo, results, service
        )
    return scenes


def render_svgs(scenes: Mapping[str, Scene], *, workers: int | None = None) -> dict[str, bytes]:
    """{diagram path: SVG bytes}, node links relative to each diagram's folder. Raises
    `vpcdocs.render.graphviz_run.RenderError` when Graphviz is missing or fails."""
    from vpcdocs.render.dot import icon_root, scene_to_dot
    from vpcdocs.render.graphviz_run import render
    from vpcdocs.render.svg import finalize_svg

    paths = sorted(scenes)
    sources = {path: scene_to_dot(scenes[path]) for path in paths}  # `diagrams`: one thread
    root = icon_root()

    def draw(path: str) -> bytes:
        raw = render(sources[path], "svg", image_dir=root)
        return relink_svg(finalize_svg(raw, icon_root=root, link_base=""), path)

    count = workers or min(8, os.cpu_count() or 1)
    if count <= 1 or len(paths) <= 1:
        return {path: draw(path) for path in paths}
    with ThreadPoolExecutor(max_workers=count) as pool:
        drawn = list(pool.map(draw, paths))
    return dict(zip(paths, drawn, strict=True))


_UNITS_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "in": 96.0, "cm": 96 / 2.54, "mm": 9.6 / 2.54}


def svg_size(svg: bytes) -> tuple[int, int]:
    """The natural size of an SVG in CSS pixels (Graphviz writes `width="983pt"`); (0, 0) when
    it has no absolute size."""
    root = ET.fromstring(svg)
    size = []
    for name in ("width", "height"):
        match = re.fullmatch(r"\s*([0-9.]+)\s*([a-z]*)\s*", root.get(name) or "")
        if match is None or match.group(2) not in _UNITS_PX:
            return (0, 0)
        size.append(round(float(match.group(1)) * _UNITS_PX[match.group(2)]))
    return (size[0], size[1])


def relink_svg(svg: bytes, svg_path: str) -> bytes:
    """Make every relative node link of `svg` (a docs path such as `vpcs/a/index.md`, or a URL
    path such as `vpcs/a/`, from the docs root) point at that page's `index.html`, relative to
    `svg_path`'s folder, opening in the whole window. Naming the file works with and without
    MkDocs' directory URLs, and from the file system. Other links are left alone."""
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    root = ET.fromstring(svg)
    changed = False
    folder = posixpath.dirname(svg_path) or "."
    for anchor in root.iter(f"{{{_SVG_NS}}}a"):
        href = anchor.get(_HREF)
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("/"):
            continue
        path, _, fragment = href.partition("#")
        url = layout.url_of(path) if path.endswith(".md") else path
        if url == "" or url.endswith("/"):
            url += "index.html"
        relative = posixpath.relpath(url, folder)
        anchor.set(_HREF, relative + (f"#{fragment}" if fragment else ""))
        anchor.set("target", "_top")
        changed = True
    if not changed:
        return svg
    text = ET.tostring(root, encoding="unicode")
    return (_DECLARATION + text.rstrip("\n") + "\n").encode("utf-8")
