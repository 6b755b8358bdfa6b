"""Hop by hop through VPC route tables: local delivery, gateway endpoints, NAT and internet
gateways, peerings, transit gateways (via `tgw`) and Gateway Load Balancer endpoints.

The walk starts at a subnet and asks its route table (`routing.lookup_vpc`); each target either
ends the walk (delivered, left for a service, or blocked) or hands the packet to another subnet's
route table (a NAT gateway's, a GWLB endpoint's, or a transit gateway attachment's). Rules, with
their sources in aws-networking-facts.md:
* gateway endpoint: only for traffic that starts inside its VPC; a packet that arrived through a
  transit gateway (or a peering) cannot use it: `GATEWAY_ENDPOINT_NOT_TRANSITIVE` (§1.5, §7.3).
  Traffic a NAT gateway in the VPC forwards does start there (the NAT's own interface) and may.
* NAT gateway: forwards to its own subnet's route table, which must send public traffic to an
  internet gateway, else `NO_INTERNET_GATEWAY` (§6.2, VPC User Guide vpc-nat-gateway.html).
* internet gateway: used directly only by an interface with a public IP (`NO_PUBLIC_IP`, §6.2);
  it translates addresses of its own VPC only, so a packet from a transit gateway cannot use it.
* peering: active only (`PEERING_NOT_ACTIVE`); delivers only to addresses inside the peer VPC, and
  nothing at the peer's edge can be used (`PEERING_NOT_TRANSITIVE`, or
  `GATEWAY_ENDPOINT_NOT_TRANSITIVE` for the peer's gateway endpoints); a packet that came from a
  transit gateway cannot leave over a peering (edge-to-edge routing, §4.1).
* transit gateway: see `tgw`; the arriving packet is routed by the attachment subnet's table, so
  central egress through a NAT gateway works (paths-json.md "Edges of a VPC").
* GWLB endpoint as a route target: the appliances return the packet to the endpoint, and the
  endpoint subnet's route table routes it on (§3.1, VPC User Guide route-table-options.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from vpcdocs.analysis.paths import endpoint_service, fixes, onprem, prefix_lists, tgw
from vpcdocs.analysis.paths.addresses import (
    Dest,
    PrivateDest,
    PublicDest,
    SiteDest,
    cap,
    service_dns_name,
    service_title,
)
from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.paths.routing import VpcMatch, lookup_vpc
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.paths.walk_types import Delivered, Exited, Source
from vpcdocs.analysis.result import HopKind, Network, Where
from vpcdocs.model import Status, Topology

Outcome = Delivered | Exited | Blocked


@dataclass(frozen=True)
class _At:
    """Where the packet is being routed: a subnet's route table, and how it got there."""

    vpc: str
    subnet: str
    az: str
    arrived: str  # "origin": started in this VPC | "tgw": came in from a transit gateway
    nat: str | None  # the NAT gateway that translated its source, if any
    tgw: str | None = None  # the transit gateway it came from
    handed_by: str | None = None  # the NAT gateway or GWLB endpoint that handed it to this subnet


def walk(topo: Topology, trace: Trace, src: Source, dest: Dest) -> Outcome:
    """Route a packet from `src` towards `dest` until it is delivered, leaves, or stops."""
    return _walk(topo, trace, src, dest, _At(src.vpc, src.subnet, src.az, "origin", None))


def walk_in(topo: Topology, trace: Trace, src: Source, dest: Dest, vpc: str, subnet: str,
            az: str, tgw: str) -> Outcome:
    """Route a packet that came into `vpc` from transit gateway `tgw` at attachment subnet
    `subnet` (from on premises: `src` has no subnet of its own)."""
    return _walk(topo, trace, src, dest, _At(vpc, subnet, az, "tgw", None, tgw))


def _walk(topo: Topology, trace: Trace, src: Source, dest: Dest, at: _At) -> Outcome:
    seen: set[tuple[str, str, str | None]] = set()
    while True:
        key = (at.subnet, at.arrived, at.nat)
        if key in seen:
            return Blocked(Reason.NO_ROUTE, f"The route tables send it round in a loop back to "
                           f"`{at.subnet}`.", "break the routing loop")
        seen.add(key)
        step = _step(topo, trace, src, at, dest)
        if not isinstance(step, _At):
            return step
        at = step


