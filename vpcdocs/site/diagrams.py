"""The diagrams of the docs pages: which page gets which picture, drawn as self-contained SVG.

`page_scenes` is the one place that asks the views (`vpcdocs.render.views`) for scenes: the
overview on the home page, one per Region (its part of the overview), per VPC, per flow and per
endpoint service. `render_svgs` draws
them with Graphviz, several `dot` processes at once (each picture is independent, so the bytes
do not depend on the order), and rewrites each node link so it works from where the SVG sits:
relative to the SVG's folder, pointing at the page's URL (a folder), and opening in the whole
window (`target="_top"`) when the SVG is shown inside the page with `<object>`.

Finished SVGs are cached (`vpcdocs.render.cache`, store "svg"), keyed by everything their bytes
depend on: the scene (`scene_key`) with all of vpcdocs' code and the `diagrams` version (which
together decide the DOT text, so a cached SVG is found without building its DOT text: an
incremental run builds DOT only for the pictures that changed), the `dot` program and its
version string, the link base and the SVG's path (the links are built from both), the icons
they embed (and their small copies) and the installed fonts (Graphviz measures text with
them). A no-op `generate --check` then runs no `dot` at all, and the bytes are the same with or
without the cache.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import vpcdocs
from vpcdocs.analysis.analysis import Analysis
from vpcdocs.render.markdown import layout
from vpcdocs.render.scene import Scene
from vpcdocs.site import page_paths
from vpcdocs.site.forked import cores

__all__ = ["page_scenes", "relink_svg", "relink_tree", "render_svgs", "scene_key", "svg_size"]

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_HREF = f"{{{_XLINK_NS}}}href"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'


def page_scenes(design: Analysis) -> dict[str, Scene]:
    """{diagram path: scene} for every page that has a diagram: the home page (overview), each
    Region (its part of the overview), each VPC, each flow, each endpoint service and each
    on-premises network. (Templates also cope with a page without one.)"""
    from vpcdocs.render import views

    topo = design.topology
    results = design.flows
    scenes: dict[str, Scene] = {}
    scenes[layout.diagram_of(layout.HOME)] = views.overview(topo, results)
    for region in topo.regions():
        scenes[layout.diagram_of(page_paths.region_page(region))] = views.overview(
            topo, results, region=region)
    for vpc in topo.vpcs:
        scenes[layout.diagram_of(page_paths.vpc_page(vpc))] = views.vpc_view(topo, results, vpc)
    for flow in results:
        scenes[layout.diagram_of(page_paths.flow_page(flow.id))] = views.flow_view(topo, flow)
    for service in topo.endpoint_services:
        scenes[layout.diagram_of(page_paths.service_page(service))] = views.service_view(
            topo, results, service
        )
    for network in topo.on_premises:  # hybrid designs only
        scenes[layout.diagram_of(page_paths.onprem_page(network))] = views.onprem_view(
            topo, results, network)
    return scenes


def render_svgs(scenes: Mapping[str, Scene], *, workers: int | None = None,
                link_base: str = "") -> dict[str, bytes]:
    """{diagram path: SVG bytes}, node links relative to each diagram's folder. Raises
    `vpcdocs.render.graphviz_run.RenderError` when Graphviz is missing or fails."""
    from vpcdocs.render import cache
    from vpcdocs.render.dot import icon_dirs, icon_path, scene_to_dot, used_icons
    from vpcdocs.render.graphviz_run import render
    from vpcdocs.render.svg import finalize_svg

    paths = sorted(scenes)
    root = icon_dirs()
    blobs = cache.store("svg")
    keys: dict[str, str] = {}
    found: dict[str, bytes] = {}
    if blobs is not None:
        common = _cache_basis(root, link_base)
        if common is not None:
            for path in paths:
                icons = [_file_digest(icon_path(name)) for name in used_icons([scenes[path]])]
                keys[path] = cache.key(*common, path, scene_key(scenes[path]), *icons)
                cached = blobs.get(keys[path])
                if cached is not None:
                    found[path] = cached
    todo = [path for path in paths if path not in found]
    sources = {path: scene_to_dot(scenes[path]) for path in todo}  # `diagrams`: one thread

    def draw(path: str) -> bytes:
        raw = render(sources[path], "svg", image_dir=root)
        svg = finalize_svg(raw, icon_root=root, link_base=link_base,
                           rewrite=lambda tree: relink_tree(tree, path))
        entry = keys.get(path)
        if blobs is not None and entry is not None:
            blobs.put(entry, svg)
        return svg

    count = workers or cores()
    if count <= 1 or len(todo) <= 1:
        found.update((path, draw(path)) for path in todo)
    else:
        with ThreadPoolExecutor(max_workers=count) as pool:
            found.update(zip(todo, pool.map(draw, todo), strict=True))
    return {path: found[path] for path in paths}


#: Scene fields that do not change the picture: where it comes from and what it is called in a
#: message when it cannot be drawn (`scene_to_dot` only attaches them to the DOT text), and
#: the node index derived from the nodes.
_NOT_DRAWN = frozenset({"origin", "subject", "_node_index"})


def scene_key(scene: Scene) -> str:
    """Text naming everything of `scene` that its DOT text is made from: the `repr` of every
    field but `_NOT_DRAWN` (scenes are frozen dataclasses of strings, numbers, enums and
    tuples of them, whose reprs show every field). With the code that turns scenes into DOT
    (the package digest in `_cache_basis`), it decides the DOT text, so a cached SVG is found
    without building the DOT text at all: an incremental run builds it only for what changed."""
    return repr([(f.name, getattr(scene, f.name)) for f in dataclasses.fields(scene)
                 if f.name not in _NOT_DRAWN])


#: Bump to drop every cached SVG (e.g. when what the key covers changes).
_CACHE_FORMAT = "site-svg 2"


def _cache_basis(icon_dirs: tuple[Path, ...], link_base: str) -> list[str] | None:
    """What every cached SVG of this run depends on besides its own DOT, path and icons; None
    when Graphviz is missing (then `render` raises its usual error)."""
    from vpcdocs.fingerprint import package_digest
    from vpcdocs.render import graphviz_run

    program = graphviz_run.find_dot()
    if program is None:
        return None
    version = _graphviz_version(program, _mtime(Path(program)))
    if version is None:
        return None
    code = [_file_digest(Path(module.__file__ or "")) for module in _finishing_modules()]
    code.append(_embedded_icons_digest())
    code.append(package_digest())  # all of vpcdocs (scenes to DOT) and the `diagrams` version
    return [_CACHE_FORMAT, vpcdocs.__version__, program, version, *code, _font_stamp(),
            f"link_base={link_base}", "imagepath=" + ":".join(d.name for d in icon_dirs)]


def _finishing_modules() -> list[ModuleType]:
    from vpcdocs.render import graphviz_run, svg
    from vpcdocs.site import diagrams

    return [graphviz_run, svg, diagrams]


@functools.lru_cache(maxsize=1)
def _embedded_icons_digest() -> str:
    """The small icon copies the SVGs embed (`vpcdocs.render.svg.EMBED_DIR`), once a process."""
    from vpcdocs.fingerprint import tree_digest
    from vpcdocs.render.svg import EMBED_DIR

    try:
        return tree_digest(EMBED_DIR)
    except OSError:
        return "unreadable"


@functools.lru_cache(maxsize=8)
def _graphviz_version(program: str, mtime: str) -> str | None:
    """`dot -V` of this program (asked once per process and binary)."""
    from vpcdocs.render import graphviz_run

    del program, mtime  # the cache key: graphviz_version runs graphviz_run.find_dot() itself
    return graphviz_run.graphviz_version()


def _mtime(path: Path) -> str:
    try:
        return str(path.stat().st_mtime_ns)
    except OSError:
        return ""


@functools.lru_cache(maxsize=256)
def _digest_of(path: str, stamp: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _file_digest(path: Path) -> str:
    """SHA-256 of a file (read once per process unless it changes)."""
    return _digest_of(str(path), _mtime(path))


def _font_stamp() -> str:
    """When the fontconfig caches last changed: new fonts can change Graphviz's layout."""
    from vpcdocs.render.graphviz_run import font_stamp

    return font_stamp()


