"""Views: the analysed topology turned into `Scene`s, one module per kind of picture.

    from vpcdocs.render.views import overview, vpc_view, flow_view, service_view, page_for
    scene = overview(topology, results)            # results = analyse(topology)
    scene = overview(topology, results, region="eu-west-1")   # one Region's picture
    scene = vpc_view(topology, results, "app-vpc")
    scene = flow_view(topology, result)            # one FlowResult
    scene = service_view(topology, results, "orders-api")
    svg = draw(scene, "svg", link_base=link_base_for("flows/web-to-s3/diagram.svg"))

All views are pure and deterministic (same input, same scene); an unknown VPC or service raises
`UnknownTarget` (a LookupError with `.suggestion`). Every node and box of a named object links
to its docs page (`link_for`, the URL form of `page_for`), relative to the docs root; `draw`
prefixes the links with `link_base` (see `vpcdocs.render.views.pages`). Modules: `common`
(node kinds, boxes, edge merging, flow styling), `overview`, `vpc`, `flow`, `service`, `pages`.
"""

from __future__ import annotations

from vpcdocs.render.views.common import UnknownTarget
from vpcdocs.render.views.flow import flow_view
from vpcdocs.render.views.overview import overview
from vpcdocs.render.views.pages import link_base_for, link_for, page_for, url_of
from vpcdocs.render.views.service import service_view
from vpcdocs.render.views.vpc import vpc_view

__all__ = [
    "UnknownTarget",
    "flow_view",
    "link_base_for",
    "link_for",
    "overview",
    "page_for",
    "service_view",
    "url_of",
    "vpc_view",
]
