"""The traffic-path analysis of one flow, end to end, as `paths-json.md` orders it.

Order (paths-json.md "Rules the analysis follows"): resolve the name (`dns`), route hop by hop
(`vpc_hops`, `tgw`), check the endpoint's `allow_from` (`endpoints`), then for endpoint services
region support, allowed principals and acceptance (`endpoint_service`), last the return route
(the same walk from the answering interface back to the source subnet). The first failure is the
flow's `reason`; the hops stop at the element that refused the packet, except for
`NO_RETURN_ROUTE`, which keeps every forward hop.
"""

from __future__ import annotations

from vpcdocs.analysis.paths import (
    dns,
    endpoint_service,
    fixes,
    guards,
    nacls,
    site_flows,
    site_walk,
)
from vpcdocs.analysis.paths.addresses import PrivateDest, PublicDest, partition, service_title
from vpcdocs.analysis.paths.codes import Code, Reason, ordered
from vpcdocs.analysis.paths.endpoints import check_allow_from, eni_subnet, has_eni_in
from vpcdocs.analysis.paths.explain import paragraph
from vpcdocs.analysis.paths.filters import Peer
from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.paths.vpc_hops import Outcome, walk
from vpcdocs.analysis.paths.walk_types import Delivered, Exited, Source
from vpcdocs.analysis.result import FlowCost, FlowResult, Gate, HopKind, Lookup, Network, Where
from vpcdocs.loader import catalogue
from vpcdocs.model import Endpoint, EndpointType, Flow, TargetKind, Topology

Done = Network | Blocked


def analyse(topology: Topology) -> tuple[FlowResult, ...]:
    """Every flow of the topology (declared, or the defaults), sorted by id."""
    return tuple(analyse_flow(topology, name) for name in sorted(topology.flows))


def analyse_flow(topology: Topology, flow_name: str) -> FlowResult:
    """One flow's result. Raises KeyError for a name that is not a flow."""
    return analyse_spec(topology, topology.flows[flow_name])


def analyse_spec(topology: Topology, flow: Flow) -> FlowResult:
    """The result of `flow`, which need not be one of the topology's flows (the analysis reads
    nothing of the other flows): the companions analyse undeclared flows this way, on the same
    topology and so with the same lookups (`index`) instead of a copy that builds them again."""
    trace = Trace()
    if topology.is_on_premises(flow.source):
        src = site_walk.site_source(topology, flow.source)
        trace.hop(HopKind.WORKLOAD, flow.source, Where(src.region), region=src.region)
        if flow.to_kind == TargetKind.SERVICE:
            done = site_flows.to_service(topology, trace, src, flow)
        elif flow.to_kind == TargetKind.ENDPOINT_SERVICE:
            done = site_flows.to_endpoint_service(topology, trace, src, flow)
        else:
            done = site_flows.to_vpc_workload(topology, trace, src, flow)
        return _result(topology, flow, trace, done)
    src = _source(topology, flow)
    here = Where(src.region, src.vpc, src.az, src.subnet)
    trace.hop(HopKind.WORKLOAD, src.workload or flow.source, here, region=src.region)
    trace.hop(HopKind.SUBNET, src.subnet, here, az=src.az, at=src.region)
    if flow.to_kind == TargetKind.SERVICE:
        done = _to_service(topology, trace, src, flow)
    elif flow.to_kind == TargetKind.ENDPOINT_SERVICE:
        done = _to_endpoint_service(topology, trace, src, flow)
    elif topology.is_on_premises(flow.to):
        done = site_flows.vpc_to_site(
            topology, trace, src, flow,
            lambda peer: _outbound(topology, trace, src, flow, peer, None))
    else:
        done = _to_workload(topology, trace, src, flow)
    return _result(topology, flow, trace, done)


def _result(topology: Topology, flow: Flow, trace: Trace, done: Done) -> FlowResult:
    partials: list[nacls.Partial] = []
    if not isinstance(done, Blocked):
        refused = nacls.replies(topology, trace, flow.protocol, partials)
        done = refused if refused is not None else _network(trace, done)
    blocked = done if isinstance(done, Blocked) else None
    network = Network.NONE if blocked is not None else done
    assert isinstance(network, Network)
    regions = list(trace.regions)
    if flow.region is not None and flow.region not in regions:
        regions.append(flow.region)
    cross_region = len(regions) > 1
    if cross_region:
        trace.code(Code.CROSS_REGION)
    return FlowResult(
        id=flow.name, source=flow.source, to=flow.to, to_region=flow.region,
        reachable=blocked is None, network=network, cross_region=cross_region,
        regions=tuple(regions), hops=tuple(trace.hops), codes=ordered(trace.codes),
        reason=blocked.reason if blocked is not None else None,
        explanation=paragraph(trace, blocked, network, tuple(regions)),
        cost=FlowCost(), assumptions=tuple(trace.assumptions), to_kind=flow.to_kind,
        gb_per_month=flow.gb_per_month, description=flow.description,
        fix=blocked.fix if blocked is not None else None,
        why=blocked.why if blocked is not None else None,
        nacl_partial=tuple((p.nacl, "inbound" if p.inbound else "outbound", p.ports)
                           for p in partials),
        uses=tuple(trace.uses),
        lookup=trace.lookup, gates=tuple(trace.gates),
    )


