"""On-premises networks and their ways into AWS, for the overview and the per-VPC pictures.

A network is a box ("corporate data centre", as in AWS's diagrams) holding its workloads, its
site router (the customer gateway of its VPN connections, the router of its Direct Connect
virtual interfaces) and, when it forwards names to AWS, its DNS server. Outside the box, each
connection is a node of its own: a Site-to-Site VPN connection (with its routing and priority) or
a Direct Connect virtual interface. Lines join the site router to each connection, a connection to
the virtual private gateway or transit gateway it ends at (naming the TGW attachment), a Direct
Connect gateway to each gateway it is associated with; a dotted DNS line joins the DNS server
to the Route 53 Resolver inbound endpoint it forwards to. Resolver endpoints are drawn on their
VPC.

Node ids are the objects' names, as in the flow view (`vpcdocs.render.views.flow`), so a flow
from or to the site is drawn through them by the overview's flow lines without more work.
Formats without hybrid keys draw nothing here: their pictures do not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.model import ConnectionType, Topology, VpnRouting
from vpcdocs.render.scene import Arrow, Cluster, ClusterKind, EdgeStyle, Emphasis, Node, Scene
from vpcdocs.render.views import common as c
from vpcdocs.render.views.common import Place, SceneBuilder, Step, UnknownTarget
from vpcdocs.render.views.pages import link_for

__all__ = [
    "box_sites",
    "connection_priority",
    "connection_words",
    "draw_networks",
    "draw_overview_hybrid",
    "draw_vpc_hybrid",
    "gateways_of_connection",
    "networks_reaching",
    "onprem_box_id",
    "onprem_view",
    "site_flows",
]


def onprem_box_id(network: str) -> str:
    return f"onprem@{network}"


def dns_server_id(network: str) -> str:
    return f"dns-server:{network}"


def connection_priority(topo: Topology, connection: str) -> str:
    """How AWS ranks this connection against the site's others for the same prefix (Direct
    Connect, then static VPN, then BGP VPN: aws-networking-facts-hybrid.md §10.4, §10.5;
    AWS, "How route priority works")."""
    conn = topo.connections[connection]
    net = topo.on_premises[conn.network]
    ranks = sorted({_rank(topo, n) for n in net.connections})
    rank = _rank(topo, connection)
    if len(ranks) == 1:
        return "only path" if len(net.connections) == 1 else "equal paths"
    return "preferred" if rank == ranks[0] else "backup"


def _rank(topo: Topology, connection: str) -> int:
    conn = topo.connections[connection]
    if conn.type is ConnectionType.DIRECT_CONNECT:
        return 0
    return 1 if conn.routing is VpnRouting.STATIC else 2


def _kind_words(topo: Topology, connection: str) -> str:
    conn = topo.connections[connection]
    if conn.type is ConnectionType.DIRECT_CONNECT:
        return "Direct Connect"
    routing = "static" if conn.routing is VpnRouting.STATIC else "BGP"
    return f"Site-to-Site VPN, {routing}"


# --- nodes ------------------------------------------------------------------------------------


def site_node(topo: Topology, network: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    net = topo.on_premises[network]
    cidrs = ", ".join(str(x) for x in net.cidrs)
    return Node(
        network,
        f"{network}\nsite router",
        icon="customer-gateway",
        tooltip=f"the router of on-premises network {network} ({cidrs}): the customer gateway of "
        f"its VPN connections and the router of its Direct Connect virtual interfaces",
        link=link_for(topo, network),
        emphasis=emphasis,
    )


def workload_node(topo: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    w = topo.onprem_workloads[name]
    count = f"{w.count} × {w.kind}" if w.count != 1 else w.kind
    return Node(
        name,
        f"{name}\n{count}\n{w.cidr}",
        icon="server",
        tooltip=f"on-premises workload {name}: {count} in {w.cidr} ({w.network})",
        link=link_for(topo, name),
        emphasis=emphasis,
    )


def dns_server_node(topo: Topology, network: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    net = topo.on_premises[network]
    server = net.dns_server.network_address if net.dns_server.prefixlen == 32 else net.dns_server
    domains = ", ".join(f.domain for f in net.dns_forwarders)
    return Node(
        dns_server_id(network),
        f"DNS server\n{server}",
        icon="server",
        tooltip=f"DNS server of {network} ({server}); forwards {domains or 'nothing'} to AWS",
        link=link_for(topo, network),
        emphasis=emphasis,
    )


def connection_node(topo: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    conn = topo.connections[name]
    dx = conn.type is ConnectionType.DIRECT_CONNECT
    priority = connection_priority(topo, name)
    announced = conn.static_routes if conn.routing is VpnRouting.STATIC else conn.advertise
    prefixes = ", ".join(str(p) for p in announced) or "nothing"
    how = "static routes" if conn.routing is VpnRouting.STATIC else "announces"
    return Node(
        name,
        f"{name}\n{_kind_words(topo, name)}\n{priority}",
        icon="direct-connect" if dx else "vpn-connection",
        tooltip=f"{'Direct Connect virtual interface' if dx else 'VPN connection'} {name} of "
        f"{conn.network} to {conn.gateway} ({priority}); {how} {prefixes}",
        link=link_for(topo, name),
        emphasis=emphasis,
    )


def dx_gateway_node(topo: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    dxgw = topo.direct_connect_gateways[name]
    gateways = ", ".join(a.gateway for a in dxgw.associations) or "nothing"
    return Node(
        name,
        f"{name}\nDirect Connect gateway",
        icon="direct-connect",
        tooltip=f"Direct Connect gateway {name} (global), associated with {gateways}",
        link=link_for(topo, name),
        emphasis=emphasis,
    )


def vgw_node(topo: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    vpc = topo.vpn_gateways[name].vpc
    return Node(
        name,
        f"{name}\nvirtual private gateway",
        icon="vpn-gateway",
        tooltip=f"virtual private gateway {name} of {vpc}",
        link=link_for(topo, name),
        emphasis=emphasis,
    )


def resolver_node(topo: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    r = topo.resolver_endpoints[name]
    groups = ", ".join(r.security_groups) or "no security group (unrestricted)"
    return Node(
        name,
        f"{name}\nResolver {r.direction.value} endpoint\n{c.az_letters(topo, r.subnets)}",
        icon="route53",
        tooltip=f"Route 53 Resolver {r.direction.value} endpoint {name}; ENIs in "
        f"{', '.join(r.subnets)}; security groups: {groups}",
        link=link_for(topo, name),
        emphasis=emphasis,
    )


# --- whole pictures ---------------------------------------------------------------------------


def networks_reaching(topo: Topology, vpc: str) -> tuple[str, ...]:
    """The on-premises networks with a connection that ends at this VPC's virtual private
    gateway or at a transit gateway it is attached to, directly or through a Direct Connect
    gateway associated with either."""
    gateways = _gateways_of(topo, vpc)
    found = []
    for net in topo.on_premises.values():
        if any(gateways_of_connection(topo, conn) & gateways for conn in net.connections):
            found.append(net.name)
    return tuple(found)


def _gateways_of(topo: Topology, vpc: str) -> set[str]:
    gateways = {a.tgw for a in topo.tgw_attachments.values() if a.vpc == vpc}
    own = topo.vpcs[vpc].vpn_gateway
    if own is not None:
        gateways.add(own)
    return gateways


def connection_words(topo: Topology, connection: str) -> str:
    """'Direct Connect, preferred', 'Site-to-Site VPN, BGP, backup'."""
    return f"{_kind_words(topo, connection)}, {connection_priority(topo, connection)}"


def gateways_of_connection(topo: Topology, connection: str) -> set[str]:
    """The virtual private or transit gateways a connection ends at."""
    conn = topo.connections[connection]
    if conn.type is ConnectionType.VPN:
        return {conn.gateway}
    dxgw = topo.direct_connect_gateways.get(conn.gateway)
    return {a.gateway for a in dxgw.associations} if dxgw is not None else set()


def draw_networks(b: SceneBuilder, topo: Topology, networks: Iterable[str] | None = None, *,
                  gateways: set[str] | None = None, emphasis: Emphasis = Emphasis.NORMAL,
                  labels: bool = True) -> None:
    """Each network's box, its connections and the gateways they end at (all of them, or only
    those in `gateways`), its DNS forwarding to a Resolver endpoint whose VPC is drawn as a box.
    Call before the flows are drawn, so that their lines pass through these nodes. Without
    `labels` (the overview: no label soup) the attachments and forwarded domains are said in
    the lines' tooltips only."""
    names = tuple(topo.on_premises) if networks is None else tuple(networks)
    for network in names:
        net = topo.on_premises[network]
        inside = [b.add(site_node(topo, network, emphasis), Place())]
        for name in net.workloads:
            inside.append(b.add(workload_node(topo, name, emphasis), Place()))
            b.structure(name, network, arrow=Arrow.NONE, emphasis=emphasis,
                        tooltip=f"{name} is in {network}")
        if net.dns_forwarders:
            inside.append(b.add(dns_server_node(topo, network, emphasis), Place()))
        cidrs = ", ".join(str(x) for x in net.cidrs)
        b.extra_clusters.append(Cluster(
            onprem_box_id(network), f"{network} · {cidrs} · on premises", ClusterKind.ON_PREM,
            node_ids=tuple(sorted(inside)), link=link_for(topo, network), emphasis=emphasis,
            tooltip=f"on-premises network {network} ({cidrs}); meets AWS in {net.region}"))
        for conn in net.connections:
            if gateways is not None and not gateways_of_connection(topo, conn) & gateways:
                continue
            _connection(b, topo, conn, gateways, emphasis, labels)
        for forwarder in net.dns_forwarders:
            rep = topo.resolver_endpoints.get(forwarder.to)
            if rep is None or rep.vpc not in b.shown_vpcs:
                continue
            target = b.add(resolver_node(topo, rep.name), c.vpc_place(topo, rep.vpc))
            b.structure(dns_server_id(network), target, style=EdgeStyle.RESOLVES,
                        label=f"forwards {forwarder.domain}" if labels else "",
                        emphasis=emphasis,
                        tooltip=f"the DNS server of {network} forwards {forwarder.domain} to "
                        f"Resolver inbound endpoint {rep.name}")


