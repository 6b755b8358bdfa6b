"""Flows with an on-premises end, in the contract's check order (paths-json-hybrid.md "Rules the
analysis follows"): resolve the name (with a Resolver endpoint's query path), route hop by hop
with each crossing's NACLs, the destination's groups, the endpoint's checks and policy, the
return route. `analyse` hands flows from or to on-premises workloads here.
"""

from __future__ import annotations

from collections.abc import Callable

from vpcdocs.analysis.paths import dns, endpoint_service, guards, nacls, site_walk
from vpcdocs.analysis.paths.addresses import PrivateDest, PublicDest, SiteDest, service_title
from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.paths.filters import Peer
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.paths.vpc_hops import Outcome, walk
from vpcdocs.analysis.paths.walk_types import Delivered, Exited, Source
from vpcdocs.analysis.result import HopKind, Network, Where
from vpcdocs.model import Endpoint, Flow, Topology

Done = Network | Blocked


def _who(topo: Topology, src: Source) -> str:
    assert src.workload is not None
    return f"`{src.workload}` in `{topo.onprem_workloads[src.workload].network}`"


def _from_site(topo: Topology, trace: Trace, src: Source, network: str,
               dest: PrivateDest | PublicDest, flow: Flow) -> Outcome:
    since = len(trace.edges)
    out = site_walk.from_site(topo, trace, src, network, dest)
    denied = nacls.forward(topo, trace, flow.protocol, flow.port, since)
    return denied if denied is not None else out


def _dns_failed(topo: Topology, trace: Trace, network: str, what: str) -> Blocked:
    net = topo.on_premises[network]
    trace.hop(HopKind.ON_PREMISES, network, Where(net.region), region=net.region)
    return Blocked(Reason.DNS_NOT_RESOLVABLE,
                   f"The DNS query for {what} never gets an answer: no ENI of the Resolver "
                   "endpoint can be reached over UDP/53 and answer back.",
                   "let UDP port 53 from the site's DNS server through to the inbound Resolver "
                   "endpoint (routes, network ACLs and its security groups)")


def _return_to_site(topo: Topology, trace: Trace, src: Source, subnet: str,
                    what: str) -> Blocked | None:
    assert src.net is not None and src.workload is not None
    network = topo.onprem_workloads[src.workload].network
    s = topo.subnets[subnet]
    back = walk(topo, Trace(), Source(subnet, s.vpc, topo.vpcs[s.vpc].region, s.az, False, None),
                SiteDest(src.net, network, src.workload))
    if isinstance(back, Delivered) and back.vpc == network:
        return None
    why = back.why if isinstance(back, Blocked) else "The reply is delivered elsewhere."
    fix = back.fix if isinstance(back, Blocked) else f"route {src.net} back to `{network}`"
    return Blocked(Reason.NO_RETURN_ROUTE,
                   f"Replies from {what} cannot get back to `{src.workload}` ({src.net}): "
                   f"{why[0].lower()}{why[1:]}", fix)


def _endpoint_inbound(topo: Topology, trace: Trace, ep: Endpoint, src: Source,
                      flow: Flow) -> Blocked | None:
    assert src.net is not None
    if ep.security_groups:
        return guards.inbound(topo, trace, f"endpoint `{ep.name}`", ep.security_groups,
                              flow.protocol, flow.port, Peer(src.net), ep.allow_from or ())
    if ep.allow_from is None:
        trace.assume(f"interface endpoint `{ep.name}` states no `allow_from`: its security group "
                     f"is assumed to allow `{src.workload}` ({src.net})")
        return None
    if any(src.net.subnet_of(c) for c in ep.allow_from):
        return None
    allowed = ", ".join(f"`{c}`" for c in ep.allow_from) or "nothing"
    return Blocked(Reason.SECURITY_GROUP_DENIES,
                   f"The security group of `{ep.name}` allows only {allowed}, which does not "
                   f"cover `{src.workload}` ({src.net}).",
                   f"allow `{src.net}` in the `allow_from` of endpoint `{ep.name}`")