def _network(trace: Trace, network: Network) -> Network:
    """paths-json-hybrid.md: `internet` if a forward hop is an internet gateway or the internet,
    else `vpn` if one is a VPN connection, else `direct-connect` if one is Direct Connect."""
    kinds = {h.kind for h in trace.hops}
    if network == Network.INTERNET or kinds & {HopKind.INTERNET_GATEWAY, HopKind.INTERNET}:
        return Network.INTERNET
    if HopKind.VPN_CONNECTION in kinds:
        return Network.VPN
    if HopKind.DIRECT_CONNECT in kinds:
        return Network.DIRECT_CONNECT
    return network


def _walk(topo: Topology, trace: Trace, src: Source, dest: PrivateDest | PublicDest,
          flow: Flow) -> Outcome:
    """The walk (3), each subnet edge it crossed followed by that edge's NACLs."""
    since = len(trace.edges)
    out = walk(topo, trace, src, dest)
    denied = nacls.forward(topo, trace, flow.protocol, flow.port, since)
    return denied if denied is not None else out


def _reach_private(topo: Topology, trace: Trace, src: Source, flow: Flow, dest: PrivateDest,
                   groups: tuple[str, ...]) -> Delivered | Blocked:
    """(2) and (3) to a private address of VPC `dest.vpc` whose interface has `groups`: the
    source's groups outbound, then the walk; arriving anywhere else is an address overlap."""
    refused = _outbound(topo, trace, src, flow,
                        Peer(dest.net, groups=frozenset(groups)), dest.vpc)
    if refused is not None:
        return refused
    out = _walk(topo, trace, src, dest, flow)
    if isinstance(out, Blocked):
        return out
    if isinstance(out, Exited) or out.vpc != dest.vpc:
        return _overlap(topo, dest, out)
    return out


def _src_groups(topo: Topology, src: Source) -> tuple[str, ...]:
    if src.workload is None or src.workload not in topo.workloads:
        return ()
    return topo.workloads[src.workload].security_groups


def _src_peer(topo: Topology, trace: Trace, src: Source, to_vpc: str | None) -> Peer:
    """The source as an inbound rule sees it: its range, and its groups when a reference can
    match on the way taken."""
    net = src.net if src.net is not None else topo.subnets[src.subnet].cidr
    groups = _src_groups(topo, src)
    if groups and to_vpc is not None and guards.straight(topo, trace, src.vpc, to_vpc, True):
        return Peer(net, groups=frozenset(groups))
    return Peer(net)


def _outbound(topo: Topology, trace: Trace, src: Source, flow: Flow, peer: Peer,
              to_vpc: str | None) -> Blocked | None:
    """(2) the source's groups, outbound (group references only within the VPC or over a
    same-Region peering)."""
    groups = _src_groups(topo, src)
    if not groups:
        return None
    if peer.groups and (to_vpc is None or not _peered_or_same(topo, src.vpc, to_vpc)):
        peer = Peer(peer.net, peer.service, peer.region)
    return guards.source_outbound(topo, trace, groups, flow, peer)


def _peered_or_same(topo: Topology, a: str, b: str) -> bool:
    if a == b:
        return True
    return (topo.vpcs[a].region == topo.vpcs[b].region
            and frozenset((a, b)) in index(topo).active_peered)


def _source(topo: Topology, flow: Flow) -> Source:
    w = topo.workloads[flow.source]
    s = topo.subnets[w.subnet]
    return Source(s.name, w.vpc, topo.vpcs[w.vpc].region, s.az, w.public_ip, w.name)


def _src_range(topo: Topology, src: Source) -> Peer:
    return Peer(src.net if src.net is not None else topo.subnets[src.subnet].cidr)


def _who(src: Source) -> str:
    return f"`{src.workload}` in `{src.subnet}` ({src.az})"


# --- AWS services ---------------------------------------------------------------------------


