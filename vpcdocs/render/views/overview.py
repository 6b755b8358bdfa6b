"""The overview: the whole network on one picture, with every flow drawn over it.

Boxes follow AWS's diagram convention, region > VPC > Availability Zone > subnet. Inside the
subnets: workloads, NAT gateways and the network interfaces (ENIs) of interface and GWLB
endpoints, one per subnet as in the per-VPC view, so the AZs an endpoint covers are visible (a
subnet holding `_ENI_GROUP` or more draws them as one node listing them). On
the VPC (not in one AZ): internet gateway, gateway endpoints and each TGW attachment drawn *once*,
its AZs named in the label ("AZ ab"). A subnet with nothing else in it shows a small box saying
what it holds ("ENIs of att-x"). In each region: transit gateways, same-region peerings and the
AWS services used; across regions: inter-region peerings and the internet. Past
`OVERVIEW_NODE_BUDGET` nodes the summary (`vpcdocs.render.views.summary`) is drawn instead.

With `region=` the same picture of one Region (its Region page's diagram): its VPCs, transit
gateways, peerings and endpoint services, the flows that pass through it, and at its edge what
they lead to (a peered transit gateway, a service, a peering) in that other Region's frame; past
`REGION_NODE_BUDGET` nodes the summary of that Region.

Lines: grey for structure (attachment to its TGW, endpoint to its service, NAT to its internet
gateway, endpoint service to its load balancer to its targets), coloured for traffic: every flow
is drawn through the objects it crosses, one line per pair of objects however many flows share
it (the tooltip names them), unlabelled except where a flow is blocked (#1059: no label soup).
"""

from __future__ import annotations

from collections.abc import Sequence

from vpcdocs.analysis.result import FlowResult, Hop, HopKind
from vpcdocs.diagnostics import Location
from vpcdocs.model import EndpointType, RouteTarget, Topology
from vpcdocs.render.scene import Arrow, EdgeStyle, Node, Scene
from vpcdocs.render.views import common as c
from vpcdocs.render.views.common import Place, SceneBuilder, Step
from vpcdocs.render.views.pages import link_for
from vpcdocs.render.views.summary import OVERVIEW_NODE_BUDGET, summary

__all__ = ["REGION_NODE_BUDGET", "eni_group_id", "overview", "overview_steps"]

#: A subnet holding this many endpoint ENIs or more draws them as one node listing them (a
#: shared-services subnet of 6 endpoints was 6 icons stretching its AZ across the picture).
_ENI_GROUP = 3

#: Past this many nodes a Region's detailed picture becomes the summary of that Region: a
#: landing-zone Region of 25 VPCs (about 110 nodes) would be a poster. The bundled examples'
#: Regions (11 to 47 nodes) show every subnet and flow; they are readable in the zoom view.
REGION_NODE_BUDGET = 60

def overview(topology: Topology, results: Sequence[FlowResult], *,
             detailed: bool | None = None, region: str | None = None) -> Scene:
    """The whole network: regions, VPCs, AZs, subnets and what they hold, the connections
    between them, the AWS services and the internet, and every flow's way through them. Past
    `OVERVIEW_NODE_BUDGET` nodes (or with `detailed=False`) the one-screen summary instead
    (`vpcdocs.render.views.summary`); `detailed=True` always draws the detailed picture.
    With `region`, the picture of that Region alone (budget `REGION_NODE_BUDGET`)."""
    if region is not None and region not in topology.regions():
        raise c.UnknownTarget("region", region, topology.regions())
    scene = _detailed(topology, results, region)
    budget = OVERVIEW_NODE_BUDGET if region is None else REGION_NODE_BUDGET
    if detailed is False or (detailed is None and len(scene.nodes) > budget):
        return summary(topology, results, region=region)
    return scene