def _reach_endpoint(topo: Topology, trace: Trace, src: Source, network: str, ep: Endpoint,
                    flow: Flow) -> str | Blocked:
    """Route from the site to the endpoint's first ENI (no AZ: `CROSS_AZ` never set), its hop,
    its groups / `allow_from`."""
    eni = ep.subnets[0]
    esub = topo.subnets[eni]
    ev = topo.vpcs[ep.vpc]
    dest = PrivateDest(esub.cidr, ep.vpc, eni, f"the ENI of `{ep.name}`")
    out = _from_site(topo, trace, src, network, dest, flow)
    if isinstance(out, Blocked):
        return out
    if not isinstance(out, Delivered) or out.vpc != ep.vpc:
        return Blocked(Reason.NO_ROUTE, f"The packet for {dest.net} does not reach `{ep.vpc}`.",
                       f"route {dest.net} from `{network}` to `{ep.vpc}`")
    trace.hop(HopKind.INTERFACE_ENDPOINT, ep.name, Where(ev.region, ep.vpc, esub.az, eni),
              region=ev.region, az=esub.az)
    trace.code(Code.VIA_INTERFACE_ENDPOINT)
    trace.say(f"It reaches the ENI of `{ep.name}` in `{eni}` ({esub.az}).")
    refused = _endpoint_inbound(topo, trace, ep, src, flow)
    return refused if refused is not None else eni


def to_service(topo: Topology, trace: Trace, src: Source, flow: Flow) -> Done:
    network = site_walk.network_of(src, topo)
    region = flow.region or src.region
    ep_name: str | None
    if flow.via_endpoint is not None:
        res = dns.resolve_service(topo, "", _who(topo, src), flow.to, region, flow.via_endpoint)
        trace.code(res.code)
        trace.say(res.sentence)
        ep_name = res.endpoint
    else:
        sd = site_walk.resolve_service(topo, trace, network, _who(topo, src), flow.to, region)
        assert sd.code is not None
        trace.code(sd.code)
        trace.say(sd.sentence)
        if sd.inbound is not None:
            trace.code(Code.RESOLVER_INBOUND_ENDPOINT)
            if not site_walk.query_inbound(topo, trace, network, sd.inbound):
                return _dns_failed(topo, trace, network, f"{service_title(flow.to)}")
        ep_name = sd.endpoint
    if ep_name is None:
        out = _from_site(topo, trace, src, network, PublicDest(flow.to, region), flow)
        if isinstance(out, Blocked):
            return out
        if isinstance(out, Delivered):
            return Blocked(Reason.NO_ROUTE, "The packet never leaves the VPCs.",
                           "route the service's addresses to a gateway")
        trace.hop(HopKind.SERVICE, flow.to, Where(region), region=region)
        return out.network
    ep = topo.endpoints[ep_name]
    reached = _reach_endpoint(topo, trace, src, network, ep, flow)
    if isinstance(reached, Blocked):
        return reached
    if ep.service != flow.to or ep.service_region != region:
        return Blocked(
            Reason.SERVICE_NOT_AVAILABLE,
            f"Endpoint `{ep.name}` serves {service_title(ep.service)} in {ep.service_region}, "
            f"not {service_title(flow.to)} in {region}, so the request fails there.",
            f"point the name at an interface endpoint for `{flow.to}` in {region}")
    if ep.service_region != topo.vpcs[ep.vpc].region:
        trace.code(Code.CROSS_REGION_PRIVATELINK)
    denied = guards.endpoint_policy(trace, ep, flow)
    if denied is not None:
        return denied
    trace.hop(HopKind.SERVICE, flow.to, Where(region), region=region)
    back = _return_to_site(topo, trace, src, reached, f"interface endpoint `{ep.name}`")
    return back if back is not None else Network.AWS_BACKBONE