def _where(topo: Topology, at: _At, *, vpc_only: bool = False) -> Where:
    """Where the packet is: the subnet whose route table decides (or only its VPC, for what
    belongs to the VPC as a whole: the `local` route, gateway endpoints, internet gateways)."""
    region = topo.vpcs[at.vpc].region
    if vpc_only:
        return Where(region, at.vpc)
    return Where(region, at.vpc, at.az, at.subnet)


def _arrival_note(at: _At) -> str | None:
    if at.handed_by is not None:
        return f"subnet of {at.handed_by}"
    if at.arrived == "tgw":
        return f"attachment subnet {at.subnet}"
    return None


def _step(topo: Topology, trace: Trace, src: Source, at: _At, dest: Dest) -> _At | Outcome:
    table = topo.subnets[at.subnet].route_table
    if table is None:
        return Blocked(Reason.NO_ROUTE, f"Subnet `{at.subnet}` has no route table.",
                       f"give subnet `{at.subnet}` a route table")
    m = lookup_vpc(topo, table, dest)
    if m is None:
        trace.hop(HopKind.ROUTE_TABLE, table, _where(topo, at), note=f"no route to {_short(dest)}")
        has = f"Route table `{table}` of `{at.subnet}` has no route to {dest.describe()}"
        if at.nat is not None and isinstance(dest, PublicDest):
            has = f"{_table_intro(topo, at, table)} has no route to {dest.describe()}"
            igw = topo.vpcs[at.vpc].internet_gateway
            fix = (f"add a route `0.0.0.0/0 -> {igw}` to route table `{table}`" if igw else
                   f"attach an internet gateway to `{at.vpc}` and route `0.0.0.0/0` to it from "
                   f"route table `{table}`")
            return Blocked(Reason.NO_INTERNET_GATEWAY,
                           f"{has}: NAT gateway `{at.nat}` has no internet gateway to send it to.",
                           fix)
        return Blocked(Reason.NO_ROUTE, has + ".",
                       fixes.no_vpc_route(topo, table, dest, at.az, from_tgw=at.arrived == "tgw"))
    r = m.route
    for other in m.public_cidr_routes:
        # paths-json.md, rulings of 2026-12-07: only a route longer than the list's shortest
        # entry can be more specific than some entry (a 0.0.0.0/1 route never is).
        if other.net is None or r.service is None or r.region is None or \
                not prefix_lists.may_beat(other.net, r.service, r.region):
            continue
        trace.assume(f"route `{other.text}` in `{table}` may be more specific than some entries of "
                     f"prefix list `{r.dest}`; service addresses inside it would bypass "
                     f"`{r.target}`")
    if r.target_kind == "local":
        if at.arrived == "tgw" and at.nat is None:
            _local_edges(topo, trace, src, at, dest)
            trace.say(f"Route table `{table}` of the attachment subnet delivers it by the `local` "
                      f"route `{r.dest}`.")
        else:
            trace.hop(HopKind.ROUTE_TABLE, table, _where(topo, at), route=r.text,
                      note=_arrival_note(at))
            _local_edges(topo, trace, src, at, dest)
            trace.hop(HopKind.LOCAL, at.vpc, _where(topo, at, vpc_only=True))
            trace.say(f"{_table_intro(topo, at, table)} delivers it inside `{at.vpc}` by the `local` "
                      f"route `{r.dest}`{_beats(m)}.")
        return Delivered(at.vpc, at.az if at.arrived == "tgw" else None)
    trace.hop(HopKind.ROUTE_TABLE, table, _where(topo, at), route=r.text, note=_arrival_note(at))
    if r.propagated:
        trace.code(Code.PROPAGATED_ROUTE)
    _leave_edges(topo, trace, src, at, dest, r.target_kind, r.target)
    intro = _table_intro(topo, at, table)
    if at.nat is not None and at.handed_by == at.nat and isinstance(dest, PublicDest) \
            and r.target_kind == "nat-gateway":
        # A NAT gateway placed in a private subnet: its own subnet sends its traffic to a NAT
        # gateway (itself, or another) instead of an internet gateway (facts §6.2).
        trace.say(f"{intro} sends it by `{r.text}` to a NAT gateway again, not to an internet "
                  "gateway.")
        return Blocked(Reason.NO_INTERNET_GATEWAY,
                       f"NAT gateway `{at.nat}` sits in subnet `{at.subnet}`, whose route table "
                       f"`{table}` has no route to an internet gateway, so it has nowhere to send "
                       "the traffic.", fixes.nat_placement(topo, at.nat, table))
    if r.target_kind == "gateway-endpoint":
        return _gateway_endpoint(topo, trace, src, at, m, intro, dest)
    if r.target_kind == "nat-gateway":
        return _nat(topo, trace, src, at, m, intro, dest)
    if r.target_kind == "internet-gateway":
        return _igw(topo, trace, src, at, m, intro, dest)
    if r.target_kind == "peering":
        return _peering(topo, trace, at, m, intro, dest)
    if r.target_kind == "transit-gateway":
        trace.say(f"{intro} sends it by `{r.text}` to transit gateway `{r.target}`{_beats(m)}.")
        arrival = tgw.cross(topo, trace, at.vpc, at.az, r.target, dest)
        if isinstance(arrival, Blocked):
            return arrival
        if isinstance(arrival, tgw.TgwToSite):
            return onprem.tgw_out(topo, trace, arrival.attachment, dest)
        trace.visit(topo.vpcs[arrival.vpc].region)
        return _At(arrival.vpc, arrival.subnet, arrival.az, "tgw", at.nat, arrival.tgw)
    if r.target_kind == "gwlb-endpoint":
        return _gwlbe(topo, trace, at, m, intro)
    if r.target_kind == "vpn-gateway":
        trace.say(f"{intro} sends it by `{r.text}`{_beats(m)} to virtual private gateway "
                  f"`{r.target}`.")
        return onprem.vgw_out(topo, trace, r.target, dest)
    return Blocked(Reason.NO_ROUTE, f"Route `{r.text}` has a target vpcdocs cannot follow.",
                   f"check route `{r.text}` in `{table}`")


