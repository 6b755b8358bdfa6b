"""Which docs page a named thing has: the one mapping that diagrams and the docs pages share.

Every object page is the `index.md` of its own folder (`flows/web-to-s3/index.md`), with its
diagram beside it (`flows/web-to-s3/diagram.svg`); folder names come from
`vpcdocs.filenames.safe_filename`. Things without a page of their own link to the part of a page that
describes them (a subnet to its VPC page's `#subnets`, a transit gateway to its region page).
AWS services and the internet have no page.

Two spellings of the same place:

* `page_for` gives the Markdown source path (``vpcs/app/index.md#subnets``): for links written
  into Markdown, which MkDocs rewrites;
* `link_for` gives the URL path (``vpcs/app/#subnets``): for links inside an SVG, which MkDocs
  never rewrites. Views put this one into `Node.link`.

Links in an SVG are resolved against the SVG's own address, so the page generator passes
`link_base_for(svg_path)` (``"../../"`` for ``flows/web-to-s3/diagram.svg``) as `link_base` to
`vpcdocs.render.draw.draw`; `vpcdocs diagram --link-base URL` passes the site's root URL instead.
"""

from __future__ import annotations

import posixpath

from vpcdocs.filenames import safe_filename
from vpcdocs.model import Topology

__all__ = [
    "endpoint_page",
    "flow_page",
    "link_base_for",
    "link_for",
    "onprem_page",
    "page_for",
    "region_page",
    "service_page",
    "url_of",
    "vpc_page",
]

_VPC_ANCHORS = {
    "workload": "workloads",
    "subnet": "subnets",
    "route-table": "route-tables",
    "nat-gateway": "gateways",
    "internet-gateway": "gateways",
}


def _item(section: str, name: str) -> str:
    return f"{section}/{safe_filename(name)}/index.md"


def region_page(region: str) -> str:
    return _item("regions", region)


def vpc_page(vpc: str) -> str:
    return _item("vpcs", vpc)


def endpoint_page(endpoint: str) -> str:
    return _item("endpoints", endpoint)


def flow_page(flow: str) -> str:
    return _item("flows", flow)


def onprem_page(network: str) -> str:
    """An on-premises network's page (designs with `on_premises` only)."""
    return _item("on-premises", network)


#: Where the hybrid objects without a page of their own are described on their VPC's page.
_HYBRID_VPC_ANCHOR = "filters-and-hybrid-connectivity"


def service_page(service: str) -> str:
    return _item("services", service)


def page_for(topology: Topology, name: str) -> str | None:
    """The Markdown page (path from the docs root, maybe with ``#anchor``) for a named object of
    the topology or a region name; None for anything else (AWS services, ``internet``)."""
    kind = topology.kind_of(name)
    if kind is None:
        return _item("regions", name) if name in topology.regions() else None
    if kind == "vpc":
        return _item("vpcs", name)
    if kind in _VPC_ANCHORS:
        return f"{_item('vpcs', topology.vpc_of(name).name)}#{_VPC_ANCHORS[kind]}"
    if kind == "endpoint":
        return _item("endpoints", name)
    if kind == "flow":
        return _item("flows", name)
    if kind == "endpoint-service":
        return _item("services", name)
    if kind == "load-balancer":
        return _item("services", topology.load_balancers[name].service)
    if kind == "peering":
        return f"{_item('vpcs', topology.peerings[name].requester)}#connections"
    if kind == "transit-gateway":
        region = topology.transit_gateways[name].region
        return f"{_item('regions', region)}#transit-gateways"
    if kind == "tgw-attachment":
        tgw = topology.tgw_attachments[name].tgw
        return f"{_item('regions', topology.transit_gateways[tgw].region)}#transit-gateways"
    if kind == "tgw-route-table":
        tgw = topology.tgw_route_tables[name].tgw
        return f"{_item('regions', topology.transit_gateways[tgw].region)}#transit-gateways"
    if kind == "hosted-zone":
        return f"{_item('endpoints', topology.hosted_zones[name].alias_to)}#dns"
    return _hybrid_page(topology, kind, name)


def _hybrid_page(topology: Topology, kind: str, name: str) -> str | None:
    """The hybrid kinds (topology-format-hybrid.md): a network's page, or the part of its
    page, or its VPC's page, that describes each."""
    if kind == "on-premises":
        return onprem_page(name)
    if kind == "on-premises-workload":
        return f"{onprem_page(topology.onprem_workloads[name].network)}#workloads"
    if kind == "connection":
        return f"{onprem_page(topology.connections[name].network)}#connections"
    if kind == "direct-connect-gateway":  # global: described with the networks that use it
        users = sorted(c.network for c in topology.connections.values() if c.gateway == name)
        return f"{onprem_page(users[0])}#connections" if users else None
    vpc = {
        "vpn-gateway": lambda: topology.vpn_gateways[name].vpc,
        "resolver-endpoint": lambda: topology.resolver_endpoints[name].vpc,
        "security-group": lambda: topology.security_groups[name].vpc,
        "network-acl": lambda: topology.network_acls[name].vpc,
    }.get(kind)
    return None if vpc is None else f"{_item('vpcs', vpc())}#{_HYBRID_VPC_ANCHOR}"


def url_of(page: str) -> str:
    """A page's URL path from the site root: ``flows/a/index.md`` -> ``flows/a/``,
    ``pricing.md`` -> ``pricing/``, ``index.md`` -> ```` (anchors kept)."""
    path, _, fragment = page.partition("#")
    if path == "index.md" or path.endswith("/index.md"):
        url = path[: -len("index.md")]
    else:
        url = path.removesuffix(".md") + "/"
    return f"{url}#{fragment}" if fragment else url


def link_for(topology: Topology, name: str) -> str | None:
    """What a diagram node links to: the URL path of `page_for` (None when there is no page).
    Never empty: the home page would be ``./``, which no object uses."""
    page = page_for(topology, name)
    return None if page is None else url_of(page)


def link_base_for(svg_path: str) -> str:
    """The `link_base` for an SVG written at `svg_path` (relative to the docs root, POSIX):
    ``"../"`` once per folder, e.g. ``flows/a/diagram.svg`` -> ``"../../"``, ``x.svg`` -> ``""``."""
    folder = posixpath.dirname(posixpath.normpath(svg_path))
    if folder in ("", "."):
        return ""
    if folder.startswith(("/", "..")):
        raise ValueError(f"svg_path must be relative and inside the docs, got {svg_path!r}")
    return "../" * len(folder.split("/"))
