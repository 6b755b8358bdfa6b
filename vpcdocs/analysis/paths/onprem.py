"""From AWS to on-premises networks: virtual private gateways, VPN connections, Direct Connect
gateways and virtual interfaces, and what a site learns (paths-json-hybrid.md, "On-premises
networks and hybrid connections").

Rules, with their sources in aws-networking-facts-hybrid.md:
* a virtual private gateway, from its VPC, knows only what it learned: `advertise` of BGP VPNs,
  `static_routes` of static VPNs, `advertise` of Direct Connect connections on an associated
  Direct Connect gateway; longest prefix, then Direct Connect, VPN static, VPN BGP (§10.5);
* a Direct Connect gateway, towards a site, picks the connection whose `advertise` holds the
  destination (longest, then name); it never routes between two virtual interfaces (§11.3);
* a packet reaching a network must be addressed inside its `cidrs`: vpcdocs never routes through
  a site;
* what a site learns: over a VPN to a virtual private gateway the VPC's CIDRs (§10.9, assumed);
  over a VPN to a transit gateway the routes of the attachment's associated TGW route table
  except blackholes and routes via that attachment (§12.4, assumed); over Direct Connect, per
  association, a transit gateway's `allowed_prefixes`, or each CIDR of a virtual private
  gateway's VPC inside one of its allowed prefixes (§11.4).
"""

from __future__ import annotations

from ipaddress import IPv4Network

from vpcdocs.analysis.paths.addresses import Dest, PublicDest, SiteDest
from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.paths.routing import Learned, best_learned, carries, tgw_routes, vgw_learned
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.paths.walk_types import Delivered
from vpcdocs.analysis.result import HopKind, Where
from vpcdocs.model import ConnectionType, Topology, VpnRouting


def vpn_note(topo: Topology, connection: str) -> str:
    c = topo.connections[connection]
    return "static" if c.routing == VpnRouting.STATIC else "BGP"


def gateway_region(topo: Topology, gateway: str) -> str:
    if gateway in topo.transit_gateways:
        return topo.transit_gateways[gateway].region
    return topo.vpcs[topo.vpn_gateways[gateway].vpc].region


def arrive(topo: Topology, trace: Trace, network: str, dest: Dest) -> Delivered | Blocked:
    """The packet reaches network `network`: delivered when addressed inside its `cidrs`."""
    net = topo.on_premises[network]
    trace.hop(HopKind.ON_PREMISES, network, Where(net.region), region=net.region)
    if isinstance(dest, SiteDest) and dest.network == network:
        trace.say(f"It reaches `{network}`, which delivers it to `{dest.workload}`.")
        return Delivered(network, None)
    what = dest.describe()
    return Blocked(Reason.NO_ROUTE,
                   f"The packet reaches on-premises network `{network}`, but {what} is not "
                   "inside it, and vpcdocs never routes through a site.",
                   f"route {what} another way than through `{network}`")


def vgw_out(topo: Topology, trace: Trace, vgw: str, dest: Dest) -> Delivered | Blocked:
    """A VPC route sent the packet to its virtual private gateway."""
    v = topo.vpn_gateways[vgw]
    region = topo.vpcs[v.vpc].region
    trace.hop(HopKind.VPN_GATEWAY, vgw, Where(region, v.vpc), region=region)
    trace.code(Code.VIA_VPN_GATEWAY)
    learned = best_learned(vgw_learned(topo, vgw), dest)
    if learned is None:
        return Blocked(Reason.NO_ROUTE,
                       f"Virtual private gateway `{vgw}` has learned no route to "
                       f"{dest.describe()} from its VPN or Direct Connect connections.",
                       "announce that range over a connection of the gateway (`advertise`, "
                       "or `static_routes` of a static VPN)")
    return _over(topo, trace, learned.connection, learned.net, dest, region,
                 f"virtual private gateway `{vgw}`")


