"""The per-VPC view: one VPC in full and its direct neighbours, faded.

Drawn top to bottom, AZs side by side as in AWS's own diagrams. Inside the VPC: every subnet in
its AZ, labelled with its route table, holding its workloads, NAT gateways and the network
interfaces (ENIs) of interface endpoints and TGW attachments, one per subnet, so the AZ coverage
is visible. On the VPC: route tables (each listing its routes, gateway-endpoint prefix lists
included), the internet gateway, gateway endpoints, and the load balancers and endpoint services
it provides. A line joins each route table to each target it uses; the routes are written on the
table, not on the lines, where labels of several tables would pile up. Around the VPC, faded:
peered VPCs, transit gateways with the other VPCs attached to them (one box saying how many
past `MAX_TGW_NEIGHBOURS`) and their peers, the endpoint
services its endpoints connect to, the consumers of the services it provides, and the internet.
(AWS services are named on the endpoints that reach them: a line to each would cross the picture.)
"""

from __future__ import annotations

from collections.abc import Sequence

from vpcdocs.analysis.paths.addresses import prefix_list_id
from vpcdocs.analysis.result import FlowResult
from vpcdocs.model import EndpointType, Status, Topology
from vpcdocs.render.scene import Arrow, EdgeStyle, Emphasis, Node, Scene
from vpcdocs.render.views import common as c
from vpcdocs.render.views import onprem
from vpcdocs.render.views.common import Place, SceneBuilder, UnknownTarget
from vpcdocs.render.views.pages import link_for

__all__ = ["vpc_view"]

_MUTED = Emphasis.MUTED
#: More VPCs than this on a transit gateway are drawn as one faded box ("23 other VPCs").
MAX_TGW_NEIGHBOURS = 6


def vpc_view(topology: Topology, results: Sequence[FlowResult], vpc: str) -> Scene:
    """One VPC with all its subnets, route tables and gateways, and its direct neighbours.
    `results` is accepted for a uniform view signature; the picture shows structure only.
    Raises `UnknownTarget` when there is no such VPC."""
    del results  # the VPC page lists its flows; this picture is the VPC's structure
    if vpc not in topology.vpcs:
        raise UnknownTarget("VPC", vpc, topology.vpcs)
    b = SceneBuilder(topology)
    b.stack_subnets = True
    v = topology.vpcs[vpc]
    here = c.vpc_place(topology, vpc)
    b.show_vpc(vpc)
    _subnets(b, topology, vpc)
    for name in v.route_tables:
        b.add(c.route_table_node(topology, name, routes=True), here)
    if v.internet_gateway is not None:
        b.add(c.igw_node(topology, v.internet_gateway), here)
        b.structure(v.internet_gateway, b.add(c.internet_node(), Place()),
                    style=EdgeStyle.INTERNET, tooltip=f"{v.internet_gateway} ↔ the internet")
    for name in v.endpoints:
        if topology.endpoints[name].type is EndpointType.GATEWAY:
            b.add(c.endpoint_node(topology, name), here)
    _associations(b, topology, vpc)
    onprem.draw_vpc_hybrid(b, topology, vpc)  # VGW, Resolver endpoints, on-premises networks
    _routes(b, topology, vpc)
    _nat_exits(b, topology, vpc)
    _endpoint_services(b, topology, vpc)
    _transit(b, topology, vpc)
    _provided_services(b, topology, vpc)
    return b.build(f"VPC {vpc} — {v.region}", direction="TB", origin=v.loc,
                   subject=f"the diagram of VPC {vpc}")