def _to_service(topo: Topology, trace: Trace, src: Source, flow: Flow) -> Done:
    region = flow.region or src.region
    if catalogue.service(flow.to) is None:
        trace.assume(f"`{flow.to}` is not in vpcdocs' service catalogue: it is taken as an AWS "
                     "service with interface endpoints and private DNS, named "
                     f"`{catalogue.assumed(flow.to).dns_name(region)}`")
    res = dns.resolve_service(topo, src.vpc, _who(src), flow.to, region, flow.via_endpoint)
    trace.lookup = Lookup(res.name, res.code, res.endpoint, res.zone)
    trace.code(res.code)
    trace.say(res.sentence)
    if res.endpoint is None:
        dest = PublicDest(flow.to, region)
        refused = _outbound(topo, trace, src, flow, Peer(None, flow.to, region), None)
        if refused is not None:
            return refused
        out = _walk(topo, trace, src, dest, flow)
        if isinstance(out, Blocked):
            return out
        if isinstance(out, Delivered):  # a public destination is never delivered locally
            return Blocked(Reason.NO_ROUTE, "The packet never leaves the VPCs.",
                           "route the service's addresses to a gateway")
        gw = trace.hops[-1] if trace.hops else None
        if gw is not None and gw.kind == HopKind.GATEWAY_ENDPOINT:
            denied = guards.endpoint_policy(trace, topo.endpoints[gw.id], flow)
            if denied is not None:
                return denied
        trace.hop(HopKind.SERVICE, flow.to, Where(region), region=region)
        if out.nat is not None and topo.nat_gateways[out.nat].vpc != src.vpc:
            # Central egress: the NAT gateway hands replies back to the source's address, which
            # its own subnet's route table must route (through the transit gateway) to the source.
            nat = topo.nat_gateways[out.nat]
            back = _return_route(topo, trace, src, nat.subnet, f"NAT gateway `{nat.name}`")
            if back is not None:
                return back
        return out.network
    ep = topo.endpoints[res.endpoint]
    done = _reach_interface_endpoint(topo, trace, src, ep, None, flow)
    if isinstance(done, Blocked):
        return done
    eni = done
    if ep.service != flow.to or ep.service_region != region:
        serves = f"{service_title(ep.service)} in {ep.service_region}"
        return Blocked(
            Reason.SERVICE_NOT_AVAILABLE,
            f"Endpoint `{ep.name}` serves {serves}, not {service_title(flow.to)} in {region}, "
            "so the request fails there.",
            f"point the name at an interface endpoint for `{flow.to}` in {region}")
    ev = topo.vpcs[ep.vpc]
    if ep.service_region != ev.region:
        if partition(ep.service_region) != partition(ev.region):
            return Blocked(
                Reason.REGION_NOT_SUPPORTED,
                f"Cross-Region PrivateLink does not cross AWS partitions ({ev.region} to "
                f"{ep.service_region}).",
                f"create the endpoint in a VPC in the {partition(ep.service_region)} partition")
        trace.code(Code.CROSS_REGION_PRIVATELINK)
        trace.say(f"`{ep.name}` is a cross-Region endpoint: PrivateLink carries the traffic from "
                  f"{ev.region} to {service_title(flow.to)} in {ep.service_region}.")
    denied = guards.endpoint_policy(trace, ep, flow)
    if denied is not None:
        return denied
    trace.hop(HopKind.SERVICE, flow.to, Where(region), region=region)
    if ep.vpc != src.vpc:
        back = _return_route(topo, trace, src, eni, f"interface endpoint `{ep.name}`")
        if back is not None:
            return back
    return Network.AWS_BACKBONE