_UNITS_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "in": 96.0, "cm": 96 / 2.54, "mm": 9.6 / 2.54}


def svg_size(svg: bytes) -> tuple[int, int]:
    """The natural size of an SVG in CSS pixels (Graphviz writes `width="983pt"`); (0, 0) when
    it has no absolute size."""
    root = _root_element(svg)
    size = []
    for name in ("width", "height"):
        match = re.fullmatch(r"\s*([0-9.]+)\s*([a-z]*)\s*", root.get(name) or "")
        if match is None or match.group(2) not in _UNITS_PX:
            return (0, 0)
        size.append(round(float(match.group(1)) * _UNITS_PX[match.group(2)]))
    return (size[0], size[1])


def _root_element(svg: bytes) -> ET.Element:
    """The root element of `svg` with its attributes, parsed only as far as its start tag (the
    rest of a 60 KB diagram is not needed to read its size)."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    for offset in range(0, len(svg), 4096):
        parser.feed(svg[offset:offset + 4096])
        for event in parser.read_events():
            element = event[-1] if isinstance(event, tuple) else None
            if isinstance(element, ET.Element):
                return element
    parser.close()  # no element at all: raises the same ParseError `ET.fromstring` would
    raise ET.ParseError("no element found")


def relink_svg(svg: bytes, svg_path: str) -> bytes:
    """Make every relative node link of `svg` (a docs path such as `vpcs/a/index.md`, or a URL
    path such as `vpcs/a/`, from the docs root) point at that page's `index.html`, relative to
    `svg_path`'s folder, opening in the whole window. Naming the file works with and without
    MkDocs' directory URLs, and from the file system. Other links are left alone."""
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    root = ET.fromstring(svg)
    if not relink_tree(root, svg_path):
        return svg
    text = ET.tostring(root, encoding="unicode")
    return (_DECLARATION + text.rstrip("\n") + "\n").encode("utf-8")


def relink_tree(root: ET.Element, svg_path: str) -> bool:
    """`relink_svg` on a parsed SVG, in place; whether any link changed."""
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
    return changed
