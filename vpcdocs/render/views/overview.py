"""The overview: the whole network on one picture, with every flow drawn over it.

Boxes follow AWS's diagram convention, region > VPC > Availability Zone > subnet. Inside the
subnets: workloads, NAT gateways and the network interfaces (ENIs) of interface and GWLB
endpoints, one per subnet as in the per-VPC view, so the AZs an endpoint covers are visible. On
the VPC (not in one AZ): internet gateway, gateway endpoints and each TGW attachment drawn *once*,
its AZs named in the label ("AZ ab"). A subnet with nothing else in it shows a small box saying
what it holds ("ENIs of att-x"). In each region: transit gateways, same-region peerings and the
AWS services used; across regions: inter-region peerings and the internet. Past
`OVERVIEW_NODE_BUDGET` nodes the summary (`vpcdocs.render.views.summary`) is drawn instead.

Lines: grey for structure (attachment to its TGW, endpoint to its service, NAT to its internet
gateway, endpoint service to its load balancer to its targets), coloured for traffic: every flow
is drawn through the objects it crosses, one line per pair of objects however many flows share
it (the tooltip names them), unlabelled except where a flow is blocked (#1059: no label soup).
"""

from __future__ import annotations

from collections.abc import Sequence

from vpcdocs.analysis.result import FlowResult, Hop, HopKind
from vpcdocs.diagnostics import Location
from vpcdocs.model import EndpointType, RouteTarget, Status, Topology
from vpcdocs.render.scene import Arrow, EdgeStyle, Node, Scene
from vpcdocs.render.views import common as c
from vpcdocs.render.views import onprem
from vpcdocs.render.views.common import Place, SceneBuilder, Step
from vpcdocs.render.views.pages import link_for
from vpcdocs.render.views.summary import OVERVIEW_NODE_BUDGET, summary

__all__ = ["overview", "overview_steps"]

_ENI_BLOCK = 3  # endpoint ENIs of one subnet drawn side by side at most


def overview(topology: Topology, results: Sequence[FlowResult], *,
             detailed: bool | None = None) -> Scene:
    """The whole network: regions, VPCs, AZs, subnets and what they hold, the connections
    between them, the AWS services and the internet, and every flow's way through them. Past
    `OVERVIEW_NODE_BUDGET` nodes (or with `detailed=False`) the one-screen summary instead
    (`vpcdocs.render.views.summary`); `detailed=True` always draws the detailed picture."""
    scene = _detailed(topology, results)
    if detailed is False or (detailed is None and len(scene.nodes) > OVERVIEW_NODE_BUDGET):
        return summary(topology, results)
    return scene


def _detailed(topology: Topology, results: Sequence[FlowResult]) -> Scene:
    b = SceneBuilder(topology)
    b.count_subnets = True
    for vpc in topology.vpcs:
        _add_vpc(b, topology, vpc)
    for tgw in topology.transit_gateways:
        _add_tgw(b, topology, tgw)
    for peering in topology.peerings:
        b.add(c.peering_node(topology, peering), c.peering_place(topology, peering))
    for name in topology.endpoint_services:
        _add_endpoint_service(b, topology, name)
    onprem.draw_overview_hybrid(b, topology)  # on-premises networks, VGWs, Resolver endpoints
    for result in sorted(results, key=lambda r: r.id):
        steps = overview_steps(b, topology, result)
        c.flow_edges(b, result, steps, numbered=False)
    _add_structure(b, topology)
    title = topology.title or "Network"
    return b.build(f"{title} — overview", origin=Location(topology.source),
                   subject="the overview diagram")