def src_addr(topo: Topology, src: Source, nat: str | None) -> IPv4Network:
    """The packet's source range: a NAT gateway's subnet once translated, else the source's."""
    if nat is not None:
        return topo.subnets[topo.nat_gateways[nat].subnet].cidr
    if src.net is not None:
        return src.net
    return topo.subnets[src.subnet].cidr


def dst_addr(dest: Dest) -> IPv4Network | tuple[str, str]:
    if isinstance(dest, PublicDest):
        return (dest.service, dest.region)
    return dest.net


def _local_edges(topo: Topology, trace: Trace, src: Source, at: _At, dest: Dest) -> None:
    """Delivery by the `local` route: out of this subnet and into the destination's, unless
    both are one subnet (facts §15.2)."""
    if not topo.network_acls or not isinstance(dest, PrivateDest) or dest.subnet == at.subnet:
        return
    s, d = src_addr(topo, src, at.nat), dst_addr(dest)
    trace.edge(at.subnet, False, s, d)
    if dest.subnet in topo.subnets:
        trace.edge(dest.subnet, True, s, d)


def _leave_edges(topo: Topology, trace: Trace, src: Source, at: _At, dest: Dest, kind: str,
                 target: str) -> None:
    """A lookup sends the packet out of `at.subnet` to a gateway, endpoint or peering: this
    subnet's outbound rules, then the inbound rules of the subnet it enters, if any."""
    if not topo.network_acls:
        return
    s, d = src_addr(topo, src, at.nat), dst_addr(dest)
    trace.edge(at.subnet, False, s, d)
    into: str | None = None
    if kind == "nat-gateway":
        into = topo.nat_gateways[target].subnet
        into = None if into == at.subnet else into
    elif kind == "gwlb-endpoint":
        into = topo.endpoints[target].subnets[0]
        into = None if into == at.subnet else into
    elif kind == "transit-gateway":
        att = fixes.attachment_of(topo, at.vpc, target)
        into = tgw.entry_subnet(topo, att, at.az) if att is not None else None
    elif kind == "peering" and isinstance(dest, PrivateDest) \
            and topo.peerings[target].other(at.vpc) == dest.vpc:
        into = dest.subnet
    if into is not None:
        trace.edge(into, True, s, d)


def _short(dest: Dest) -> str:
    if not isinstance(dest, PublicDest):
        return str(dest.net)
    return f"{dest.service} in {dest.region}"