def _reach_interface_endpoint(topo: Topology, trace: Trace, src: Source, ep: Endpoint,
                              usable: tuple[str, ...] | None, flow: Flow) -> str | Blocked:
    """Route to the endpoint's ENI, add its hop and check `allow_from`; the ENI's subnet."""
    eni = eni_subnet(topo, ep, src.az, usable)
    esub = topo.subnets[eni]
    ev = topo.vpcs[ep.vpc]
    dest = PrivateDest(esub.cidr, ep.vpc, eni, f"the ENI of `{ep.name}`")
    out = _reach_private(topo, trace, src, flow, dest, ep.security_groups)
    if isinstance(out, Blocked):
        return out
    gwlb = ep.type == EndpointType.GATEWAY_LOAD_BALANCER
    kind = HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT if gwlb else HopKind.INTERFACE_ENDPOINT
    trace.hop(kind, ep.name, Where(ev.region, ep.vpc, esub.az, eni), region=ev.region, az=esub.az)
    if not gwlb:
        trace.code(Code.VIA_INTERFACE_ENDPOINT)
    where = f"It reaches the ENI of `{ep.name}` in `{eni}` ({esub.az})"
    if ev.region != src.region:
        trace.say(where + ".")
    elif esub.az == src.az:
        trace.say(where + ", in the source's own AZ.")
    else:
        # The client uses the ENI in its own AZ when there is one (eni_subnet), so a different
        # AZ here means the endpoint has no usable ENI in the source's AZ (paths-json.md Codes).
        trace.code(Code.CROSS_AZ)
        unusable = " usable" if has_eni_in(topo, ep, src.az) else ""
        trace.say(f"{where}: `{ep.name}` has no{unusable} ENI in {src.az}, so the traffic "
                  f"crosses from {src.az} to {esub.az}.")
    if not gwlb and ep.security_groups:
        denied = guards.inbound(topo, trace, f"endpoint `{ep.name}`", ep.security_groups,
                                flow.protocol, flow.port, _src_peer(topo, trace, src, ep.vpc),
                                ep.allow_from or ())
        if denied is not None:
            return denied
    elif not gwlb:
        denied = check_allow_from(topo, trace, ep, src.subnet)
        trace.gates.append(Gate(
            ep.name, len(trace.hops) - 1,
            None if ep.allow_from is None else tuple(str(c) for c in ep.allow_from),
            src.subnet, str(topo.subnets[src.subnet].cidr), denied is None))
        if denied is not None:
            return denied
        if ep.allow_from is not None:
            cidrs = ", ".join(f"`{c}`" for c in ep.allow_from)
            trace.say(f"Its security group (`allow_from` {cidrs}) admits `{src.subnet}` "
                      f"({topo.subnets[src.subnet].cidr}).")
    return eni


def _overlap(topo: Topology, dest: PrivateDest, out: Delivered | Exited) -> Blocked:
    where = f"`{out.vpc}`" if isinstance(out, Delivered) else "the internet"
    return Blocked(Reason.NO_ROUTE,
                   f"The packet for {dest.net} is delivered in {where}, not in `{dest.vpc}`: "
                   "the address ranges overlap.",
                   f"give `{dest.vpc}` addresses that do not overlap the ones on the way")


def _return_route(topo: Topology, trace: Trace, src: Source, from_subnet: str,
                  what: str) -> Blocked | None:
    """Check that replies from `from_subnet` reach the source subnet (any working path)."""
    sub = topo.subnets[from_subnet]
    back = Source(from_subnet, sub.vpc, topo.vpcs[sub.vpc].region, sub.az, False, None)
    home = topo.subnets[src.subnet]
    dest = PrivateDest(home.cidr, src.vpc, src.subnet, f"`{src.workload}`")
    scratch = Trace()
    out = walk(topo, scratch, back, dest)
    if isinstance(out, Blocked) or (isinstance(out, Delivered) and out.vpc != src.vpc) \
            or isinstance(out, Exited):
        why = out.why if isinstance(out, Blocked) else "The reply is delivered elsewhere."
        fix = out.fix if isinstance(out, Blocked) else fixes.no_vpc_route(
            topo, sub.route_table or "", dest, sub.az, from_tgw=False)
        return Blocked(Reason.NO_RETURN_ROUTE,
                       f"Replies from {what} cannot get back to `{src.subnet}` ({home.cidr}): "
                       f"{why[0].lower()}{why[1:]}", fix)
    first = next((h for h in scratch.hops if h.kind == HopKind.ROUTE_TABLE), None)
    if first is not None and first.route is not None:
        trace.say(f"Replies find their way back: route table `{first.id}` of `{from_subnet}` "
                  f"sends {home.cidr} by `{first.route}`.")
    return None


# --- endpoint services ----------------------------------------------------------------------