def _connection(b: SceneBuilder, topo: Topology, name: str, gateways: set[str] | None,
                emphasis: Emphasis, labels: bool) -> None:
    conn = topo.connections[name]
    b.add(connection_node(topo, name, emphasis), Place())
    b.structure(conn.network, name, arrow=Arrow.BOTH, emphasis=emphasis,
                tooltip=f"{conn.network} ↔ {name}")
    if conn.type is ConnectionType.VPN:
        _to_gateway(b, topo, name, conn.gateway, emphasis, labels)
        return
    dxgw = topo.direct_connect_gateways.get(conn.gateway)
    if dxgw is None:
        return
    b.add(dx_gateway_node(topo, dxgw.name, emphasis), Place())
    b.structure(name, dxgw.name, arrow=Arrow.BOTH, emphasis=emphasis,
                tooltip=f"Direct Connect virtual interface {name} on {dxgw.name}")
    for assoc in dxgw.associations:
        if gateways is None or assoc.gateway in gateways:
            allowed = ", ".join(str(p) for p in assoc.allowed_prefixes)
            _to_gateway(b, topo, dxgw.name, assoc.gateway, emphasis, labels,
                        about=f"associated; allowed prefixes {allowed}")


def _to_gateway(b: SceneBuilder, topo: Topology, src: str, gateway: str, emphasis: Emphasis,
                labels: bool, about: str = "") -> None:
    """A line from a connection or Direct Connect gateway to the VGW or TGW it ends at; to a
    transit gateway it names the attachment."""
    if gateway in topo.transit_gateways:
        tgw = topo.transit_gateways[gateway]
        node = b.add(c.tgw_node(topo, gateway), Place(tgw.region))
        att = next((a.name for a in topo.tgw_attachments.values() if a.tgw == gateway
                    and src in (a.vpn, a.direct_connect_gateway)), None)
        label = att or ""
    elif gateway in topo.vpn_gateways:
        node = b.add(vgw_node(topo, gateway), c.vpc_place(topo, topo.vpn_gateways[gateway].vpc))
        label = ""
    else:
        return
    words = "; ".join(x for x in (f"attachment {label}" if label else "", about) if x)
    b.structure(src, node, arrow=Arrow.BOTH, label=label if labels else "", emphasis=emphasis,
                tooltip=f"{src} ↔ {gateway}" + (f" ({words})" if words else ""))