def _table_intro(topo: Topology, at: _At, table: str) -> str:
    if at.handed_by is not None and at.handed_by in topo.nat_gateways:
        return f"The NAT gateway's subnet `{at.subnet}` uses route table `{table}`, which"
    if at.handed_by is not None:
        return (f"Back from the appliances, the subnet `{at.subnet}` of endpoint "
                f"`{at.handed_by}` uses route table `{table}`, which")
    if at.arrived == "tgw":
        return (f"In `{at.vpc}`, route table `{table}` of attachment subnet `{at.subnet}` "
                f"({at.az})")
    return f"Route table `{table}`"


def _beats(m: VpcMatch) -> str:
    r = m.route
    cidrs = [x for x in m.losers if x.net is not None]
    if r.net is None:
        if cidrs:
            return (f"; the prefix list is more specific than `{cidrs[0].text}`, so it wins for "
                    f"{service_title(r.service or '')} in {r.region}")
        return ""
    shorter = [x for x in cidrs if x.net is not None and x.net.prefixlen < r.net.prefixlen]
    if shorter:
        return f" (more specific than `{shorter[0].text}`)"
    return ""


def _gateway_endpoint(topo: Topology, trace: Trace, src: Source, at: _At, m: VpcMatch,
                      intro: str, dest: Dest) -> Outcome:
    r = m.route
    ep = r.target
    title = service_title(r.service or "")
    if at.arrived == "tgw" and at.nat is None:
        trace.hop(HopKind.GATEWAY_ENDPOINT, ep, _where(topo, at, vpc_only=True),
                  note="only for traffic from inside its own VPC")
        trace.say(f"{intro} sends it to gateway endpoint `{ep}` by the prefix-list route "
                  f"`{r.dest}`{_beats(m)}.")
        if src.subnet not in topo.subnets:  # from on premises
            return Blocked(
                Reason.GATEWAY_ENDPOINT_NOT_TRANSITIVE,
                f"A gateway endpoint only carries traffic that starts inside its own VPC "
                f"(`{at.vpc}`); this packet came from on premises through transit gateway "
                f"`{at.tgw}`, so `{ep}` drops it.",
                f"reach {title} from on premises through an interface endpoint in `{at.vpc}` "
                "(and an inbound Resolver endpoint for its private DNS name)")
        src_table = topo.subnets[src.subnet].route_table
        return Blocked(
            Reason.GATEWAY_ENDPOINT_NOT_TRANSITIVE,
            f"A gateway endpoint only carries traffic that starts inside its own VPC "
            f"(`{at.vpc}`); this packet came in through transit gateway `{at.tgw}`, so "
            f"`{ep}` drops it instead of letting it fall through to `0.0.0.0/0`.",
            f"give `{src.vpc}` its own {title} gateway endpoint with route table `{src_table}` "
            f"(free)")
    trace.hop(HopKind.GATEWAY_ENDPOINT, ep, _where(topo, at, vpc_only=True))
    trace.code(Code.VIA_GATEWAY_ENDPOINT)
    trace.say(f"{intro} sends it to gateway endpoint `{ep}` by the prefix-list route "
              f"`{r.dest}`{_beats(m)}. A gateway endpoint has no charge.")
    return Exited(Network.AWS_BACKBONE, at.nat)


def _other_region_endpoints(topo: Topology, at: _At, table: str, dest: Dest) -> str:
    """Why a gateway endpoint in this table did not catch a public destination (its Region)."""
    if not isinstance(dest, PublicDest):
        return ""
    vpc = topo.vpcs[at.vpc]
    names = [n for n in vpc.endpoints
             if topo.endpoints[n].type.value == "gateway" and topo.endpoints[n].service ==
             dest.service and table in topo.endpoints[n].route_tables]
    if not names or vpc.region == dest.region:
        return ""
    return (f" (gateway endpoint `{names[0]}` covers {service_title(dest.service)} in "
            f"{vpc.region} only, never another Region)")


def _nat(topo: Topology, trace: Trace, src: Source, at: _At, m: VpcMatch, intro: str,
         dest: Dest) -> _At:
    r = m.route
    nat = topo.nat_gateways[r.target]
    sub = topo.subnets[nat.subnet]
    region = topo.vpcs[nat.vpc].region
    trace.hop(HopKind.NAT_GATEWAY, nat.name, Where(region, nat.vpc, sub.az, nat.subnet), az=sub.az)
    trace.code(Code.VIA_NAT_GATEWAY)
    cross = ""
    if region == src.region and src.az and sub.az != src.az:
        trace.code(Code.CROSS_AZ)
        cross = f", crossing from {src.az} to {sub.az}"
    elif region == src.region and src.az:
        cross = ", in the same AZ as the source"
    table = topo.subnets[at.subnet].route_table or ""
    trace.say(f"{intro} sends it by `{r.text}`{_beats(m)}"
              f"{_other_region_endpoints(topo, at, table, dest)}"
              f" to NAT gateway `{nat.name}` in {sub.az}{cross}.")
    return _At(nat.vpc, nat.subnet, sub.az, at.arrived, nat.name, at.tgw, nat.name)