def _add_vpc(b: SceneBuilder, topo: Topology, vpc_name: str) -> None:
    vpc = topo.vpcs[vpc_name]
    b.show_vpc(vpc_name)
    occupied: set[str] = set()
    for name in vpc.workloads:
        subnet = topo.workloads[name].subnet
        b.add(c.workload_node(topo, name), c.subnet_place(topo, subnet))
        occupied.add(subnet)
    for name in vpc.nat_gateways:
        subnet = topo.nat_gateways[name].subnet
        b.add(c.nat_node(topo, name), c.subnet_place(topo, subnet))
        occupied.add(subnet)
    here = c.vpc_place(topo, vpc_name)
    if vpc.internet_gateway is not None:
        b.add(c.igw_node(topo, vpc.internet_gateway), here)
    enis: dict[str, list[str]] = {}
    for name in vpc.endpoints:
        ep = topo.endpoints[name]
        if ep.type is EndpointType.GATEWAY or not ep.subnets:
            b.add(c.endpoint_node(topo, name), here)
            continue
        for subnet in ep.subnets:  # an interface endpoint's ENIs, each in its subnet
            enis.setdefault(subnet, []).append(
                b.add(c.eni_node(topo, name, subnet), c.subnet_place(topo, subnet)))
            occupied.add(subnet)
    for subnet in sorted(enis):  # many ENIs in a subnet: a block of columns, not one long line
        ids = enis[subnet]
        blocks = [tuple(ids[i:i + _ENI_BLOCK]) for i in range(0, len(ids), _ENI_BLOCK)]
        b.rows.extend(block for block in blocks if len(block) > 1)
        if len(blocks) > 1:
            b.columns.append(tuple(block[0] for block in blocks))
    for att in topo.tgw_attachments.values():
        if att.vpc == vpc_name:
            b.add(c.attachment_node(topo, att.name), here)
    for lb in topo.load_balancers.values():
        if lb.vpc == vpc_name:
            b.add(c.lb_node(topo, lb.name), here)
    rest: dict[str, list[str]] = {}
    for subnet in vpc.subnets:
        if subnet not in occupied:
            rest.setdefault(topo.subnets[subnet].az, []).append(subnet)
    occupied_azs = {topo.subnets[s].az for s in occupied}
    for az, subnets in sorted(rest.items()):
        about = "; ".join(f"subnet {s} {topo.subnets[s].cidr}: {_holds(topo, s)}" for s in subnets)
        if az in occupied_azs:
            # Named on the AZ's box: a node would stretch the box across the picture.
            named = ", ".join(f"{s} {topo.subnets[s].cidr}" for s in subnets)
            more = named if len(subnets) <= 2 else f"{len(subnets)} more subnets"
            b.az_notes[(vpc_name, az)] = (f"also {more}", about)
            continue
        lines = [f"{s}  {topo.subnets[s].cidr}" for s in subnets]
        node = Node(f"subnets:{vpc_name}:{az}", "\n".join(lines), tooltip=about,
                    link=link_for(topo, subnets[0]))
        b.add(node, Place(vpc.region, vpc_name, az))


def _holds(topo: Topology, subnet: str) -> str:
    """What a subnet without workloads or NAT gateways holds, in a few words."""
    enis = [e.name for e in topo.endpoints.values() if subnet in e.subnets]
    enis += [a.name for a in topo.tgw_attachments.values() if subnet in a.subnets]
    lbs = [lb.name for lb in topo.load_balancers.values() if subnet in lb.subnets]
    parts = []
    if enis:
        parts.append("ENIs of " + ", ".join(enis))
    if lbs:
        parts.append("nodes of " + ", ".join(lbs))
    return "; ".join(parts) or "nothing"


def _add_tgw(b: SceneBuilder, topo: Topology, name: str) -> None:
    b.add(c.tgw_node(topo, name), Place(topo.transit_gateways[name].region))


def _add_endpoint_service(b: SceneBuilder, topo: Topology, name: str) -> None:
    svc = topo.endpoint_services[name]
    b.add(c.endpoint_service_node(topo, name), c.vpc_place(topo, svc.vpc))
    lb = topo.load_balancers[svc.load_balancer]
    for target in lb.targets:
        b.add(c.workload_node(topo, target), c.subnet_place(topo, topo.workloads[target].subnet))


def _service_node(b: SceneBuilder, service: str, region: str) -> str:
    return b.add(c.aws_service_node(service, region), Place(region))


def _internet(b: SceneBuilder) -> str:
    return b.add(c.internet_node(), Place())


