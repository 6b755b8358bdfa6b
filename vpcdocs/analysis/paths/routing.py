"""Route selection as AWS does it, for VPC route tables and transit gateway route tables.

VPC route tables (aws-networking-facts.md §1.4, "Route priority"; AWS VPC User Guide,
route-tables-priority.html): the most specific matching route wins. A table holds the implicit
`local` route for each VPC CIDR, the routes written in the file, and one prefix-list route per
gateway endpoint associated with it (destination: the service's prefix list in the endpoint's VPC
Region, facts §1.2). A prefix list matches only that service's public addresses in that Region,
never the same service in another Region (facts §1.4, §1.6).

vpcdocs models public service addresses symbolically, so it cannot compare a prefix list's entries
with a written public CIDR bit by bit. The rule applied: a public destination matches every route
whose CIDR is not private (`addresses.is_private`), and a matching prefix-list route beats all of
them, because no single written route can cover all of a service's ranges more specifically. The
written public routes other than 0.0.0.0/0 that it beat are kept (`public_cidr_routes`): AWS lets
such a route win for the addresses inside it when it is more specific than an entry (facts §1.4),
so the walk records an assumption for each one whose prefix is longer than the prefix list's
shortest entry (`prefix_lists.may_beat`; paths-json.md, rulings of 2026-12-07).

Transit gateway route tables (facts §4.2; topology-format.md): propagated routes (each propagating
VPC attachment's CIDRs) and static routes (to an attachment, or blackhole). Longest prefix wins;
for the same prefix a static route beats a propagated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from ipaddress import IPv4Network

from vpcdocs.analysis.paths.addresses import (
    Dest,
    PublicDest,
    is_private,
    prefix_list_text,
)
from vpcdocs.analysis.paths.index import PrefixTable, index
from vpcdocs.model import ConnectionType, Topology, VpnRouting

DEFAULT_ROUTE = IPv4Network("0.0.0.0/0")


@dataclass(frozen=True)
class VpcRoute:
    """A VPC route: written, the implicit `local`, or a gateway-endpoint prefix list."""

    dest: str  # "10.0.0.0/16" or "pl-7ca54015 (com.amazonaws.eu-west-2.s3)"
    target: str  # "local" or a name from the file
    target_kind: str  # local | gateway-endpoint | nat-gateway | internet-gateway | peering |
    #                   transit-gateway | gwlb-endpoint
    net: IPv4Network | None  # None for a prefix list
    service: str | None = None  # prefix list: its service and region
    region: str | None = None
    propagated: bool = False  # learned by the VPC's virtual private gateway (`propagate: true`)

    @property
    def text(self) -> str:
        if self.propagated:
            return f"{self.dest} -> {self.target} (propagated)"
        return f"{self.dest} -> {self.target}"


@dataclass(frozen=True)
class VpcMatch:
    table: str
    route: VpcRoute
    losers: tuple[VpcRoute, ...]  # other matching routes, most specific first
    public_cidr_routes: tuple[VpcRoute, ...]  # written public routes a prefix list beat (not /0)


def vpc_routes(topo: Topology, table: str) -> tuple[VpcRoute, ...]:
    """Every route of a table: `local`, the written ones, then the gateway-endpoint prefix lists
    (built once per table: `index`)."""
    return index(topo).memo("vpc-routes", table, lambda: _vpc_routes(topo, table))


def _vpc_routes(topo: Topology, table: str) -> tuple[VpcRoute, ...]:
    rt = topo.route_tables[table]
    vpc = topo.vpcs[rt.vpc]
    out = [VpcRoute(str(c), "local", "local", c) for c in vpc.cidrs]
    out += [VpcRoute(str(r.to), r.via, r.via_kind, r.to) for r in rt.routes]
    for name in vpc.endpoints:
        ep = topo.endpoints[name]
        if ep.type.value == "gateway" and table in ep.route_tables:
            out.append(VpcRoute(prefix_list_text(ep.service, vpc.region), name,
                                "gateway-endpoint", None, ep.service, vpc.region))
    if rt.propagate and vpc.vpn_gateway is not None:
        seen: set[IPv4Network] = set()
        for learned in vgw_learned(topo, vpc.vpn_gateway):
            if learned.net not in seen:
                seen.add(learned.net)
                out.append(VpcRoute(str(learned.net), vpc.vpn_gateway, "vpn-gateway",
                                    learned.net, propagated=True))
    return tuple(out)


@dataclass(frozen=True)
class Learned:
    """A prefix a virtual private gateway (or a site) learned, and over which connection."""

    net: IPv4Network
    connection: str
    origin: str  # "dx" (Direct Connect BGP) | "static" (VPN static) | "bgp" (VPN BGP)

    @property
    def rank(self) -> int:
        """facts §10.5 (AWS, "Route tables and VPN route priority"): Direct Connect BGP, then
        VPN static, then VPN BGP."""
        return {"dx": 0, "static": 1, "bgp": 2}[self.origin]


def vgw_learned(topo: Topology, vgw: str) -> tuple[Learned, ...]:
    """What a virtual private gateway learned (topology-format-hybrid.md): `advertise` of BGP
    VPNs to it, `static_routes` of static VPNs to it, `advertise` of Direct Connect connections
    on a Direct Connect gateway associated with it."""
    out: list[Learned] = []
    dxgws = {d.name for d in topo.direct_connect_gateways.values()
             if any(a.gateway == vgw for a in d.associations)}
    for c in sorted(topo.connections.values(), key=lambda c: c.name):
        if c.type == ConnectionType.VPN and c.gateway == vgw:
            if c.routing == VpnRouting.STATIC:
                out += [Learned(n, c.name, "static") for n in c.static_routes]
            else:
                out += [Learned(n, c.name, "bgp") for n in c.advertise]
        elif c.type == ConnectionType.DIRECT_CONNECT and c.gateway in dxgws:
            out += [Learned(n, c.name, "dx") for n in c.advertise]
    return tuple(out)


def carries(net: IPv4Network, dest: Dest) -> bool:
    """Whether a route to `net` can carry `dest` (a service's public addresses: any prefix not
    inside private space, paths-json-hybrid.md "Addresses")."""
    if isinstance(dest, PublicDest):
        return not is_private(net)
    return dest.net.subnet_of(net)


def best_learned(routes: tuple[Learned, ...], dest: Dest) -> Learned | None:
    """Longest prefix containing the destination; for one prefix by `rank`, then name."""
    ranked = sorted((r for r in routes if carries(r.net, dest)),
                    key=lambda r: (-r.net.prefixlen, r.rank, r.connection))
    return ranked[0] if ranked else None


def _matches(route: VpcRoute, dest: Dest) -> bool:
    if not isinstance(dest, PublicDest):
        return route.net is not None and dest.net.subnet_of(route.net)
    if route.net is None:
        return route.service == dest.service and route.region == dest.region
    return route.target_kind != "local" and not is_private(route.net)


def _dest_key(dest: Dest) -> object:
    """What a route lookup reads of `dest`: a service's public addresses in a Region, or an
    address range (the name of what is there only words the hop, never the choice)."""
    return dest if isinstance(dest, PublicDest) else dest.net


def lookup_vpc(topo: Topology, table: str, dest: Dest) -> VpcMatch | None:
    """The route of `table` that carries `dest`, or None when nothing matches (chosen once per
    table and destination: flows to the same place share the answer)."""
    return index(topo).memo("vpc-lookup", (table, _dest_key(dest)),
                            lambda: _lookup_vpc(topo, table, dest))


def _lookup_vpc(topo: Topology, table: str, dest: Dest) -> VpcMatch | None:
    if not isinstance(dest, PublicDest):
        matching = _vpc_prefixes(topo, table).containing(dest.net)
    else:
        matching = [r for r in vpc_routes(topo, table) if _matches(r, dest)]
    if not matching:
        return None
    if isinstance(dest, PublicDest):
        lists = sorted((r for r in matching if r.net is None), key=lambda r: r.target)
        cidrs = sorted((r for r in matching if r.net is not None),
                       key=lambda r: (-_plen(r), r.propagated, r.dest))
        if lists:
            # A prefix-list route beats every public CIDR route (see the module docstring).
            specific = tuple(r for r in cidrs if r.net != DEFAULT_ROUTE)
            return VpcMatch(table, lists[0], tuple(lists[1:]) + tuple(cidrs), specific)
        return VpcMatch(table, cidrs[0], tuple(cidrs[1:]), ())
    if any(r.target_kind == "local" for r in matching):
        # a propagated route never beats `local`, even when more specific (facts §10.4)
        matching = [r for r in matching if not r.propagated]
    ranked = sorted(matching, key=lambda r: (-_plen(r), r.propagated, r.dest))
    return VpcMatch(table, ranked[0], tuple(ranked[1:]), ())


def _vpc_prefixes(topo: Topology, table: str) -> PrefixTable[VpcRoute]:
    def make() -> PrefixTable[VpcRoute]:
        found: PrefixTable[VpcRoute] = PrefixTable()
        for r in vpc_routes(topo, table):
            if r.net is not None:
                found.add(r.net, r)
        return found
    return index(topo).memo("vpc-prefixes", table, make)


def _plen(route: VpcRoute) -> int:
    return route.net.prefixlen if route.net is not None else 33


@dataclass(frozen=True)
class TgwRoute:
    net: IPv4Network
    attachment: str | None  # None for a blackhole
    blackhole: bool
    propagated: bool
    rank: int = 0  # facts §12.3: static 0, from a VPC 1, a DX gateway 2, a VPN attachment 3

    @cached_property
    def text(self) -> str:  # once per route (a route is shared by every flow that matches it)
        target = "blackhole" if self.blackhole else self.attachment
        return f"{self.net} -> {target}"

    @property
    def origin(self) -> str:
        return "propagated" if self.propagated else "static"


@dataclass(frozen=True)
class TgwMatch:
    table: str
    route: TgwRoute
    losers: tuple[TgwRoute, ...]


def tgw_routes(topo: Topology, table: str) -> tuple[TgwRoute, ...]:
    """Every route of a TGW route table: the static ones, then the propagated ones (built once
    per table: `index`)."""
    return index(topo).memo("tgw-routes", table, lambda: _tgw_routes(topo, table))


def _tgw_routes(topo: Topology, table: str) -> tuple[TgwRoute, ...]:
    trt = topo.tgw_route_tables[table]
    out = [TgwRoute(r.to, r.via, r.blackhole, False) for r in trt.routes]
    for name in trt.propagations:
        att = topo.tgw_attachments[name]
        if att.vpc is not None:
            out += [TgwRoute(c, name, False, True, 1) for c in topo.vpcs[att.vpc].cidrs]
        elif att.direct_connect_gateway is not None:
            for c in sorted(topo.connections.values(), key=lambda c: c.name):
                if c.type == ConnectionType.DIRECT_CONNECT \
                        and c.gateway == att.direct_connect_gateway:
                    out += [TgwRoute(n, name, False, True, 2) for n in c.advertise]
        elif att.vpn is not None:
            c = topo.connections[att.vpn]
            if c.routing != VpnRouting.STATIC:  # a static VPN propagates nothing (§12.2)
                out += [TgwRoute(n, name, False, True, 3) for n in c.advertise]
    return tuple(out)


def lookup_tgw(topo: Topology, table: str, dest: Dest) -> TgwMatch | None:
    """Longest prefix; on a tie static before propagated, then by attachment name (chosen once
    per table and destination, like `lookup_vpc`)."""
    return index(topo).memo("tgw-lookup", (table, _dest_key(dest)),
                            lambda: _lookup_tgw(topo, table, dest))


def _lookup_tgw(topo: Topology, table: str, dest: Dest) -> TgwMatch | None:
    if not isinstance(dest, PublicDest):
        matching = _tgw_prefixes(topo, table).containing(dest.net)
    else:
        matching = index(topo).memo("tgw-public", table, lambda: [
            r for r in tgw_routes(topo, table) if not is_private(r.net)])
    # a stable sort of the routes in table order: ties keep their order, as before
    order = index(topo).memo("tgw-order", table, lambda: {
        id(r): i for i, r in enumerate(tgw_routes(topo, table))})
    ranked = sorted(sorted(matching, key=lambda r: order[id(r)]),
                    key=lambda r: (-r.net.prefixlen, r.rank, r.attachment or ""))
    if not ranked:
        return None
    return TgwMatch(table, ranked[0], tuple(ranked[1:]))


def _tgw_prefixes(topo: Topology, table: str) -> PrefixTable[TgwRoute]:
    def make() -> PrefixTable[TgwRoute]:
        found: PrefixTable[TgwRoute] = PrefixTable()
        for r in tgw_routes(topo, table):
            found.add(r.net, r)
        return found
    return index(topo).memo("tgw-prefixes", table, make)
