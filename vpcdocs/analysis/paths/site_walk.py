"""From on-premises networks into AWS: the site's own routing, VPN and Direct Connect into
virtual private gateways and transit gateways, and the DNS steps through Route 53 Resolver
endpoints (paths-json-hybrid.md, "On-premises networks and hybrid connections", "DNS from and
to on-premises networks").

Rules, with their sources in aws-networking-facts-hybrid.md:
* site routing: longest prefix among the site's static routes and what it learns (`onprem`);
  for one prefix the static route, then Direct Connect, then VPN (vpcdocs assumes the site
  prefers Direct Connect as AWS does, §10.5), then connection name; `via: internet` carries only
  a service's public addresses;
* a virtual private gateway, from a connection, delivers only inside its VPC's CIDRs by local
  routing; anything else stops there: `GATEWAY_ENDPOINT_NOT_TRANSITIVE` for the public addresses
  of a service its VPC has a gateway endpoint for (§1.5, §17), else `VPN_GATEWAY_NOT_TRANSITIVE`
  (§10.6, §10.7);
* a Direct Connect gateway, from a virtual interface, goes to the association whose advertised
  prefixes hold the destination (§11.3, §11.4);
* a transit gateway routes a packet from a VPN or Direct Connect gateway attachment by that
  attachment's route table; into a VPC by the attachment's first listed subnet (no AZ);
* DNS: an on-premises DNS server forwards a domain to an inbound Resolver endpoint, which answers
  as the endpoint's VPC would, S3's inbound-only private DNS included (§13.6, §13.7); AWS sources
  resolve on-premises names through Resolver rules and outbound endpoints. Each needs the UDP/53
  query to reach an endpoint ENI and come back (routes, NACLs, groups).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from vpcdocs.analysis.paths import dns, filters, nacls, onprem, tgw
from vpcdocs.analysis.paths.addresses import (
    Dest,
    PrivateDest,
    PublicDest,
    SiteDest,
    service_dns_name,
    service_title,
)
from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.paths.filters import Peer
from vpcdocs.analysis.paths.routing import carries
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.paths.vpc_hops import Outcome, walk, walk_in
from vpcdocs.analysis.paths.walk_types import Delivered, Exited, Source
from vpcdocs.analysis.result import HopKind, Network, Where
from vpcdocs.model import ConnectionType, EndpointType, Protocol, ResolverEndpoint, Topology

DNS_PORT = 53


def site_source(topo: Topology, workload: str) -> Source:
    """An on-premises workload as a source: no subnet, its range as the address."""
    w = topo.onprem_workloads[workload]
    net = topo.on_premises[w.network]
    return Source("", "", net.region, "", False, workload, w.cidr)


def network_of(src: Source, topo: Topology) -> str:
    assert src.workload is not None
    return topo.onprem_workloads[src.workload].network


# --- the site's routing ----------------------------------------------------------------------


@dataclass(frozen=True)
class SiteRoute:
    net: IPv4Network
    via: str  # a connection or "internet"
    static: bool
    origin: str  # static | site-dx | vpn | vpn-static

    @property
    def rank(self) -> int:
        return 0 if self.static else 1 if self.origin == "site-dx" else 2

    @property
    def text(self) -> str:
        return f"{self.net} -> {self.via} ({'static' if self.static else 'learned'})"


def site_routes(topo: Topology, network: str) -> tuple[SiteRoute, ...]:
    net = topo.on_premises[network]
    out = [SiteRoute(r.to, r.via, True, "static") for r in net.routes]
    out += [SiteRoute(x.net, x.connection, False, x.origin)
            for x in onprem.site_learned(topo, network)]
    return tuple(out)


def site_lookup(topo: Topology, trace: Trace, network: str, dest: Dest) -> SiteRoute | None:
    ranked = sorted((r for r in site_routes(topo, network) if carries(r.net, dest)),
                    key=lambda r: (-r.net.prefixlen, r.rank, r.via))
    if not ranked:
        return None
    best = ranked[0]
    if best.origin == "site-dx" and any(r.net == best.net and r.origin.startswith("vpn")
                                        for r in ranked[1:]):
        trace.assume(f"`{network}` learns {best.net} over Direct Connect and over VPN; vpcdocs "
                     "assumes the site prefers Direct Connect, as AWS's side does")
    if best.origin == "vpn-static":
        trace.assume(f"vpcdocs assumes `{network}` routes {best.net}, which it learns over "
                     f"static VPN `{best.via}`, to that VPN")
    return best


def from_site(topo: Topology, trace: Trace, src: Source, network: str, dest: Dest) -> Outcome:
    """Route a packet from on-premises network `network` towards `dest`."""
    net = topo.on_premises[network]
    here = Where(net.region)
    route = site_lookup(topo, trace, network, dest)
    if route is None:
        trace.hop(HopKind.ON_PREMISES, network, here, region=net.region,
                  note=f"no route to {_short(dest)}")
        return Blocked(Reason.NO_ROUTE,
                       f"On-premises network `{network}` has no route to {dest.describe()}: it "
                       "neither learns it over a connection nor has a static route for it.",
                       f"announce {dest.describe()} to `{network}` (a propagation or an allowed "
                       "prefix on the AWS side), or add a route to `routes` of the network")
    trace.hop(HopKind.ON_PREMISES, network, here, region=net.region, route=route.text)
    if route.via == "internet":
        if not isinstance(dest, PublicDest):
            return Blocked(Reason.NO_ROUTE,
                           f"`{network}` sends {dest.describe()} to the internet by "
                           f"`{route.text}`, which carries no private address.",
                           f"announce {dest.describe()} to `{network}` over a connection")
        trace.code(Code.VIA_ON_PREMISES_INTERNET)
        trace.hop(HopKind.INTERNET, "internet", Where())
        trace.say(f"`{network}` sends it to the internet itself by `{route.text}`.")
        return Exited(Network.INTERNET)
    c = topo.connections[route.via]
    trace.say(f"`{network}` sends it by `{route.text}`.")
    if c.type == ConnectionType.VPN:
        region = onprem.gateway_region(topo, c.gateway)
        trace.hop(HopKind.VPN_CONNECTION, c.name, Where(region), region=region,
                  note=onprem.vpn_note(topo, c.name))
        trace.code(Code.VIA_VPN)
        if c.gateway in topo.vpn_gateways:
            return vgw_in(topo, trace, src, c.gateway, dest)
        att = next((a.name for a in topo.tgw_attachments.values() if a.vpn == c.name), None)
        if att is None:
            return Blocked(Reason.NO_ROUTE, f"VPN `{c.name}` has no transit gateway attachment.",
                           f"attach VPN `{c.name}` to `{c.gateway}`")
        return _through_tgw(topo, trace, src, c.gateway, att, dest,
                            f"VPN attachment `{att}`")
    trace.hop(HopKind.DIRECT_CONNECT, c.name, Where())
    trace.code(Code.VIA_DIRECT_CONNECT)
    trace.hop(HopKind.DIRECT_CONNECT_GATEWAY, c.gateway, Where())
    assoc = onprem.dx_association(topo, c.gateway, dest)
    if assoc is None:
        return Blocked(Reason.NO_ROUTE,
                       f"Direct Connect gateway `{c.gateway}` has no association whose "
                       f"prefixes hold {dest.describe()}.",
                       f"associate the gateway that reaches it with `{c.gateway}`, allowing "
                       "its prefix")
    gateway, _ = assoc
    if gateway in topo.vpn_gateways:
        return vgw_in(topo, trace, src, gateway, dest)
    att = next((a.name for a in topo.tgw_attachments.values()
                if a.tgw == gateway and a.direct_connect_gateway == c.gateway), None)
    if att is None:
        return Blocked(Reason.NO_ROUTE, f"`{gateway}` has no attachment for `{c.gateway}`.",
                       f"attach `{c.gateway}` to `{gateway}`")
    return _through_tgw(topo, trace, src, gateway, att, dest,
                        f"Direct Connect gateway attachment `{att}`")


def _short(dest: Dest) -> str:
    if isinstance(dest, PublicDest):
        return f"{dest.service} in {dest.region}"
    return str(dest.net)


def _through_tgw(topo: Topology, trace: Trace, src: Source, gw: str, att: str, dest: Dest,
                 via: str) -> Outcome:
    arrival = tgw.route_from(topo, trace, gw, att, None, dest, via)
    if isinstance(arrival, Blocked):
        return arrival
    if isinstance(arrival, tgw.TgwToSite):
        return onprem.tgw_out(topo, trace, arrival.attachment, dest)
    trace.visit(topo.vpcs[arrival.vpc].region)
    return walk_in(topo, trace, src, dest, arrival.vpc, arrival.subnet, arrival.az,
                   arrival.tgw)


def vgw_in(topo: Topology, trace: Trace, src: Source, vgw: str, dest: Dest) -> Outcome:
    """From a connection into a virtual private gateway: local delivery inside its VPC only."""
    v = topo.vpn_gateways[vgw]
    vpc = topo.vpcs[v.vpc]
    trace.hop(HopKind.VPN_GATEWAY, vgw, Where(vpc.region, vpc.name), region=vpc.region)
    trace.code(Code.VIA_VPN_GATEWAY)
    if isinstance(dest, PrivateDest) and dest.vpc == vpc.name \
            and any(dest.net.subnet_of(c) for c in vpc.cidrs):
        if topo.network_acls and src.net is not None:
            trace.edge(dest.subnet, True, src.net, dest.net)
        trace.hop(HopKind.LOCAL, vpc.name, Where(vpc.region, vpc.name))
        trace.say(f"Virtual private gateway `{vgw}` delivers it inside `{vpc.name}` by local "
                  "routing.")
        return Delivered(vpc.name, None)
    if isinstance(dest, PublicDest):
        gws = [n for n in vpc.endpoints if topo.endpoints[n].type == EndpointType.GATEWAY
               and topo.endpoints[n].service == dest.service and vpc.region == dest.region]
        if gws:
            title = service_title(dest.service)
            return Blocked(
                Reason.GATEWAY_ENDPOINT_NOT_TRANSITIVE,
                f"`{vpc.name}`'s gateway endpoint `{gws[0]}` cannot be used from on premises: a "
                "gateway endpoint only carries traffic that starts inside its own VPC, and "
                f"virtual private gateway `{vgw}` delivers only inside `{vpc.name}`.",
                f"reach {title} through an interface endpoint in `{vpc.name}` (with an inbound "
                f"Resolver endpoint forwarding `{service_dns_name(dest.service, dest.region)}`, "
                "or the endpoint's own `vpce-` name)")
    return Blocked(
        Reason.VPN_GATEWAY_NOT_TRANSITIVE,
        f"Virtual private gateway `{vgw}` delivers only inside `{vpc.name}` "
        f"({', '.join(str(c) for c in vpc.cidrs)}); {dest.describe()} is not there, and it "
        "never forwards a connection's traffic to internet or NAT gateways, peerings or "
        "transit gateways.",
        f"reach {dest.describe()} through a transit gateway (a VPN or Direct Connect gateway "
        "attachment) or from inside its own VPC")


# --- DNS ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteDns:
    code: Code | None  # the DNS code (None: an endpoint service with no answer)
    endpoint: str | None  # the interface endpoint answered; None: public
    inbound: str | None  # the Resolver inbound endpoint used, if any
    sentence: str


def forwarder(topo: Topology, network: str, name: str) -> str | None:
    """The inbound endpoint of the longest `dns_forwarders` domain equal to or above `name`."""
    fwds = [f for f in topo.on_premises[network].dns_forwarders
            if name == f.domain or name.endswith("." + f.domain)]
    fwds.sort(key=lambda f: -len(f.domain))
    return fwds[0].to if fwds else None


def resolve_service(topo: Topology, trace: Trace, network: str, who: str, service: str,
                    region: str) -> SiteDns:
    name = service_dns_name(service, region)
    inbound = forwarder(topo, network, name)
    if inbound is None:
        return SiteDns(Code.PUBLIC_DNS, None, None,
                       f"{who} resolves `{name}` through public DNS (no DNS forwarder of "
                       f"`{network}` covers it) to the public addresses of "
                       f"{service_title(service)} in {region}.")
    vpc = topo.resolver_endpoints[inbound].vpc
    v = topo.vpcs[vpc]
    lead = (f"{who} resolves `{name}`: `{network}`'s DNS server forwards it to Resolver inbound "
            f"endpoint `{inbound}` in `{vpc}`, which answers")
    if not v.dns_support:
        trace.assume(f"`{vpc}` has `dns_support: false`; vpcdocs assumes its inbound Resolver "
                     f"endpoint `{inbound}` answers with public addresses")
        return SiteDns(Code.PUBLIC_DNS, None, inbound, lead + " with public addresses.")
    on = dns.dns_on(topo, vpc)
    for ep_name in v.endpoints:
        ep = topo.endpoints[ep_name]
        if ep.type == EndpointType.INTERFACE and ep.service == service \
                and ep.service_region == region and ep.private_dns and on:
            return SiteDns(Code.PRIVATE_DNS, ep.name, inbound,
                           f"{lead} with the ENIs of interface endpoint `{ep.name}` (its "
                           "private DNS answers inbound Resolver queries).")
    zone = dns.zone_for(topo, vpc, name)
    if zone is not None and on:
        return SiteDns(Code.HOSTED_ZONE_DNS, zone.alias_to, inbound,
                       f"{lead} from private hosted zone `{zone.name}` with the ENIs of "
                       f"interface endpoint `{zone.alias_to}`.")
    return SiteDns(Code.PUBLIC_DNS, None, inbound, lead + " with public addresses.")


def query_inbound(topo: Topology, trace: Trace, network: str, inbound: str) -> bool:
    """UDP/53 from the site's DNS server to some ENI of inbound endpoint `inbound` and back."""
    rep = topo.resolver_endpoints[inbound]
    server = topo.on_premises[network].dns_server
    _no_groups(trace, rep)
    trace.uses.append(inbound)
    src = Source("", "", topo.on_premises[network].region, "", False, None, server)
    failed: list[str] = []
    for sub in rep.subnets:
        s = topo.subnets[sub]
        scratch = Trace()
        dest = PrivateDest(s.cidr, rep.vpc, sub, f"the ENI of `{inbound}`")
        out = from_site(topo, scratch, src, network, dest)
        ok = isinstance(out, Delivered) and out.vpc == rep.vpc
        ok = ok and nacls.forward(topo, scratch, Protocol.UDP, DNS_PORT, 0) is None
        if ok and rep.security_groups:
            ok = filters.sg_admits(topo, rep.security_groups, False, Protocol.UDP, DNS_PORT,
                                   Peer(server)).allowed
        if ok:
            back = walk(topo, Trace(), Source(sub, rep.vpc, topo.vpcs[rep.vpc].region, s.az,
                                              False, None),
                        SiteDest(server, network, "DNS server"))
            ok = isinstance(back, Delivered) and back.vpc == network
        if ok:
            for f in failed:
                trace.assume(f)
            return True
        failed.append(f"the DNS query from {server} does not get through to the ENI of "
                      f"Resolver endpoint `{inbound}` in `{sub}` and back")
    for f in failed:
        trace.assume(f)
    return False


