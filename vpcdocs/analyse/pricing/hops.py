"""Where a flow's hops are: their region, VPC and AZ, and the billed resources they use.

Pricing reads the hop list of a `FlowResult` (paths-json.md) and the topology; it never routes
again. This module answers the questions the charge rules ask of a hop list, using the topology
for anything a hop does not carry itself (a hop's `region` when given, else the region of the
object it names), so it works with the contract's hop sequences whatever optional fields the
path analysis fills in.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcdocs.analyse.result import FlowResult, Hop, HopKind
from vpcdocs.model import Topology

# Hop kinds that name an object inside one VPC.
_IN_VPC = frozenset(
    {
        HopKind.WORKLOAD,
        HopKind.SUBNET,
        HopKind.ROUTE_TABLE,
        HopKind.NAT_GATEWAY,
        HopKind.INTERNET_GATEWAY,
        HopKind.GATEWAY_ENDPOINT,
        HopKind.INTERFACE_ENDPOINT,
        HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT,
        HopKind.LOAD_BALANCER,
        HopKind.ENDPOINT_SERVICE,
    }
)


def hop_vpc(topology: Topology, hop: Hop) -> str | None:
    """The VPC a hop is in, when it names an object inside one VPC."""
    if hop.kind not in _IN_VPC:
        return None
    if hop.kind is HopKind.LOAD_BALANCER and hop.id in topology.load_balancers:
        return topology.load_balancers[hop.id].vpc
    if hop.kind is HopKind.ENDPOINT_SERVICE and hop.id in topology.endpoint_services:
        return topology.endpoint_services[hop.id].vpc
    try:
        return topology.vpc_of(hop.id).name
    except KeyError:
        return None


def hop_tgw(topology: Topology, hop: Hop) -> str | None:
    """The transit gateway a `transit-gateway` hop names (by its name or an attachment's)."""
    if hop.kind is not HopKind.TRANSIT_GATEWAY:
        return None
    if hop.id in topology.transit_gateways:
        return hop.id
    if hop.id in topology.tgw_attachments:
        return topology.tgw_attachments[hop.id].tgw
    return None


def hop_region(topology: Topology, hop: Hop, flow: FlowResult) -> str | None:
    """The region of a hop: its own `region`, else that of what it names; None for hops
    between regions (peering, TGW peering), `local` and `internet`."""
    if hop.region is not None:
        return hop.region
    if hop.kind is HopKind.SERVICE:
        return flow.to_region
    tgw = hop_tgw(topology, hop)
    if tgw is not None:
        return topology.transit_gateways[tgw].region
    vpc = hop_vpc(topology, hop)
    return topology.vpcs[vpc].region if vpc is not None else None


def hop_az(topology: Topology, hop: Hop) -> str | None:
    """The AZ of a subnet or workload hop (its own `az`, else the topology's)."""
    if hop.az is not None:
        return hop.az
    if hop.kind is HopKind.SUBNET and hop.id in topology.subnets:
        return topology.subnets[hop.id].az
    if hop.kind is HopKind.WORKLOAD and hop.id in topology.workloads:
        return topology.subnets[topology.workloads[hop.id].subnet].az
    return None


def source_az(topology: Topology, flow: FlowResult) -> str | None:
    workload = topology.workloads.get(flow.source)
    return topology.subnets[workload.subnet].az if workload is not None else None


def source_region(topology: Topology, flow: FlowResult) -> str:
    return topology.vpc_of(flow.source).region


@dataclass(frozen=True)
class Crossing:
    """The flow's data crosses from region `a` to region `b` (forward direction)."""

    a: str
    b: str


def region_crossings(topology: Topology, flow: FlowResult) -> tuple[Crossing, ...]:
    """Each change of region between consecutive hops whose region is known, in order."""
    crossings = []
    previous: str | None = None
    for hop in flow.hops:
        region = hop_region(topology, hop, flow)
        if region is None:
            continue
        if previous is not None and region != previous:
            crossings.append(Crossing(previous, region))
        previous = region
    return tuple(crossings)


def unique(ids: list[str]) -> tuple[str, ...]:
    """`ids` once each, in first-seen order."""
    return tuple(dict.fromkeys(ids))


def _attachment(topology: Topology, tgw: str, vpc: str | None, peer: str | None) -> str | None:
    for name in topology.transit_gateways[tgw].attachments:
        att = topology.tgw_attachments[name]
        if vpc is not None and att.vpc == vpc:
            return name
        if peer is not None and att.peer == peer:
            return name
    return None


@dataclass(frozen=True)
class TgwVisit:
    """One pass through a transit gateway: from/to a VPC attachment (`*_vpc`) or a peering
    with another transit gateway (`*_tgw`)."""

    tgw: str
    index: int
    from_vpc: str | None
    from_tgw: str | None
    to_vpc: str | None
    to_tgw: str | None

    def attachments(self, topology: Topology) -> tuple[str, ...]:
        found = [
            _attachment(topology, self.tgw, self.from_vpc, self.from_tgw),
            _attachment(topology, self.tgw, self.to_vpc, self.to_tgw),
        ]
        return unique([a for a in found if a is not None])


def tgw_visits(topology: Topology, flow: FlowResult) -> tuple[TgwVisit, ...]:
    """Every `transit-gateway` hop with what it was entered from and left to."""
    hops = flow.hops
    tgw_positions = [(i, hop_tgw(topology, h)) for i, h in enumerate(hops)]
    tgw_at = {i: t for i, t in tgw_positions if t is not None}
    visits = []
    for i, tgw in sorted(tgw_at.items()):
        before = _neighbour(topology, hops, tgw_at, i, -1)
        after = _neighbour(topology, hops, tgw_at, i, +1)
        visits.append(TgwVisit(tgw, i, before[0], before[1], after[0], after[1]))
    return tuple(visits)


def _neighbour(
    topology: Topology, hops: tuple[Hop, ...], tgw_at: dict[int, str], i: int, step: int
) -> tuple[str | None, str | None]:
    """(VPC, None) when the neighbour on that side is in a VPC; (None, TGW) when it is another
    transit gateway across a peering; (None, None) at the end of the hops."""
    j = i + step
    while 0 <= j < len(hops):
        hop = hops[j]
        if j in tgw_at:
            return (None, tgw_at[j])
        if hop.kind is HopKind.TRANSIT_GATEWAY_PEERING:
            j += step
            continue
        vpc = hop_vpc(topology, hop)
        if vpc is not None:
            return (vpc, None)
        j += step
    return (None, None)
