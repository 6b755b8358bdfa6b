"""A packet's way through one or more transit gateways, from a VPC attachment to a VPC attachment.

Rules (aws-networking-facts.md §4.2, AWS Transit Gateway guide tgw-vpc-attachments.html,
tgw-route-tables.html, tgw-peering.html):
* a subnet reaches the TGW only through the VPC attachment's subnet in its own AZ; an AZ without
  one cannot send to the TGW (`NO_TGW_ATTACHMENT_IN_AZ`);
* the attachment's associated TGW route table decides (longest prefix, static before propagated,
  `routing.lookup_tgw`); no match is `NO_ROUTE`, a blackhole route `BLACKHOLE`;
* a peering attachment carries the packet to the peer TGW, where the route table associated with
  the peer's side of that peering decides next; a pending peering is `PEERING_NOT_ACTIVE`;
* a VPC attachment hands the packet to the attachment ENI in the same AZ when the VPC has one
  there (AZ affinity), else to the first attachment subnet by AZ; that subnet's route table then
  routes it inside the VPC (`vpc_hops`).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from vpcdocs.analysis.paths import fixes
from vpcdocs.analysis.paths.addresses import Dest, PrivateDest
from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.paths.routing import lookup_tgw
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.result import HopKind, Where
from vpcdocs.model import Status, Topology


@dataclass(frozen=True)
class TgwArrival:
    """The packet leaves the TGW into `vpc` through `attachment`, at subnet `subnet` in `az`."""

    vpc: str
    attachment: str
    subnet: str
    az: str
    tgw: str


@dataclass(frozen=True)
class TgwToSite:
    """The packet leaves the TGW through a VPN or Direct Connect gateway attachment."""

    attachment: str
    tgw: str


def entry_subnet(topo: Topology, attachment: str, az: str) -> str | None:
    for name in topo.tgw_attachments[attachment].subnets:
        if topo.subnets[name].az == az:
            return name
    return None


def cross(topo: Topology, trace: Trace, vpc: str, az: str, tgw: str,
          dest: Dest) -> TgwArrival | TgwToSite | Blocked:
    """Send a packet from `vpc` (a subnet in `az`) into transit gateway `tgw` towards `dest`."""
    att = fixes.attachment_of(topo, vpc, tgw)
    region = topo.transit_gateways[tgw].region
    if att is None:  # the loader refuses a route to an unattached TGW; kept for safety
        trace.hop(HopKind.TRANSIT_GATEWAY, tgw, Where(region), region=region, note=f"{vpc} is not attached")
        return Blocked(Reason.NO_ROUTE, f"`{vpc}` is not attached to transit gateway `{tgw}`.",
                       f"attach `{vpc}` to `{tgw}`")
    sub = entry_subnet(topo, att, az)
    if sub is None:
        trace.hop(HopKind.TRANSIT_GATEWAY, tgw, Where(region), region=region,
                  note=f"attachment {att} has no subnet in {az}")
        return Blocked(
            Reason.NO_TGW_ATTACHMENT_IN_AZ,
            f"Attachment `{att}` of `{vpc}` to transit gateway `{tgw}` has no subnet in {az}, "
            f"so nothing in {az} can reach the transit gateway, whatever its route table says.",
            f"add a subnet of `{vpc}` in {az} to attachment `{att}`")
    trace.code(Code.VIA_TRANSIT_GATEWAY)
    return route_from(topo, trace, tgw, att, az, dest,
                      f"attachment `{att}` (subnet `{sub}`, {az})")


def route_from(topo: Topology, trace: Trace, tgw: str, att: str, az: str | None, dest: Dest,
               via_first: str) -> TgwArrival | TgwToSite | Blocked:
    """Route a packet that entered transit gateway `tgw` through attachment `att` (a VPC, VPN or
    Direct Connect gateway attachment; `az` None when it came from on premises)."""
    trace.code(Code.VIA_TRANSIT_GATEWAY)
    current, from_att, entered = tgw, att, az
    region = topo.transit_gateways[tgw].region
    first = True
    seen: set[str] = set()
    while True:
        t = topo.transit_gateways[current]
        a = topo.tgw_attachments[from_att]
        table = a.route_table
        via = via_first if first else f"peering attachment `{from_att}`"
        if table is None or table in seen:
            trace.hop(HopKind.TRANSIT_GATEWAY, current, Where(t.region), region=t.region,
                      note=f"attachment {from_att} has no route table")
            if table is None:
                return Blocked(
                    Reason.NO_ROUTE,
                    f"Transit gateway `{current}` drops it: {via} is associated with no TGW "
                    "route table.",
                    f"associate attachment `{from_att}` with a route table of `{current}`")
            return Blocked(Reason.NO_ROUTE, f"Transit gateway `{current}` routes it in a loop.",
                           f"fix the static routes of TGW route table `{table}`")
        seen.add(table)
        m = lookup_tgw(topo, table, dest)
        if m is None:
            trace.hop(HopKind.TRANSIT_GATEWAY, current, Where(t.region), region=t.region,
                      note=f"route table {table}: no route")
            return Blocked(
                Reason.NO_ROUTE,
                f"Transit gateway `{current}` takes it in through {via}, but the associated "
                f"route table `{table}` has no route to {dest.describe()}.",
                fixes.no_tgw_route(topo, current, table, dest))
        r = m.route
        trace.hop(HopKind.TRANSIT_GATEWAY, current, Where(t.region), region=t.region, route=r.text,
                  note=f"route table {table}, {r.origin} route")
        beats = ""
        if m.losers and m.losers[0].net.prefixlen < r.net.prefixlen:
            beats = f", more specific than `{m.losers[0].text}`"
        elif m.losers and m.losers[0].net == r.net and not r.propagated:
            beats = f", a static route beating the propagated `{m.losers[0].text}`"
        lead = (f"Transit gateway `{current}` ({t.region}) takes it in through {via}; its "
                f"associated route table `{table}` matches the {r.origin} route `{r.text}`{beats}")
        if r.blackhole:
            trace.say(lead + ".")
            return Blocked(
                Reason.BLACKHOLE,
                "That route is a blackhole: the transit gateway drops the packet.",
                _blackhole_fix(topo, current, table, r.net, r.text, dest))
        assert r.attachment is not None
        target = topo.tgw_attachments[r.attachment]
        if target.peer is not None:
            peer = topo.transit_gateways[target.peer]
            trace.hop(HopKind.TRANSIT_GATEWAY_PEERING, target.name, Where(),
                      note=f"to {target.peer} ({peer.region})")
            if target.status != Status.ACTIVE:
                trace.say(lead + ".")
                return Blocked(
                    Reason.PEERING_NOT_ACTIVE,
                    f"The transit gateway peering `{target.name}` to `{target.peer}` is still "
                    "pending, so it carries nothing.",
                    f"accept the peering between `{current}` and `{target.peer}` (then set "
                    "`status: active` on both sides)")
            trace.code(Code.VIA_TRANSIT_GATEWAY_PEERING)
            crossing = (f", crossing from {t.region} to {peer.region}"
                        if peer.region != t.region else "")
            trace.say(f"{lead}, which sends it over the transit gateway peering to "
                      f"`{target.peer}`{crossing}.")
            back = _peer_side(topo, target.peer, current)
            if back is None:
                return Blocked(Reason.NO_ROUTE, f"`{target.peer}` has no side of that peering.",
                               f"declare `peer: {current}` on `{target.peer}`")
            current, from_att, first = target.peer, back, False
            continue
        if target.vpc is None:
            kind = "VPN" if target.vpn is not None else "Direct Connect gateway"
            trace.say(f"{lead}, to {kind} attachment `{target.name}`.")
            return TgwToSite(target.name, current)
        # AZ affinity: stay in the AZ the packet entered by, when it is in this Region.
        out = (entry_subnet(topo, target.name, entered)
               if entered is not None and topo.vpcs[target.vpc].region == region else None)
        if out is None and target.subnets:
            out = target.subnets[0]
        if out is None:
            return Blocked(Reason.NO_ROUTE, f"Attachment `{target.name}` has no subnets.",
                           f"give attachment `{target.name}` a subnet in each AZ")
        out_az = topo.subnets[out].az
        trace.say(f"{lead}, into `{target.vpc}` at attachment subnet `{out}` ({out_az}).")
        return TgwArrival(target.vpc, target.name, out, out_az, current)


def _peer_side(topo: Topology, tgw: str, peer: str) -> str | None:
    """The first attachment of `tgw` peering it with `peer` (once per pair: `index`)."""
    return index(topo).memo("tgw-peer-side", (tgw, peer), lambda: next(
        (o for o in topo.transit_gateways[tgw].attachments
         if topo.tgw_attachments[o].peer == peer), None))


def _blackhole_fix(topo: Topology, tgw: str, table: str, net: IPv4Network, text: str,
                   dest: Dest) -> str:
    """Propagate the destination when its VPC is attached and more specific than the blackhole;
    else remove the blackhole route."""
    if isinstance(dest, PrivateDest):
        att = fixes.attachment_of(topo, dest.vpc, tgw)
        cidr = fixes.vpc_cidr_of(topo, dest)
        if att is not None and cidr.prefixlen > net.prefixlen \
                and att not in topo.tgw_route_tables[table].propagations:
            return (f"add `{att}` to the propagations of TGW route table `{table}` (its "
                    f"{cidr} is more specific than the blackhole {net})")
    return f"remove the blackhole route `{text}` from TGW route table `{table}`"