def _to_endpoint_service(topo: Topology, trace: Trace, src: Source, flow: Flow) -> Done:
    svc = topo.endpoint_services[flow.to]
    ep: Endpoint | None = None
    if flow.via_endpoint is not None:
        ep = topo.endpoints[flow.via_endpoint]
    else:
        ep = endpoint_service.select_endpoint(topo, svc.name, src.vpc, src.az)
        if ep is None and svc.private_dns_name is not None and dns.dns_on(topo, src.vpc):
            zone = dns.zone_for(topo, src.vpc, svc.private_dns_name)
            if zone is not None and topo.endpoints[zone.alias_to].service == svc.name:
                ep = topo.endpoints[zone.alias_to]
    if ep is None:
        subnets = sorted({topo.subnets[w].az for w in topo.vpcs[src.vpc].subnets})
        trace.say(f"{_who(src)} calls endpoint service `{svc.name}` ({svc.region}), but "
                  f"`{src.vpc}` has no endpoint for it and the flow names no `via_endpoint`.")
        return Blocked(
            Reason.NO_ENDPOINT,
            "Without a consumer endpoint there is no PrivateLink connection to the service.",
            f"add an interface endpoint with `service: {svc.name}` to `{src.vpc}` "
            f"(a subnet in {src.az}"
            + (f", `service_region: {svc.region}`" if svc.region != src.region else "")
            + f"), and allow its principal on `{svc.name}`"
            if subnets else f"add an interface endpoint for `{svc.name}` to `{src.vpc}`")
    res = dns.resolve_endpoint_service(topo, src.vpc, _who(src), svc, ep,
                                       flow.via_endpoint is not None)
    trace.lookup = Lookup(res.name, res.code, res.endpoint, res.zone)
    trace.code(res.code)  # even when it fails: how the name was looked up
    trace.say(res.sentence)
    if res.blocked is not None:
        return res.blocked
    usable = endpoint_service.usable_subnets(topo, ep, svc)
    reached = _reach_interface_endpoint(topo, trace, src, ep, usable, flow)
    if isinstance(reached, Blocked):
        return reached
    ev = topo.vpcs[ep.vpc]
    if svc.region != ev.region:
        trace.code(Code.CROSS_REGION_PRIVATELINK)
    refused = endpoint_service.provider_checks(topo, trace, ep)
    if refused is not None:
        trace.hop(HopKind.ENDPOINT_SERVICE, svc.name, Where(svc.region, svc.vpc),
                  region=svc.region)
        return refused
    if svc.region != ev.region:
        # Said only once the provider admits the connection (a Region it does not support
        # carries nothing; that reason says so itself).
        trace.say(f"`{ep.name}` is a cross-Region endpoint: PrivateLink carries the connection "
                  f"from {ev.region} to `{svc.name}` in {svc.region}.")
    trace.code(Code.VIA_ENDPOINT_SERVICE)
    checks = []
    if ep.principal is not None:
        root = f"arn:aws:iam::{endpoint_service.account_of(ep.principal)}:root"
        if ep.principal in svc.allowed_principals:
            checks.append(f"allows principal `{ep.principal}`")
        elif root in svc.allowed_principals:
            checks.append(f"allows `{root}` (the whole account of `{ep.principal}`)")
        else:
            checks.append("allows every principal (`*`)")
    checks.append("has accepted the connection" if svc.acceptance_required
                  else "accepts connections automatically")
    trace.say(f"Endpoint service `{svc.name}` {' and '.join(checks)}.")
    unavailable = endpoint_service.provider_hops(topo, trace, ep, reached)
    if unavailable is not None:
        return unavailable
    refused = endpoint_service.provider_groups(topo, trace, ep, reached, flow,
                                               _src_range(topo, src))
    if refused is not None:
        return refused
    if ep.vpc != src.vpc:
        back = _return_route(topo, trace, src, reached, f"endpoint `{ep.name}`")
        if back is not None:
            return back
    return Network.AWS_BACKBONE


# --- workloads ------------------------------------------------------------------------------


def _to_workload(topo: Topology, trace: Trace, src: Source, flow: Flow) -> Done:
    dst = topo.workloads[flow.to]
    dsub = topo.subnets[dst.subnet]
    dvpc = topo.vpcs[dst.vpc]
    dest = PrivateDest(dsub.cidr, dst.vpc, dsub.name, f"workload `{dst.name}`")
    trace.say(f"{_who(src)} sends to `{dst.name}` in `{dsub.name}` ({dsub.az}, {dsub.cidr}) by "
              "its private address.")
    out = _reach_private(topo, trace, src, flow, dest, dst.security_groups)
    if isinstance(out, Blocked):
        return out
    there = Where(dvpc.region, dst.vpc, dsub.az, dsub.name)
    trace.hop(HopKind.SUBNET, dsub.name, there, az=dsub.az, at=dvpc.region)
    trace.hop(HopKind.WORKLOAD, dst.name, there, region=dvpc.region)
    refused = guards.inbound(topo, trace, f"`{dst.name}`", dst.security_groups, flow.protocol,
                             flow.port, _src_peer(topo, trace, src, dst.vpc))
    if refused is not None:
        return refused
    trace.say(f"It reaches `{dst.name}` in `{dsub.name}` ({dsub.az}).")
    back = _return_route(topo, trace, src, dsub.name, f"`{dst.name}`")
    if back is not None:
        return back
    return Network.AWS_BACKBONE
