"""Where the docs pages live, and which page a named thing links to.

Every object page is the `index.md` of its own folder (`flows/web-to-s3/index.md`), so that its
diagram sits beside it (`flows/web-to-s3/diagram.svg`) and the page's URL is the folder, whether
or not MkDocs uses directory URLs: raw HTML (the diagram's `<object>`) and links inside an SVG are
not rewritten by MkDocs, and this keeps them right. Which page a name has comes from the one
mapping the diagrams use too (`vpcdocs.render.views.pages.page_for`); the site layer names the
files (`vpcdocs.site.page_paths`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from vpcdocs.model import Topology
from vpcdocs.render.views.pages import page_for, region_page, url_of

__all__ = [
    "CONCEPTS",
    "CROSS_REGION",
    "DIAGRAM",
    "HOME",
    "PRICING",
    "SECTIONS",
    "DiagramRef",
    "Ref",
    "diagram_of",
    "ref_for",
    "url_of",
]

HOME = "index.md"
PRICING = "pricing.md"
CROSS_REGION = "cross-region.md"
CONCEPTS = "concepts.md"
DIAGRAM = "diagram.svg"

#: Section folder -> its index page.
SECTIONS = {
    "regions": "regions/index.md",
    "vpcs": "vpcs/index.md",
    "endpoints": "endpoints/index.md",
    "flows": "flows/index.md",
    "services": "services/index.md",
}


def diagram_of(page: str) -> str:
    """The diagram file beside an object page."""
    return posixpath.join(posixpath.dirname(page), DIAGRAM)


@dataclass(frozen=True)
class DiagramRef:
    """A page's diagram: its file name beside the page and its natural size in CSS pixels."""

    file: str
    width: int
    height: int


@dataclass(frozen=True)
class Ref:
    """A named thing on a page: its name, its kind (the docs' word) and the page it links to
    (None: nothing to link to, e.g. an AWS service or the internet)."""

    name: str
    kind: str
    page: str | None = None


def ref_for(topology: Topology, kind: str, name: str) -> Ref:
    """The link for `name` of `kind`: a hop kind (`paths-json.md`) or a model kind
    (`Topology.kind_of`). Things without their own page link to the section of the page that
    describes them (a subnet to its VPC's subnets, a TGW to its region); AWS services and the
    internet have no page. The mapping is the one the diagrams use (`views.pages.page_for`)."""
    if kind in ("service", "internet"):
        return Ref(name, kind, None)
    if kind == "region":
        # by kind, not by name: an object may be named like a Region (`eu-west-1`)
        return Ref(name, kind, region_page(name) if name in topology.regions() else None)
    return Ref(name, kind, page_for(topology, name))
