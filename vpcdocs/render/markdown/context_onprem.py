"""Page context for on-premises networks (topology-format-hybrid.md): the section index and one
page per network — what it is, its CIDRs and workloads, its connections and which one AWS and the
site prefer, the site's routes, its DNS forwarding to Route 53 Resolver inbound endpoints, and
its flows. Only designs with `on_premises` have these pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.paths.site_walk import site_routes
from vpcdocs.model import ConnectionType, Topology, VpnRouting
from vpcdocs.render.markdown import layout
from vpcdocs.render.markdown.context import base
from vpcdocs.render.markdown.layout import DiagramRef, Ref
from vpcdocs.render.markdown.rows import FlowRow, flow_rows
from vpcdocs.render.views.onprem import connection_priority

__all__ = ["onprem_context", "onprem_index_context"]

SECTION = "on-premises/index.md"


@dataclass(frozen=True)
class WorkloadRow:
    name: str
    kind: str
    count: int
    cidr: str
    principal: str | None


@dataclass(frozen=True)
class ConnectionRow:
    name: str
    kind: str  # "Direct Connect" | "Site-to-Site VPN"
    ends_at: Ref  # the VGW, TGW or Direct Connect gateway
    through: tuple[Ref, ...]  # a Direct Connect gateway's associations; a TGW's attachment
    routing: str  # "BGP", "static", "BGP (Direct Connect)"
    prefixes: tuple[str, ...]  # what the site announces (BGP, DX) or the static routes
    priority: str  # "preferred", "backup", "only path", "equal paths"


@dataclass(frozen=True)
class RouteRow:
    to: str
    via: str
    how: str  # "static", "learned over Direct Connect", ...
    chosen: bool  # the route the site uses for this destination (the first of its prefix)


@dataclass(frozen=True)
class ForwarderRow:
    domain: str
    endpoint: Ref
    vpc: Ref
    groups: tuple[Ref, ...]


@dataclass(frozen=True)
class NetworkRow:
    ref: Ref
    region: str
    cidrs: tuple[str, ...]
    connections: tuple[str, ...]
    flows: int


_HOW = {
    "static": "static (written in the topology)",
    "site-dx": "learned over Direct Connect",
    "vpn": "learned over a BGP VPN",
    "vpn-static": "learned over a static VPN",
}


def _connection_row(topo: Topology, name: str) -> ConnectionRow:
    conn = topo.connections[name]
    dx = conn.type is ConnectionType.DIRECT_CONNECT
    through: list[Ref] = []
    if dx:
        dxgw = topo.direct_connect_gateways.get(conn.gateway)
        gateway_kind = "direct-connect-gateway"
        through = [layout.ref_for(topo, _kind(topo, a.gateway), a.gateway)
                   for a in (dxgw.associations if dxgw is not None else ())]
    else:
        gateway_kind = _kind(topo, conn.gateway)
    static = conn.routing is VpnRouting.STATIC
    return ConnectionRow(
        name=name,
        kind="Direct Connect" if dx else "Site-to-Site VPN",
        ends_at=layout.ref_for(topo, gateway_kind, conn.gateway),
        through=tuple(through),
        routing="BGP" if dx else "static" if static else "BGP",
        prefixes=tuple(str(p) for p in (conn.static_routes if static else conn.advertise)),
        priority=connection_priority(topo, name),
    )


def _kind(topo: Topology, gateway: str) -> str:
    return "transit-gateway" if gateway in topo.transit_gateways else "vpn-gateway"


def _attachment_of(topo: Topology, connection: str) -> str | None:
    conn = topo.connections[connection]
    for att in topo.tgw_attachments.values():
        if connection == att.vpn or (conn.gateway == att.direct_connect_gateway
                                     and conn.type is ConnectionType.DIRECT_CONNECT):
            return att.name
    return None


def _flows(design: Analysis, network: str) -> tuple[tuple[FlowRow, ...], tuple[FlowRow, ...]]:
    workloads = set(design.topology.on_premises[network].workloads)
    out = tuple(f for f in design.flows if f.source in workloads)
    back = tuple(f for f in design.flows if f.to in workloads)
    return flow_rows(design, out), flow_rows(design, back)


def onprem_context(design: Analysis, network: str, page_path: str, *, allow_html: bool,
                   diagram: DiagramRef | None) -> dict[str, Any]:
    topo = design.topology
    net = topo.on_premises[network]
    ranked = sorted(site_routes(topo, network), key=lambda r: (-r.net.prefixlen, r.rank, r.via))
    flows_from, flows_to = _flows(design, network)
    server = net.dns_server
    context = base(design, page_path, allow_html=allow_html, diagram=diagram)
    context.update(
        network=net,
        region_ref=layout.ref_for(topo, "region", net.region),
        cidrs=tuple(str(x) for x in net.cidrs),
        dns_server=str(server.network_address) if server.prefixlen == 32 else str(server),
        workloads=tuple(
            WorkloadRow(w.name, w.kind, w.count, str(w.cidr), w.principal)
            for w in (topo.onprem_workloads[n] for n in net.workloads)
        ),
        connections=tuple(_connection_row(topo, n) for n in net.connections),
        attachments=tuple((n, a) for n in net.connections
                          if (a := _attachment_of(topo, n)) is not None),
        routes=tuple(RouteRow(str(r.net), r.via, _HOW.get(r.origin, r.origin),
                              i == 0 or ranked[i - 1].net != r.net)
                     for i, r in enumerate(ranked)),
        forwarders=tuple(
            ForwarderRow(
                f.domain,
                layout.ref_for(topo, "resolver-endpoint", f.to),
                layout.ref_for(topo, "vpc", topo.resolver_endpoints[f.to].vpc),
                tuple(layout.ref_for(topo, "security-group", g)
                      for g in topo.resolver_endpoints[f.to].security_groups),
            )
            for f in net.dns_forwarders
        ),
        flows_from=flows_from,
        flows_to=flows_to,
    )
    return context


def onprem_index_context(design: Analysis, page_path: str, *,
                         allow_html: bool) -> dict[str, Any]:
    topo = design.topology
    context = base(design, page_path, allow_html=allow_html)
    rows = []
    for net in topo.on_premises.values():
        out, back = _flows(design, net.name)
        rows.append(NetworkRow(layout.ref_for(topo, "on-premises", net.name), net.region,
                               tuple(str(x) for x in net.cidrs), net.connections,
                               len(out) + len(back)))
    context["rows"] = tuple(rows)
    return context