def _igw(topo: Topology, trace: Trace, src: Source, at: _At, m: VpcMatch, intro: str,
         dest: Dest) -> Outcome:
    r = m.route
    igw = r.target
    table = topo.subnets[at.subnet].route_table or ""
    trace.say(f"{intro} sends it by `{r.text}`{_beats(m)}"
              f"{_other_region_endpoints(topo, at, table, dest)}"
              f" to internet gateway `{igw}`.")
    if isinstance(dest, PrivateDest):
        trace.hop(HopKind.INTERNET_GATEWAY, igw, _where(topo, at, vpc_only=True))
        return Blocked(Reason.NO_ROUTE, f"An internet gateway does not carry traffic to private "
                       f"addresses such as {dest.net}.",
                       fixes.no_vpc_route(topo, table, dest, at.az,
                                          from_tgw=at.arrived == "tgw"))
    if at.nat is None and at.arrived == "tgw":
        trace.hop(HopKind.INTERNET_GATEWAY, igw, _where(topo, at, vpc_only=True),
                  note="no public IP for this source")
        nat = fixes.nat_for(topo, at.vpc, at.az, table)
        fix = (f"route `0.0.0.0/0` to NAT gateway `{nat}` in route table `{table}`" if nat else
               f"add a NAT gateway to `{at.vpc}` and route `0.0.0.0/0` to it from `{table}`")
        return Blocked(Reason.NO_PUBLIC_IP,
                       f"An internet gateway only translates the public IPs of interfaces in its "
                       f"own VPC `{at.vpc}`; a packet from transit gateway `{at.tgw}` has none "
                       "there, so it needs a NAT gateway first.", fix)
    if at.nat is None and not src.public_ip:
        trace.hop(HopKind.INTERNET_GATEWAY, igw, _where(topo, at, vpc_only=True),
                  note="source has no public IP")
        who = f"`{src.workload}`" if src.workload else "the source"
        nat = fixes.nat_for(topo, at.vpc, at.az, table)
        alt = (f", or route `0.0.0.0/0` to NAT gateway `{nat}` in route table `{table}`"
               if nat else "")
        return Blocked(Reason.NO_PUBLIC_IP,
                       f"{who} has no public IP, and an internet gateway only carries traffic "
                       "of interfaces that have one.",
                       f"set `public_ip: true` on workload `{src.workload}`{alt}")
    trace.hop(HopKind.INTERNET_GATEWAY, igw, _where(topo, at, vpc_only=True))
    trace.code(Code.VIA_INTERNET_GATEWAY)
    how = ("with the NAT gateway's public IP" if at.nat is not None
           else f"with `{src.workload}`'s public IP")
    trace.say(f"It leaves through `{igw}` {how} to {dest.describe()}: the path counts as "
              "internet traffic, even though AWS keeps packets between its own Regions and "
              "services on its network.")
    return Exited(Network.INTERNET, at.nat)