def _no_groups(trace: Trace, rep: ResolverEndpoint) -> None:
    if not rep.security_groups:
        trace.assume(f"Resolver endpoint `{rep.name}` states no security groups: it is assumed "
                     "to admit the DNS queries")


def rule_for(topo: Topology, vpc: str, name: str) -> str | None:
    rules = [r for r in topo.resolver_rules.values()
             if vpc in r.vpcs and (name == r.domain or name.endswith("." + r.domain))]
    rules.sort(key=lambda r: (-len(r.domain), r.name))
    return rules[0].name if rules else None


def query_outbound(topo: Topology, trace: Trace, rule: str) -> bool:
    """UDP/53 from some ENI of the rule's outbound endpoint to some target and back."""
    r = topo.resolver_rules[rule]
    rep = topo.resolver_endpoints[r.endpoint]
    _no_groups(trace, rep)
    trace.uses.append(rep.name)
    failed: list[str] = []
    for sub in rep.subnets:
        s = topo.subnets[sub]
        src = Source(sub, rep.vpc, topo.vpcs[rep.vpc].region, s.az, False, None)
        for target in r.targets:
            network = next((n for n, net in sorted(topo.on_premises.items())
                            if any(target.subnet_of(c) for c in net.cidrs)), None)
            if network is None:
                continue
            if rep.security_groups and not filters.sg_admits(
                    topo, rep.security_groups, True, Protocol.UDP, DNS_PORT,
                    Peer(target)).allowed:
                continue
            scratch = Trace()
            out = walk(topo, scratch, src, SiteDest(target, network, "DNS server"))
            if not (isinstance(out, Delivered) and out.vpc == network):
                continue
            if nacls.forward(topo, scratch, Protocol.UDP, DNS_PORT, 0) is not None:
                continue
            back = from_site(topo, Trace(), Source("", "", "", "", False, None, target),
                             network, PrivateDest(s.cidr, rep.vpc, sub, "the ENI"))
            if isinstance(back, Delivered) and back.vpc == rep.vpc:
                for f in failed:
                    trace.assume(f)
                return True
        failed.append(f"no DNS query from the ENI of Resolver endpoint `{rep.name}` in `{sub}` "
                      f"gets through to the targets of rule `{rule}` and back")
    for f in failed:
        trace.assume(f)
    return False