def _subnets(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    v = topo.vpcs[vpc]
    occupied: set[str] = set()
    for name in v.workloads:
        subnet = topo.workloads[name].subnet
        b.add(c.workload_node(topo, name), c.subnet_place(topo, subnet))
        occupied.add(subnet)
    for name in v.nat_gateways:
        subnet = topo.nat_gateways[name].subnet
        b.add(c.nat_node(topo, name), c.subnet_place(topo, subnet))
        occupied.add(subnet)
    for name in v.endpoints:
        for subnet in topo.endpoints[name].subnets:
            b.add(c.eni_node(topo, name, subnet), c.subnet_place(topo, subnet))
            occupied.add(subnet)
    for att in topo.tgw_attachments.values():
        if att.vpc == vpc:
            for subnet in att.subnets:
                b.add(c.eni_node(topo, att.name, subnet), c.subnet_place(topo, subnet))
                occupied.add(subnet)
    for lb in topo.load_balancers.values():
        if lb.vpc == vpc:
            b.add(c.lb_node(topo, lb.name), c.vpc_place(topo, vpc))
    for subnet in v.subnets:
        s = topo.subnets[subnet]
        table = s.route_table
        if table is None:
            b.subnet_notes[subnet] = "no route table"
        else:
            main = " (main)" if not s.explicit_route_table else ""
            b.subnet_notes[subnet] = f"route table {table}{main}"
        if subnet not in occupied:
            b.add(c.subnet_node(topo, subnet, "no resources"), c.subnet_place(topo, subnet))


def _associations(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """Each route table joined to the box of every subnet it serves (a dotted line ending at
    the subnet's border): which table routes which subnet's traffic."""
    for subnet in topo.vpcs[vpc].subnets:
        table = topo.subnets[subnet].route_table
        inside = sorted(n for n, place in b.places.items() if place.subnet == subnet)
        if table is None or not inside:
            continue
        main = " (main route table, implicitly)" if not topo.subnets[subnet].explicit_route_table else ""
        b.association(table, inside[0], f"subnet@{subnet}",
                      tooltip=f"route table {table} serves subnet {subnet}{main}")


def _routes(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """A line from each route table to each of its targets (the routes are on the table)."""
    v = topo.vpcs[vpc]
    region = v.region
    for table in v.route_tables:
        by_target: dict[str, list[str]] = {}
        styles: dict[str, EdgeStyle] = {}
        for route in topo.route_tables[table].routes:
            target = _route_target(b, topo, vpc, route.via, route.via_kind)
            by_target.setdefault(target, []).append(str(route.to))
            styles[target] = _route_style(topo, vpc, route.via, route.via_kind)
        for name in v.endpoints:
            ep = topo.endpoints[name]
            if ep.type is EndpointType.GATEWAY and table in ep.route_tables:
                text = f"{prefix_list_id(ep.service, region)} ({ep.service})"
                by_target.setdefault(name, []).append(text)
                styles[name] = EdgeStyle.BACKBONE
        for target, destinations in sorted(by_target.items()):
            # The routes are listed on the table itself: labels here would pile up where
            # several tables send the same prefix to one target.
            b.structure(table, target, style=styles[target],
                        tooltip=f"{table}: {', '.join(destinations)} → {target}")


def _route_target(b: SceneBuilder, topo: Topology, vpc: str, via: str, kind: str) -> str:
    """The node a route points at, adding neighbours (peering, TGW) as needed."""
    if kind == "peering" and via in topo.peerings:
        node = b.add(c.peering_node(topo, via), c.peering_place(topo, via))
        other = topo.peerings[via].other(vpc)
        peer = b.add(c.vpc_node(topo, other), Place(topo.vpcs[other].region))
        b.structure(node, peer, arrow=Arrow.NONE, emphasis=_MUTED,
                    tooltip=f"{via} connects to {other}")
        return node
    if kind == "transit-gateway" and via in topo.transit_gateways:
        return b.add(c.tgw_node(topo, via), Place(topo.transit_gateways[via].region))
    if kind == "gwlb-endpoint" and via in topo.endpoints:
        subnets = topo.endpoints[via].subnets
        return c.eni_id(via, subnets[0]) if subnets else via
    if b.has(via):
        return via
    return b.add(c.subnet_node(topo, via, via), c.vpc_place(topo, vpc))


def _route_style(topo: Topology, vpc: str, via: str, kind: str) -> EdgeStyle:
    if kind == "internet-gateway":
        return EdgeStyle.INTERNET
    if kind == "peering" and via in topo.peerings:
        p = topo.peerings[via]
        if p.status != Status.ACTIVE:
            return EdgeStyle.BLOCKED
        if topo.vpcs[p.requester].region != topo.vpcs[p.accepter].region:
            return EdgeStyle.CROSS_REGION
    return EdgeStyle.BACKBONE


def _nat_exits(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    igw = topo.vpcs[vpc].internet_gateway
    for name in topo.vpcs[vpc].nat_gateways:
        table = topo.route_table_of(topo.nat_gateways[name].subnet)
        if igw is not None and table is not None and any(r.via == igw for r in table.routes):
            b.structure(name, igw, style=EdgeStyle.INTERNET,
                        tooltip=f"{name} sends on through {igw} (route table {table.name})")


def _endpoint_services(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """Endpoint services this VPC's endpoints connect to (AWS services are named on the
    endpoints themselves: a line to each would cross the whole picture for no new fact)."""
    region = topo.vpcs[vpc].region
    for name in topo.vpcs[vpc].endpoints:
        ep = topo.endpoints[name]
        if ep.service not in topo.endpoint_services:
            continue
        svc = topo.endpoint_services[ep.service]
        target = b.add(c.endpoint_service_node(topo, svc.name, _MUTED), c.vpc_place(topo, svc.vpc))
        if svc.vpc != vpc:
            b.mute_vpc(svc.vpc)
        style = EdgeStyle.CROSS_REGION if svc.region != region else EdgeStyle.BACKBONE
        for subnet in ep.subnets:
            b.structure(c.eni_id(name, subnet), target, style=style,
                        tooltip=f"{name} connects to endpoint service {svc.name} ({svc.region})")


def _transit(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """Attachment ENIs to their TGW; the TGW's other VPCs and peers, faded."""
    for att in topo.tgw_attachments.values():
        if att.vpc != vpc:
            continue
        tgw = topo.transit_gateways[att.tgw]
        node = b.add(c.tgw_node(topo, tgw.name), Place(tgw.region))
        for subnet in att.subnets:
            b.structure(c.eni_id(att.name, subnet), node, arrow=Arrow.NONE,
                        tooltip=f"{att.name}: ENI in {subnet}")
        others = sorted(topo.tgw_attachments[a].vpc or "" for a in tgw.attachments
                        if topo.tgw_attachments[a].vpc not in (None, vpc))
        if len(others) > MAX_TGW_NEIGHBOURS:  # a hub of many VPCs: one box says how many
            group = b.add(Node(f"others:{tgw.name}", f"{len(others)} other VPCs\nattached",
                               icon="vpc", emphasis=_MUTED, link=link_for(topo, tgw.name),
                               tooltip=f"also attached to {tgw.name}: {', '.join(others)}"),
                          Place(tgw.region))
            b.structure(node, group, arrow=Arrow.NONE, emphasis=_MUTED,
                        tooltip=f"{len(others)} other VPCs attached to {tgw.name}")
        for other_name in tgw.attachments:
            other = topo.tgw_attachments[other_name]
            if other.vpc is not None and other.vpc != vpc:
                if len(others) > MAX_TGW_NEIGHBOURS:
                    continue
                peer = b.add(c.vpc_node(topo, other.vpc), Place(topo.vpcs[other.vpc].region))
                b.structure(node, peer, arrow=Arrow.NONE, emphasis=_MUTED,
                            tooltip=f"{other.name}: {other.vpc} attached to {tgw.name}")
            elif other.peer is not None:
                far = topo.transit_gateways[other.peer]
                peer = b.add(c.tgw_node(topo, far.name, _MUTED), Place(far.region))
                cross = far.region != tgw.region
                pending = other.status != Status.ACTIVE
                style = EdgeStyle.BLOCKED if pending else \
                    EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE
                b.structure(node, peer, style=style, arrow=Arrow.BOTH,
                            label="TGW peering" + (" (pending)" if pending else ""),
                            tooltip=f"TGW peering {other.name}: {tgw.name} ↔ {far.name}")


def _provided_services(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """Endpoint services this VPC offers: service → load balancer → targets, and consumers."""
    for svc in topo.endpoint_services.values():
        if svc.vpc != vpc:
            continue
        b.add(c.endpoint_service_node(topo, svc.name), c.vpc_place(topo, vpc))
        lb = topo.load_balancers[svc.load_balancer]
        b.structure(svc.name, lb.name, tooltip=f"{svc.name} is served by {lb.name}")
        for target in lb.targets:
            b.structure(lb.name, target, tooltip=f"{lb.name} → target {target}")
        for ep in topo.endpoints.values():
            if ep.service != svc.name or ep.vpc == vpc:
                continue
            b.mute_vpc(ep.vpc)
            node = b.add(c.endpoint_node(topo, ep.name, _MUTED), c.vpc_place(topo, ep.vpc))
            cross = topo.vpcs[ep.vpc].region != svc.region
            b.structure(node, svc.name,
                        style=EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE,
                        emphasis=_MUTED, tooltip=f"{ep.name} in {ep.vpc} consumes {svc.name}")