def _over(topo: Topology, trace: Trace, connection: str, learned: IPv4Network | None,
          dest: Dest, region: str, who: str) -> Delivered | Blocked:
    c = topo.connections[connection]
    there = f" (it learned {learned} there)" if learned is not None else ""
    if c.type == ConnectionType.VPN:
        trace.hop(HopKind.VPN_CONNECTION, c.name, Where(region), region=region,
                  note=vpn_note(topo, c.name))
        trace.code(Code.VIA_VPN)
        trace.say(f"{who[:1].upper()}{who[1:]} sends it over VPN connection `{c.name}`"
                  f"{there}.")
    else:
        trace.hop(HopKind.DIRECT_CONNECT_GATEWAY, c.gateway, Where())
        trace.hop(HopKind.DIRECT_CONNECT, c.name, Where())
        trace.code(Code.VIA_DIRECT_CONNECT)
        trace.say(f"{who[:1].upper()}{who[1:]} sends it through Direct Connect gateway "
                  f"`{c.gateway}` over Direct Connect `{c.name}`{there}.")
    return arrive(topo, trace, c.network, dest)


def tgw_out(topo: Topology, trace: Trace, attachment: str, dest: Dest) -> Delivered | Blocked:
    """A transit gateway route sent the packet to a VPN or Direct Connect gateway attachment."""
    att = topo.tgw_attachments[attachment]
    region = topo.transit_gateways[att.tgw].region
    if att.vpn is not None:
        return _over(topo, trace, att.vpn, None, dest, region, f"transit gateway `{att.tgw}`")
    dxgw = att.direct_connect_gateway
    assert dxgw is not None
    conns = tuple(Learned(n, c.name, "dx") for c in sorted(topo.connections.values(),
                                                            key=lambda c: c.name)
                  if c.type == ConnectionType.DIRECT_CONNECT and c.gateway == dxgw
                  for n in c.advertise)
    best = best_learned(conns, dest)
    if best is None:
        trace.hop(HopKind.DIRECT_CONNECT_GATEWAY, dxgw, Where())
        return Blocked(Reason.NO_ROUTE,
                       f"No Direct Connect connection on gateway `{dxgw}` announces "
                       f"{dest.describe()}.",
                       "announce that range from the site (`advertise`)")
    return _over(topo, trace, best.connection, best.net, dest, region,
                 f"transit gateway `{att.tgw}`")


# --- what a site learns -----------------------------------------------------------------------


def site_learned(topo: Topology, network: str) -> tuple[Learned, ...]:
    """Every prefix network `network` learns from AWS over its connections."""
    out: list[Learned] = []
    net = topo.on_premises[network]
    for name in net.connections:
        c = topo.connections[name]
        if c.type == ConnectionType.VPN:
            origin = "vpn-static" if c.routing == VpnRouting.STATIC else "vpn"
            if c.gateway in topo.vpn_gateways:
                vpc = topo.vpcs[topo.vpn_gateways[c.gateway].vpc]
                out += [Learned(n, name, origin) for n in vpc.cidrs]
            else:
                att = next((a for a in topo.tgw_attachments.values() if a.vpn == name), None)
                if att is not None and att.route_table is not None:
                    out += [Learned(r.net, name, origin)
                            for r in tgw_routes(topo, att.route_table)
                            if not r.blackhole and r.attachment != att.name]
        else:
            dxgw = topo.direct_connect_gateways.get(c.gateway)
            for a in dxgw.associations if dxgw is not None else ():
                if a.gateway in topo.transit_gateways:
                    out += [Learned(n, name, "site-dx") for n in a.allowed_prefixes]
                elif a.gateway in topo.vpn_gateways:
                    vpc = topo.vpcs[topo.vpn_gateways[a.gateway].vpc]
                    out += [Learned(n, name, "site-dx") for n in vpc.cidrs
                            if any(n.subnet_of(p) for p in a.allowed_prefixes)]
    return tuple(out)


def dx_association(topo: Topology, dxgw: str, dest: Dest) -> tuple[str, IPv4Network] | None:
    """From a virtual interface: the association whose advertised prefixes hold the
    destination (longest, then gateway name)."""
    best: tuple[int, str, IPv4Network] | None = None
    for a in topo.direct_connect_gateways[dxgw].associations:
        if a.gateway in topo.transit_gateways:
            prefixes: tuple[IPv4Network, ...] = a.allowed_prefixes
        else:
            vpc = topo.vpcs[topo.vpn_gateways[a.gateway].vpc]
            prefixes = tuple(n for n in vpc.cidrs
                             if any(n.subnet_of(p) for p in a.allowed_prefixes))
        for p in prefixes:
            if carries(p, dest):
                key = (-p.prefixlen, a.gateway, p)
                if best is None or key[:2] < best[:2]:
                    best = key
    return (best[1], best[2]) if best is not None else None


def public(dest: Dest) -> bool:
    return isinstance(dest, PublicDest)