def to_endpoint_service(topo: Topology, trace: Trace, src: Source, flow: Flow) -> Done:
    network = site_walk.network_of(src, topo)
    svc = topo.endpoint_services[flow.to]
    ep: Endpoint | None = None
    if flow.via_endpoint is not None:
        ep = topo.endpoints[flow.via_endpoint]
        trace.code(Code.ENDPOINT_DNS_NAME)
        trace.say(f"{_who(topo, src)} calls interface endpoint `{ep.name}` by its own DNS name.")
    elif svc.private_dns_name is not None:
        inbound = site_walk.forwarder(topo, network, svc.private_dns_name)
        if inbound is not None:
            vpc = topo.resolver_endpoints[inbound].vpc
            mine = [topo.endpoints[n] for n in topo.vpcs[vpc].endpoints
                    if topo.endpoints[n].service == svc.name and topo.endpoints[n].private_dns]
            zone = dns.zone_for(topo, vpc, svc.private_dns_name)
            if mine and dns.dns_on(topo, vpc):
                ep = mine[0]
                trace.code(Code.PRIVATE_DNS)
            elif zone is not None and dns.dns_on(topo, vpc) \
                    and topo.endpoints[zone.alias_to].service == svc.name:
                ep = topo.endpoints[zone.alias_to]
                trace.code(Code.HOSTED_ZONE_DNS)
            if ep is not None:
                trace.code(Code.RESOLVER_INBOUND_ENDPOINT)
                trace.say(f"`{network}`'s DNS server forwards `{svc.private_dns_name}` to "
                          f"Resolver inbound endpoint `{inbound}`, which answers with the ENIs "
                          f"of `{ep.name}`.")
                if not site_walk.query_inbound(topo, trace, network, inbound):
                    return _dns_failed(topo, trace, network, f"`{svc.private_dns_name}`")
    if ep is None:
        trace.say(f"{_who(topo, src)} calls endpoint service `{svc.name}`, but no name it can "
                  "resolve leads to an interface endpoint for it.")
        return Blocked(Reason.NO_ENDPOINT,
                       "Without a consumer endpoint there is no PrivateLink connection to the "
                       "service.",
                       f"create an interface endpoint for `{svc.name}` in a VPC `{network}` "
                       "reaches, and call it by its own DNS name (`via_endpoint`)")
    reached = _reach_endpoint(topo, trace, src, network, ep, flow)
    if isinstance(reached, Blocked):
        return reached
    refused = endpoint_service.provider_checks(topo, trace, ep)
    if refused is not None:
        trace.hop(HopKind.ENDPOINT_SERVICE, svc.name, Where(svc.region, svc.vpc),
                  region=svc.region)
        return refused
    trace.code(Code.VIA_ENDPOINT_SERVICE)
    unavailable = endpoint_service.provider_hops(topo, trace, ep, reached)
    if unavailable is not None:
        return unavailable
    assert src.net is not None
    refused = endpoint_service.provider_groups(topo, trace, ep, reached, flow, Peer(src.net))
    if refused is not None:
        return refused
    back = _return_to_site(topo, trace, src, reached, f"endpoint `{ep.name}`")
    return back if back is not None else Network.AWS_BACKBONE


def to_vpc_workload(topo: Topology, trace: Trace, src: Source, flow: Flow) -> Done:
    network = site_walk.network_of(src, topo)
    dst = topo.workloads[flow.to]
    dsub = topo.subnets[dst.subnet]
    dvpc = topo.vpcs[dst.vpc]
    dest = PrivateDest(dsub.cidr, dst.vpc, dsub.name, f"workload `{dst.name}`")
    trace.say(f"{_who(topo, src)} sends to `{dst.name}` in `{dsub.name}` by its private "
              "address.")
    out = _from_site(topo, trace, src, network, dest, flow)
    if isinstance(out, Blocked):
        return out
    if not isinstance(out, Delivered) or out.vpc != dst.vpc:
        return Blocked(Reason.NO_ROUTE, f"The packet for {dsub.cidr} does not reach "
                       f"`{dst.vpc}`.", f"route {dsub.cidr} from `{network}` to `{dst.vpc}`")
    there = Where(dvpc.region, dst.vpc, dsub.az, dsub.name)
    trace.hop(HopKind.SUBNET, dsub.name, there, az=dsub.az, at=dvpc.region)
    trace.hop(HopKind.WORKLOAD, dst.name, there, region=dvpc.region)
    assert src.net is not None
    refused = guards.inbound(topo, trace, f"`{dst.name}`", dst.security_groups, flow.protocol,
                             flow.port, Peer(src.net))
    if refused is not None:
        return refused
    back = _return_to_site(topo, trace, src, dsub.name, f"`{dst.name}`")
    return back if back is not None else Network.AWS_BACKBONE