def draw_vpc_hybrid(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """The per-VPC picture's hybrid parts: its virtual private gateway (a line from each route
    table that sends to it or propagates its routes), its Resolver endpoints, and, faded, the
    on-premises networks that reach it with their connections."""
    v = topo.vpcs[vpc]
    here = c.vpc_place(topo, vpc)
    for name in v.resolver_endpoints:
        b.add(resolver_node(topo, name), here)
    if v.vpn_gateway is not None:
        b.add(vgw_node(topo, v.vpn_gateway), here)
        for table in v.route_tables:
            if topo.route_tables[table].propagate and not any(
                    r.via == v.vpn_gateway for r in topo.route_tables[table].routes):
                b.structure(table, v.vpn_gateway, style=EdgeStyle.BACKBONE,
                            tooltip=f"{table} propagates the routes {v.vpn_gateway} learns")
    draw_networks(b, topo, networks_reaching(topo, vpc), gateways=_gateways_of(topo, vpc),
                  emphasis=Emphasis.MUTED)


def draw_overview_hybrid(b: SceneBuilder, topo: Topology, region: str | None = None) -> None:
    """The overview's hybrid parts: every Resolver endpoint and virtual private gateway on its
    VPC (a line from the VPC's router to a gateway its route tables propagate), then every
    on-premises network with its connections (in a Region's picture: the networks that meet
    AWS in that Region)."""
    for rep in topo.resolver_endpoints.values():
        if rep.vpc in b.shown_vpcs:
            b.add(resolver_node(topo, rep.name), c.vpc_place(topo, rep.vpc))
    for vgw in topo.vpn_gateways.values():
        if vgw.vpc not in b.shown_vpcs:
            continue
        b.add(vgw_node(topo, vgw.name), c.vpc_place(topo, vgw.vpc))
        tables = [topo.route_tables[t] for t in topo.vpcs[vgw.vpc].route_tables]
        if any(t.propagate for t in tables):
            router = b.add(c.router_node(topo, vgw.vpc), c.vpc_place(topo, vgw.vpc))
            b.structure(router, vgw.name, tooltip=f"{vgw.vpc} routes to {vgw.name} "
                        "(propagated routes)")
    draw_networks(b, topo, [n for n in topo.on_premises
                            if region is None or topo.on_premises[n].region == region],
                  labels=False)


def site_flows(topo: Topology, results: Sequence[FlowResult], network: str) -> list[FlowResult]:
    """The flows from or to a workload of this network, by id."""
    workloads = set(topo.on_premises[network].workloads)
    return sorted((r for r in results if r.source in workloads or r.to in workloads),
                  key=lambda r: r.id)


def onprem_view(topology: Topology, results: Sequence[FlowResult], network: str) -> Scene:
    """One on-premises network's way into AWS: its box, every connection and the gateways they
    end at, the VPCs behind them (faded, one icon each), the Resolver endpoint its DNS server
    forwards to, and its flows drawn through all of it, each VPC one step (its page shows the
    rest). Raises `UnknownTarget` when there is no such network."""
    topo = topology
    if network not in topo.on_premises:
        raise UnknownTarget("on-premises network", network, topo.on_premises)
    net = topo.on_premises[network]
    b = SceneBuilder(topo)
    for forwarder in net.dns_forwarders:
        rep = topo.resolver_endpoints.get(forwarder.to)
        if rep is not None:
            b.show_vpc(rep.vpc)
    draw_networks(b, topo, (network,))
    for tgw in sorted(t for t in topo.transit_gateways if b.has(t)):
        for att in topo.tgw_attachments.values():
            if att.tgw == tgw and att.vpc is not None:
                node = b.add(c.vpc_node(topo, att.vpc), Place(topo.vpcs[att.vpc].region))
                b.structure(tgw, node, arrow=Arrow.NONE, emphasis=Emphasis.MUTED,
                            tooltip=f"{att.name}: {att.vpc} attached to {tgw}")
    for result in site_flows(topo, results, network):
        steps: list[Step] = []
        for i, hop in enumerate(result.hops):
            found = _site_step(b, topo, hop.kind, hop.id, hop.where.vpc, hop.where.region)
            if found is not None and not (steps and steps[-1].node == found):
                steps.append(Step(found, i, hop.where.region))
        if len(steps) > 1:
            c.flow_edges(b, result, steps, numbered=False)
    return b.build(f"On-premises network {network} — {net.region}", direction="TB", origin=net.loc,
                   subject=f"the diagram of on-premises network {network}")


def _site_step(b: SceneBuilder, topo: Topology, kind: HopKind, name: str, vpc: str | None,
               region: str | None) -> str | None:
    """The node of this picture a hop is drawn at: the site's own objects and the gateways by
    name, anything inside a VPC at that VPC's icon, an AWS service at its own node."""
    if kind == HopKind.SUBNET:
        return None
    if b.has(name) and (kind != HopKind.WORKLOAD or name in topo.onprem_workloads):
        return name
    if vpc is not None and vpc in topo.vpcs:
        return b.add(c.vpc_node(topo, vpc, Emphasis.NORMAL), Place(topo.vpcs[vpc].region))
    if kind == HopKind.SERVICE and region is not None:
        return b.add(c.aws_service_node(name, region), Place(region))
    return None


def box_sites(b: SceneBuilder, topo: Topology) -> None:
    """Put the nodes already drawn for a network and its workloads (a flow view's hops) in the
    network's on-premises box, as the overview draws them."""
    for net in topo.on_premises.values():
        inside = sorted(n for n in (net.name, *net.workloads) if b.has(n))
        if inside and not any(box.id == onprem_box_id(net.name) for box in b.extra_clusters):
            cidrs = ", ".join(str(x) for x in net.cidrs)
            b.extra_clusters.append(Cluster(
                onprem_box_id(net.name), f"{net.name} · {cidrs} · on premises",
                ClusterKind.ON_PREM, node_ids=tuple(inside), link=link_for(topo, net.name),
                tooltip=f"on-premises network {net.name} ({cidrs}); meets AWS in {net.region}"))
