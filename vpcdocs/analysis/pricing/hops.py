"""Questions the charge rules ask of a flow's hop list: where it starts, where it changes region,
and each pass through a transit gateway.

Pricing reads the hop list of a `FlowResult` and never routes again: every hop carries where it
is (`Hop.where`: region, VPC, AZ, subnet, filled in by the path analysis), so nothing here looks
a hop's place up in the topology.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.result import FlowResult, Hop, HopKind, Where
from vpcdocs.model import Topology


def source_where(flow: FlowResult) -> Where:
    """Where the flow starts: its first hop, the source workload."""
    return flow.hops[0].where if flow.hops else Where()


def source_region(flow: FlowResult) -> str:
    region = source_where(flow).region
    assert region is not None, f"flow {flow.id}: its first hop has no region"
    return region


def source_az(flow: FlowResult) -> str | None:
    return source_where(flow).az


def hop_tgw(hop: Hop) -> str | None:
    """The transit gateway a `transit-gateway` hop names."""
    return hop.id if hop.kind is HopKind.TRANSIT_GATEWAY else None


@dataclass(frozen=True)
class Crossing:
    """The flow's data crosses from region `a` to region `b` (forward direction), where the hop
    at `index` starts the new region."""

    index: int
    a: str
    b: str


def region_crossings(flow: FlowResult) -> tuple[Crossing, ...]:
    """Each change of region between consecutive hops whose region is known, in order."""
    crossings = []
    previous: str | None = None
    for i, hop in enumerate(flow.hops):
        if hop.kind is HopKind.ON_PREMISES or (hop.kind is HopKind.WORKLOAD
                                               and hop.where.vpc is None):
            # data between a site and AWS is never inter-Region transfer
            # (paths-json-hybrid.md "`vpcdocs cost` additions")
            previous = None
            continue
        region = hop.where.region
        if region is None:
            continue
        if previous is not None and region != previous:
            crossings.append(Crossing(i, previous, region))
        previous = region
    return tuple(crossings)


def unique(ids: list[str]) -> tuple[str, ...]:
    """`ids` once each, in first-seen order."""
    return tuple(dict.fromkeys(ids))


SITE = "site:"  # a `TgwVisit` side that is a VPN or Direct Connect gateway attachment


def _attachment(topology: Topology, tgw: str, vpc: str | None, peer: str | None) -> str | None:
    """The first attachment of `tgw` (in its order) to `vpc` (or that site) or to `peer`: found
    once per question (`index`), not by scanning a transit gateway's attachments per flow."""
    return index(topology).memo("tgw-attachment", (tgw, vpc, peer),
                                lambda: _find_attachment(topology, tgw, vpc, peer))


def _find_attachment(topology: Topology, tgw: str, vpc: str | None,
                     peer: str | None) -> str | None:
    for name in topology.transit_gateways[tgw].attachments:
        att = topology.tgw_attachments[name]
        if vpc is not None and vpc.startswith(SITE) and vpc[len(SITE):] in (
                att.vpn, att.direct_connect_gateway):
            return name
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


def tgw_visits(flow: FlowResult) -> tuple[TgwVisit, ...]:
    """Every `transit-gateway` hop with what it was entered from and left to."""
    hops = flow.hops
    tgw_at = {i: t for i, h in enumerate(hops) if (t := hop_tgw(h)) is not None}
    visits = []
    for i, tgw in sorted(tgw_at.items()):
        before = _neighbour(hops, tgw_at, i, -1)
        after = _neighbour(hops, tgw_at, i, +1)
        visits.append(TgwVisit(tgw, i, before[0], before[1], after[0], after[1]))
    return tuple(visits)


def _neighbour(
    hops: tuple[Hop, ...], tgw_at: dict[int, str], i: int, step: int
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
        if hop.kind in (HopKind.VPN_CONNECTION, HopKind.DIRECT_CONNECT_GATEWAY):
            # a VPN or Direct Connect gateway attachment: processed as from a VPC attachment
            return (SITE + hop.id, None)
        if hop.where.vpc is not None:
            return (hop.where.vpc, None)
        j += step
    return (None, None)
