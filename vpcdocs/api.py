"""The public Python API: what `import vpcdocs` offers (docs/api.md).

    import vpcdocs

    topology = vpcdocs.load("network.yaml")          # raises vpcdocs.LoadError
    analysis = vpcdocs.analyse(topology)
    analysis.paths_json()                            # = vpcdocs paths --format json
    analysis.cost_json()                             # = vpcdocs cost --format json
    svg = vpcdocs.draw(analysis, flow="web-to-s3")   # = vpcdocs diagram --flow web-to-s3 -o x.svg
    docs = vpcdocs.pages(analysis)                   # = what vpcdocs generate writes

The command line is a client of these functions and prints what they return, so a script gets
the same bytes as the CLI. Everything outside this module (and the types it names) is internal
and may change between releases. `vpcdocs/__init__.py` imports this module on first use only,
so `import vpcdocs` stays quick, and this module imports the stages it needs when a function
is called (diagrams and MkDocs are heavy).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis
    from vpcdocs.model import Topology
    from vpcdocs.render.draw import Format

__all__ = ["analyse", "draw", "load", "pages"]


def load(path: str | Path) -> Topology:
    """Load and validate the topology file at `path`.

    Returns the frozen `Topology`; its `warnings` are the warnings `vpcdocs validate` prints.
    Raises `LoadError` when the file cannot be read or is not valid: `.diagnostics` are every
    problem, located and sorted (`str()` is their text, as `vpcdocs validate` prints it).
    """
    from vpcdocs.loader import load as load_topology

    return load_topology(path)


def analyse(topology: Topology) -> Analysis:
    """Analyse every flow of `topology` (paths, prices, findings, cross-references).

    Never raises for a Region without prices: `Analysis.priced` is then False, and what needs
    the cost report (`report`, `cost_json()`, `pages()`) raises `PricingError`.
    """
    from vpcdocs.analysis.analysis import analyse as analyse_topology

    return analyse_topology(topology)


def draw(
    analysis: Analysis,
    *,
    flow: str | None = None,
    vpc: str | None = None,
    service: str | None = None,
    fmt: Format = "svg",
    link_base: str | None = None,
) -> bytes:
    """One diagram of the design, the bytes `vpcdocs diagram` writes: the overview, or (one of)
    a `flow`, a `vpc` with its neighbours, an endpoint `service`.

    `fmt` is `dot` (no Graphviz needed; icons named relative to
    `vpcdocs.render.dot.icon_dirs()`, where `vpcdocs diagram -o X.dot` names copies in
    `X-icons/` beside the file instead), `svg` (self-contained), `png`, `pdf` or `drawio` (an
    editable diagrams.net file laid out as the SVG). `link_base`
    (SVG and drawio, as `--link-base`) makes each node a link to its docs page under that URL.
    Raises `ValueError` for two selectors or an unknown format, `LookupError` for a name the
    design does not have, `RenderError` when Graphviz is missing or fails.
    """
    from vpcdocs.render.draw import FORMATS, draw_analysis

    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; use {', '.join(FORMATS)}")
    return draw_analysis(analysis, flow=flow, vpc=vpc, service=service, fmt=fmt,
                         link_base=link_base)


def pages(
    analysis: Analysis,
    *,
    templates: str | Path | None = None,
    allow_html: bool = False,
) -> Mapping[str, bytes]:
    """The docs tree `vpcdocs generate` writes: relative path -> bytes (Markdown pages and SVG
    diagrams), sorted by path. `templates` (as `--templates`) is a folder of Jinja2 templates
    that override the built-in ones; `allow_html` (as `--allow-html`) keeps formatting HTML in
    descriptions, rebuilt from an allowlist (no script). Raises `PricingError`,
    `TemplateError`, or `RenderError` (Graphviz)."""
    from vpcdocs.site.pages import design_pages

    folder = Path(templates) if templates is not None else None
    return MappingProxyType(design_pages(analysis, templates_dir=folder, allow_html=allow_html))