def _detailed(topology: Topology, results: Sequence[FlowResult], region: str | None) -> Scene:
    b = SceneBuilder(topology)
    b.count_subnets = True
    topo = topology

    def here(r: str) -> bool:
        return region is None or r == region

    for vpc in topo.vpcs:
        if here(topo.vpcs[vpc].region):
            _add_vpc(b, topo, vpc)
    for tgw in topo.transit_gateways:
        if here(topo.transit_gateways[tgw].region) or any(
                here(topo.transit_gateways[t].region) for t in _tgw_peers(topo, tgw)):
            _add_tgw(b, topo, tgw)  # in a Region's picture: with the ones peered with it
    for peering in topo.peerings:
        p = topo.peerings[peering]
        if here(topo.vpcs[p.requester].region) or here(topo.vpcs[p.accepter].region):
            b.add(c.peering_node(topo, peering), c.peering_place(topo, peering))
    for name in topo.endpoint_services:
        if here(topo.endpoint_services[name].region):
            _add_endpoint_service(b, topo, name)
    for result in sorted(results, key=lambda r: r.id):
        if region is not None and not any(h.where.region == region for h in result.hops):
            continue
        steps = overview_steps(b, topo, result)
        c.flow_edges(b, result, steps, numbered=False)
    _add_structure(b, topo)
    title = topo.title or "Network"
    what = "overview" if region is None else f"Region {region}"
    return b.build(f"{title} — {what}", origin=Location(topo.source),
                   subject="the overview diagram" if region is None else f"the diagram of {region}")


def _tgw_peers(topo: Topology, tgw: str) -> list[str]:
    """The transit gateways peered with `tgw`."""
    return sorted({a.peer for a in topo.tgw_attachments.values() if a.tgw == tgw and a.peer}
                  | {a.tgw for a in topo.tgw_attachments.values() if a.peer == tgw})


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
    enis: dict[str, list[str]] = {}  # subnet -> the endpoints with an ENI there
    for name in vpc.endpoints:
        ep = topo.endpoints[name]
        if ep.type is EndpointType.GATEWAY or not ep.subnets:
            b.add(c.endpoint_node(topo, name), here)
            continue
        for subnet in ep.subnets:
            enis.setdefault(subnet, []).append(name)
    for subnet, names in sorted(enis.items()):  # each ENI in its subnet, many as one node
        occupied.add(subnet)
        if len(names) >= _ENI_GROUP:
            b.add(_eni_group_node(topo, vpc_name, subnet, names), c.subnet_place(topo, subnet))
            continue
        for name in names:
            b.add(c.eni_node(topo, name, subnet), c.subnet_place(topo, subnet))
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


def eni_group_id(subnet: str) -> str:
    """Node id of the one node standing for the endpoint ENIs of a subnet that holds many."""
    return f"enis:{subnet}"


def _eni_group_node(topo: Topology, vpc: str, subnet: str, names: Sequence[str]) -> Node:
    """A subnet's endpoint ENIs as one node listing them (the VPC view draws each)."""
    what = [(n, c.endpoint_what(topo, n)) for n in sorted(names)]
    return Node(
        eni_group_id(subnet),
        f"{len(names)} endpoint ENIs",
        icon="interface-endpoint",
        tooltip=f"ENIs in subnet {subnet} of endpoints "
        + ", ".join(f"{n} ({w})" for n, w in what),
        link=f"{link_for(topo, vpc)}#endpoints",
        details=tuple(f"{n} · {w}" for n, w in what),
    )