def overview_steps(b: SceneBuilder, topo: Topology, result: FlowResult) -> list[Step]:
    """The nodes of the overview that a flow passes, in order (subnets, route tables and the
    local route are not drawn; TGW attachments are put before and after each transit gateway)."""
    steps: list[Step] = []
    vpc: str | None = None
    hops = result.hops

    def push(node: str, index: int, region: str | None) -> None:
        if not steps or steps[-1].node != node:
            steps.append(Step(node, index, region))

    for i, hop in enumerate(hops):
        region = hop.where.region
        kind = hop.kind
        if kind in (HopKind.SUBNET, HopKind.ROUTE_TABLE, HopKind.LOCAL, HopKind.WORKLOAD,
                    HopKind.NAT_GATEWAY, HopKind.INTERNET_GATEWAY, HopKind.GATEWAY_ENDPOINT,
                    HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT):
            vpc = hop.where.vpc or vpc
        if kind in (HopKind.SUBNET, HopKind.TRANSIT_GATEWAY_PEERING):
            continue
        if kind in (HopKind.ROUTE_TABLE, HopKind.LOCAL):
            # A NAT gateway's own subnet table is not drawn: NAT -> IGW, not back to the router.
            after_nat = i > 0 and hops[i - 1].kind == HopKind.NAT_GATEWAY
            if vpc is not None and not after_nat:
                push(b.add(c.router_node(topo, vpc), c.vpc_place(topo, vpc)), i, region)
            continue
        if kind == HopKind.TRANSIT_GATEWAY:
            if vpc is not None:
                att = _attachment(topo, hop.id, vpc)
                if att is not None:
                    push(att, i, region)
            push(b.add(c.tgw_node(topo, hop.id), Place(region)) if hop.id in topo.transit_gateways
                 else hop.id, i, region)
            following = _next_vpc(hops[i + 1:])
            vpc = None
            if following is not None:
                att = _attachment(topo, hop.id, following)
                if att is not None:
                    push(att, i, region)
            continue
        node = _hop_node(b, topo, hop.kind, hop.id, region, hop.az or hop.where.az)
        if node is not None:
            push(node, i, region)
    if not result.reachable and len(steps) < 2:
        push(_destination(b, topo, result), -1, result.to_region)
    return steps


def _hop_node(b: SceneBuilder, topo: Topology, kind: HopKind, name: str,
              region: str | None, az: str | None = None) -> str | None:
    """The overview node for a hop (adding it when the views above did not, e.g. a service)."""
    if kind == HopKind.SERVICE:
        return _service_node(b, name, region or "")
    if kind == HopKind.INTERNET:
        return _internet(b)
    if kind == HopKind.PEERING and name in topo.peerings:
        return b.add(c.peering_node(topo, name), c.peering_place(topo, name))
    if kind in (HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT) \
            and name in topo.endpoints:
        subnets = topo.endpoints[name].subnets  # the ENI in the AZ the flow uses
        subnet = next((s for s in subnets if topo.subnets[s].az == az), subnets[0] if subnets else None)
        if subnet is not None and b.has(c.eni_id(name, subnet)):
            return c.eni_id(name, subnet)
    return name if b.has(name) else None


def _destination(b: SceneBuilder, topo: Topology, result: FlowResult) -> str:
    if result.to in topo.workloads:
        return result.to
    if result.to in topo.endpoint_services:
        return result.to
    return _service_node(b, result.to, result.to_region or "")


def _next_vpc(hops: Sequence[Hop]) -> str | None:
    for hop in hops:
        if hop.kind in (HopKind.TRANSIT_GATEWAY, HopKind.TRANSIT_GATEWAY_PEERING):
            return None
        if hop.where.vpc is not None:
            return hop.where.vpc
    return None


def _attachment(topo: Topology, tgw: str, vpc: str) -> str | None:
    for att in topo.tgw_attachments.values():
        if att.tgw == tgw and att.vpc == vpc:
            return att.name
    return None