def _peering(topo: Topology, trace: Trace, at: _At, m: VpcMatch, intro: str,
             dest: Dest) -> Outcome:
    r = m.route
    p = topo.peerings[r.target]
    other = p.other(at.vpc)
    ov = topo.vpcs[other]
    here = topo.vpcs[at.vpc]
    trace.hop(HopKind.PEERING, p.name, Where(), note=f"to {other} ({ov.region})")
    trace.say(f"{intro} sends it by `{r.text}`{_beats(m)} over peering `{p.name}` to `{other}` "
              f"({ov.region}).")
    if p.status != Status.ACTIVE:
        return Blocked(Reason.PEERING_NOT_ACTIVE,
                       f"Peering `{p.name}` is still pending, so it carries nothing.",
                       f"accept peering `{p.name}` in `{p.accepter}` (then set "
                       "`status: active`)")
    if at.arrived == "tgw" and at.nat is None:
        return Blocked(Reason.PEERING_NOT_TRANSITIVE,
                       f"The packet came into `{at.vpc}` from transit gateway `{at.tgw}`, and a "
                       "peering only carries traffic between addresses of its own two VPCs.",
                       f"attach `{other}` to `{at.tgw}` instead of relying on peering "
                       f"`{p.name}`")
    if isinstance(dest, PublicDest):
        gws = [n for n in ov.endpoints if topo.endpoints[n].type.value == "gateway"
               and topo.endpoints[n].service == dest.service and ov.region == dest.region]
        title = service_title(dest.service)
        table = topo.subnets[at.subnet].route_table or ""
        if gws:
            if here.region == dest.region:
                fix = f"give `{at.vpc}` its own {title} gateway endpoint with route table `{table}`"
            else:
                fix = (f"reach {title} in {dest.region} through an interface endpoint (a gateway "
                       "endpoint never serves another Region): one in "
                       f"`{other}` with a private hosted zone for "
                       f"`{service_dns_name(dest.service, dest.region)}` associated with "
                       f"`{at.vpc}`, or a NAT gateway in `{at.vpc}`")
            return Blocked(
                Reason.GATEWAY_ENDPOINT_NOT_TRANSITIVE,
                f"`{other}`'s gateway endpoint `{gws[0]}` cannot be used over a peering: a "
                "gateway endpoint only carries traffic that starts inside its own VPC.", fix)
        edge = _edge(ov.internet_gateway, ov.nat_gateways)
        nat = fixes.nat_for(topo, at.vpc, at.az, table)
        fix = (f"route `0.0.0.0/0` to NAT gateway `{nat}` in route table `{table}` instead of "
               f"peering `{p.name}`" if nat is not None and
               fixes.remote_endpoint(topo, at.vpc, dest.service, dest.region) is None
               else fixes.no_vpc_route(topo, table, dest, at.az, from_tgw=False))
        return Blocked(
            Reason.PEERING_NOT_TRANSITIVE,
            f"A peering delivers only to addresses inside `{other}`; nothing at its edge{edge} "
            f"can be used by `{at.vpc}`, so {dest.describe()} are out of reach this way.", fix)
    if isinstance(dest, SiteDest):
        return Blocked(
            Reason.PEERING_NOT_TRANSITIVE,
            f"{cap(dest.describe())} is on premises, not in `{other}`; a peering carries only "
            f"traffic between its two VPCs (no edge-to-edge routing through `{other}`'s VPN or "
            "Direct Connect).",
            f"give `{at.vpc}` its own connection to `{dest.network}` (a virtual private gateway "
            "or a transit gateway attachment)")
    if dest.vpc != other:
        return Blocked(
            Reason.PEERING_NOT_TRANSITIVE,
            f"{cap(dest.describe())} is in `{dest.vpc}`, not in `{other}`; peerings are not "
            f"transitive, so `{at.vpc}` cannot reach it through `{other}`.",
            f"peer `{at.vpc}` with `{dest.vpc}` directly (or attach both to a transit gateway) "
            f"and route {fixes.vpc_cidr_of(topo, dest)} to it")
    trace.code(Code.VIA_PEERING)
    trace.visit(ov.region)
    return Delivered(other, None)


def _edge(igw: str | None, nats: tuple[str, ...]) -> str:
    parts = ([f"internet gateway `{igw}`"] if igw else []) + [f"NAT gateway `{n}`" for n in nats]
    return f" ({', '.join(parts)})" if parts else ""


def _gwlbe(topo: Topology, trace: Trace, at: _At, m: VpcMatch, intro: str) -> _At | Blocked:
    r = m.route
    ep = topo.endpoints[r.target]
    sub = topo.subnets[ep.subnets[0]]
    svc = topo.endpoint_services.get(ep.service)
    lb = svc.load_balancer if svc is not None else ep.service
    trace.hop(HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT, ep.name,
              Where(topo.vpcs[ep.vpc].region, ep.vpc, sub.az, sub.name), az=sub.az,
              note=f"inspected behind {lb}")
    trace.say(f"{intro} sends it by `{r.text}`{_beats(m)} to Gateway Load Balancer endpoint "
              f"`{ep.name}`: the appliances behind `{lb}` inspect it and hand it back.")
    if svc is not None:
        blocked = endpoint_service.provider_checks(topo, trace, ep)
        if blocked is not None:
            return blocked
    return _At(at.vpc, sub.name, sub.az, at.arrived, at.nat, at.tgw, ep.name)