def _eni_of(b: SceneBuilder, endpoint: str, subnet: str) -> str | None:
    """The node an endpoint's ENI in `subnet` is drawn as: its own, its subnet's group, none."""
    for node in (c.eni_id(endpoint, subnet), eni_group_id(subnet)):
        if b.has(node):
            return node
    return None


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
            if vpc is not None and not after_nat and vpc in b.shown_vpcs:
                push(b.add(c.router_node(topo, vpc), c.vpc_place(topo, vpc)), i, region)
            continue
        if kind == HopKind.TRANSIT_GATEWAY:
            if vpc is not None:
                att = _attachment(topo, hop.id, vpc)
                if att is not None and b.has(att):
                    push(att, i, region)
            push(b.add(c.tgw_node(topo, hop.id), Place(region)) if hop.id in topo.transit_gateways
                 else hop.id, i, region)
            following = _next_vpc(hops[i + 1:])
            vpc = None
            if following is not None:
                att = _attachment(topo, hop.id, following)
                if att is not None and b.has(att):
                    push(att, i, region)
            continue
        node = _hop_node(b, topo, hop.kind, hop.id, region, hop.az or hop.where.az)
        if node is not None:
            push(node, i, region)
    if not result.reachable and len(steps) < 2:
        destination = _destination(b, topo, result)
        if b.has(destination):
            push(destination, -1, result.to_region)
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
        if subnet is not None and _eni_of(b, name, subnet) is not None:
            return _eni_of(b, name, subnet)
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
        if vpc in b.shown_vpcs:
            _router_structure(b, topo, vpc)
    for nat in topo.nat_gateways.values():
        if not b.has(nat.name):
            continue
        table = topo.route_table_of(nat.subnet)
        igw = topo.vpcs[nat.vpc].internet_gateway
        if table is not None and igw is not None and any(r.via == igw for r in table.routes):
            b.structure(nat.name, igw, tooltip=f"{nat.name} sends to the internet through {igw}")
    for gateway in topo.internet_gateways.values():
        if not b.has(gateway.name):
            continue
        b.structure(gateway.name, _internet(b), style=EdgeStyle.INTERNET,
                    tooltip=f"{gateway.name}: {gateway.vpc} to and from the internet")
    for ep in topo.endpoints.values():
        if ep.vpc not in b.shown_vpcs:
            continue
        home = topo.vpcs[ep.vpc].region
        if ep.service in topo.endpoint_services:
            target = ep.service
            there = topo.endpoint_services[ep.service].region
            if not b.has(target):  # a Region's picture: the service is in another Region
                continue
        else:
            there = ep.service_region if ep.type is not EndpointType.GATEWAY else home
            target = _service_node(b, ep.service, there)
        style = EdgeStyle.CROSS_REGION if there != home else EdgeStyle.NEUTRAL
        nodes = _endpoint_nodes(b, ep.name, ep.subnets)
        # One line per endpoint: from the ENI a flow uses, or else from its first ENI.
        if nodes and not any(b.joined(node, target) for node in nodes):
            named = None if not nodes[0].startswith("enis:") else (  # a group: say which one
                f"{ep.name} ({c.endpoint_what(topo, ep.name)}) → {b.nodes[target].label}"
                .replace("\n", " "))
            b.structure(nodes[0], target, style=style, tooltip=named)
    for svc in topo.endpoint_services.values():
        if not b.has(svc.name):
            continue
        lb = topo.load_balancers[svc.load_balancer]
        b.structure(svc.name, lb.name, tooltip=f"{svc.name} is served by {lb.name}")
        for target in lb.targets:
            b.structure(lb.name, target, tooltip=f"{lb.name} → target {target}")


def _endpoint_nodes(b: SceneBuilder, endpoint: str, subnets: Sequence[str]) -> list[str]:
    """The nodes an endpoint is drawn as: one (gateway endpoint) or its ENIs."""
    if b.has(endpoint):
        return [endpoint]
    return [node for s in subnets if (node := _eni_of(b, endpoint, s)) is not None]


def _transit_structure(b: SceneBuilder, topo: Topology) -> None:
    """Each VPC attachment to its TGW, and each TGW peering once."""
    for att in topo.tgw_attachments.values():
        if att.vpc is not None and b.has(att.name):
            b.structure(att.name, att.tgw, arrow=Arrow.NONE,
                        tooltip=f"{att.name}: {att.vpc} attached to {att.tgw}")
    for peering in c.tgw_peerings(topo):
        if b.has(peering.a) and b.has(peering.z):
            b.structure(peering.a, peering.z, style=peering.style,
                        label=f"TGW peering{peering.state}", arrow=Arrow.BOTH,
                        tooltip=peering.tooltip)


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