def _add_structure(b: SceneBuilder, topo: Topology) -> None:
    """The grey lines of how things are built (flows already drew the ones they use)."""
    _transit_structure(b, topo)
    for vpc in topo.vpcs:
        _router_structure(b, topo, vpc)
    for nat in topo.nat_gateways.values():
        table = topo.route_table_of(nat.subnet)
        igw = topo.vpcs[nat.vpc].internet_gateway
        if table is not None and igw is not None and any(r.via == igw for r in table.routes):
            b.structure(nat.name, igw, tooltip=f"{nat.name} sends to the internet through {igw}")
    for gateway in topo.internet_gateways.values():
        b.structure(gateway.name, _internet(b), style=EdgeStyle.INTERNET,
                    tooltip=f"{gateway.name}: {gateway.vpc} to and from the internet")
    for ep in topo.endpoints.values():
        home = topo.vpcs[ep.vpc].region
        if ep.service in topo.endpoint_services:
            target = ep.service
            there = topo.endpoint_services[ep.service].region
        else:
            there = ep.service_region if ep.type is not EndpointType.GATEWAY else home
            target = _service_node(b, ep.service, there)
        style = EdgeStyle.CROSS_REGION if there != home else EdgeStyle.NEUTRAL
        nodes = _endpoint_nodes(b, ep.name, ep.subnets)
        # One line per endpoint: from the ENI a flow uses, or else from its first ENI.
        if nodes and not any(b.joined(node, target) for node in nodes):
            b.structure(nodes[0], target, style=style)
    for svc in topo.endpoint_services.values():
        lb = topo.load_balancers[svc.load_balancer]
        b.structure(svc.name, lb.name, tooltip=f"{svc.name} is served by {lb.name}")
        for target in lb.targets:
            b.structure(lb.name, target, tooltip=f"{lb.name} → target {target}")


def _endpoint_nodes(b: SceneBuilder, endpoint: str, subnets: Sequence[str]) -> list[str]:
    """The nodes an endpoint is drawn as: one (gateway endpoint) or its ENIs."""
    if b.has(endpoint):
        return [endpoint]
    return [c.eni_id(endpoint, s) for s in subnets if b.has(c.eni_id(endpoint, s))]


def _transit_structure(b: SceneBuilder, topo: Topology) -> None:
    """Each VPC attachment to its TGW, and each TGW peering once."""
    for att in topo.tgw_attachments.values():
        if att.vpc is not None and b.has(att.name):
            b.structure(att.name, att.tgw, arrow=Arrow.NONE,
                        tooltip=f"{att.name}: {att.vpc} attached to {att.tgw}")
    seen: set[frozenset[str]] = set()
    for att in topo.tgw_attachments.values():
        if att.peer is None or frozenset((att.tgw, att.peer)) in seen:
            continue
        seen.add(frozenset((att.tgw, att.peer)))
        a, z = sorted((att.tgw, att.peer))
        cross = topo.transit_gateways[a].region != topo.transit_gateways[z].region
        pending = att.status != Status.ACTIVE
        style = EdgeStyle.BLOCKED if pending else EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE
        state = " (pending)" if pending else ""
        b.structure(a, z, style=style, label=f"TGW peering{state}", arrow=Arrow.BOTH,
                    tooltip=f"TGW peering {att.name}: {a} ↔ {z}{state}")


def _router_structure(b: SceneBuilder, topo: Topology, vpc: str) -> None:
    """The VPC's router to everything its route tables send to, and to its gateway endpoints
    (interface endpoint ENIs sit in the VPC's own subnets: the flows that use them draw the line)."""
    v = topo.vpcs[vpc]
    router = c.router_id(vpc)
    targets: set[str] = set()
    for table in v.route_tables:
        for route in topo.route_tables[table].routes:
            att = _attachment(topo, route.via, vpc) if route.via_kind is RouteTarget.TRANSIT_GATEWAY else None
            targets.add(att if att is not None else route.via)
    for name in v.endpoints:
        ep = topo.endpoints[name]
        if ep.type is not EndpointType.GATEWAY or ep.route_tables:
            targets.add(name)
    drawn = sorted(t for t in targets if b.has(t))
    if drawn and not b.has(router):
        b.add(c.router_node(topo, vpc), c.vpc_place(topo, vpc))
    for target in drawn:
        b.structure(router, target, tooltip=f"{vpc} routes to {target}")