def vpc_to_site(topo: Topology, trace: Trace, src: Source, flow: Flow,
                outbound: Callable[[Peer], Blocked | None]) -> Done:
    """A VPC workload to an on-premises workload: the DNS step through a Resolver rule when the
    network has a `dns_domain`, then the source's groups, the walk, the return route."""
    w = topo.onprem_workloads[flow.to]
    net = topo.on_premises[w.network]
    if net.dns_domain is not None:
        name = f"{w.name}.{net.dns_domain}"
        rule = site_walk.rule_for(topo, src.vpc, name)
        if rule is None or not topo.vpcs[src.vpc].dns_support:
            why = ("`dns_support` is off there" if rule is not None
                   else "no Resolver rule for it is associated with that VPC")
            if rule is not None:
                trace.code(Code.RESOLVER_FORWARDING_RULE)
            return Blocked(Reason.DNS_NOT_RESOLVABLE,
                           f"`{src.workload}` cannot resolve `{name}` in `{src.vpc}`: {why}.",
                           f"associate a Resolver rule for `{net.dns_domain}` (an outbound "
                           f"endpoint forwarding to `{w.network}`'s DNS server) with "
                           f"`{src.vpc}`")
        trace.code(Code.RESOLVER_FORWARDING_RULE)
        trace.say(f"`{src.workload}` resolves `{name}` through Resolver rule `{rule}`, which "
                  f"forwards the query from outbound endpoint "
                  f"`{topo.resolver_rules[rule].endpoint}` to `{w.network}`'s DNS servers.")
        if not site_walk.query_outbound(topo, trace, rule):
            return Blocked(Reason.DNS_NOT_RESOLVABLE,
                           f"The query for `{name}` never gets an answer: no ENI of outbound "
                           f"endpoint `{topo.resolver_rules[rule].endpoint}` can reach a target "
                           f"of rule `{rule}` over UDP/53 and hear back.",
                           "route the outbound endpoint's subnets to the site's DNS servers and "
                           "let UDP port 53 through")
    dest = SiteDest(w.cidr, w.network, w.name)
    refused = outbound(Peer(w.cidr))
    if refused is not None:
        return refused
    trace.say(f"`{src.workload}` sends to on-premises workload `{w.name}` ({w.cidr}) in "
              f"`{w.network}`.")
    since = len(trace.edges)
    out = walk(topo, trace, src, dest)
    denied = nacls.forward(topo, trace, flow.protocol, flow.port, since)
    if denied is not None:
        return denied
    if isinstance(out, Blocked):
        return out
    if isinstance(out, Exited) or out.vpc != w.network:
        return Blocked(Reason.NO_ROUTE, f"The packet for {w.cidr} does not reach "
                       f"`{w.network}`.", f"route {w.cidr} to `{w.network}`")
    trace.hop(HopKind.WORKLOAD, w.name, Where(net.region), region=net.region)
    home = topo.subnets[src.subnet]
    scratch = Trace()
    back = site_walk.from_site(topo, scratch, Source("", "", net.region, "", False, None, w.cidr),
                               w.network, PrivateDest(home.cidr, src.vpc, src.subnet, "it"))
    if isinstance(back, Delivered) and back.vpc == src.vpc:
        for note in scratch.assumptions:  # how the site chose its way back
            trace.assume(note)
        return Network.AWS_BACKBONE
    why = back.why if isinstance(back, Blocked) else "The reply is delivered elsewhere."
    fix = back.fix if isinstance(back, Blocked) else f"route {home.cidr} back from `{w.network}`"
    return Blocked(Reason.NO_RETURN_ROUTE,
                   f"Replies from `{w.name}` cannot get back to `{src.subnet}` ({home.cidr}): "
                   f"{why[0].lower()}{why[1:]}", fix)
