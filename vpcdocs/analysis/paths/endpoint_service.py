"""PrivateLink endpoint services (provider side): which consumer endpoint a flow uses, the
provider's checks, and the hops on to the load balancer and its targets.

Rules (paths-json.md "Endpoint services"; aws-networking-facts.md §3.2, §2.8):
* the flow uses `via_endpoint`, else the source VPC's endpoint for the service (one with an ENI in
  the source's AZ first, then by name); none gives `NO_ENDPOINT`; an endpoint that then fails a
  check gives that check's reason (no falling through to another endpoint);
* checks after routing and `allow_from`, in this order: region support (a consumer in another
  Region needs the provider's `supported_regions` to list it, within one partition; AWS blog
  "Introducing cross-Region connectivity for AWS PrivateLink", Nov 2024), allowed principals (the
  principal, its account's `:root`, or `*`; AWS PrivateLink guide
  add-endpoint-service-permissions.html), acceptance (manual by default);
* then the load balancer: an NLB or GWLB offers the service only in its own subnets' AZs; in the
  provider's Region a consumer ENI is usable only in those AZs ("only the AZs common to provider
  and consumer are offered", facts §2.1). No usable AZ, or no targets, is `SERVICE_NOT_AVAILABLE`
  (our reading: that reason is the closest in the contract's vocabulary).
"""

from __future__ import annotations

from vpcdocs.analysis.paths import guards, nacls
from vpcdocs.analysis.paths.addresses import partition
from vpcdocs.analysis.paths.codes import Reason
from vpcdocs.analysis.paths.endpoints import has_eni_in
from vpcdocs.analysis.paths.filters import Peer
from vpcdocs.analysis.paths.trace import Blocked, Edge, Trace
from vpcdocs.analysis.result import HopKind, Where
from vpcdocs.model import (
    Endpoint,
    EndpointService,
    EndpointType,
    Flow,
    LoadBalancerType,
    Topology,
)


def select_endpoint(topo: Topology, service: str, vpc: str, az: str) -> Endpoint | None:
    """The source VPC's endpoint for an endpoint service: one in the source's AZ first, then by
    name (paths-json.md)."""
    mine = [topo.endpoints[n] for n in topo.vpcs[vpc].endpoints
            if topo.endpoints[n].service == service
            and topo.endpoints[n].type != EndpointType.GATEWAY]
    mine.sort(key=lambda e: (not has_eni_in(topo, e, az), e.name))
    return mine[0] if mine else None


def account_of(principal: str) -> str | None:
    parts = principal.split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" else None


def principal_allowed(principal: str, allowed: tuple[str, ...]) -> bool:
    """Allowed when the principal, its account's `:root`, or `*` is listed."""
    if "*" in allowed or principal in allowed:
        return True
    account = account_of(principal)
    return account is not None and any(
        a == f"arn:{p}:iam::{account}:root" for a in allowed
        for p in ("aws", "aws-cn", "aws-us-gov"))


def provider_checks(topo: Topology, trace: Trace, ep: Endpoint) -> Blocked | None:
    """Region support, allowed principals and acceptance, in the contract's order."""
    svc = topo.endpoint_services[ep.service]
    region = topo.vpcs[ep.vpc].region
    if svc.region != region:
        if partition(svc.region) != partition(region):
            return Blocked(
                Reason.REGION_NOT_SUPPORTED,
                f"Endpoint service `{svc.name}` is in {svc.region}, another AWS partition than "
                f"{region}; cross-Region PrivateLink stays within one partition.",
                f"consume `{svc.name}` from a VPC in the {partition(svc.region)} partition")
        if region not in svc.supported_regions:
            listed = ", ".join(svc.supported_regions) or "none"
            return Blocked(
                Reason.REGION_NOT_SUPPORTED,
                f"Endpoint service `{svc.name}` in {svc.region} does not accept consumers in "
                f"{region} (its `supported_regions`: {listed}).",
                f"add {region} to the `supported_regions` of endpoint service `{svc.name}`")
    if ep.principal is None:
        trace.assume(f"neither endpoint `{ep.name}` nor VPC `{ep.vpc}` names an account, so the "
                     f"allowed-principals check of `{svc.name}` was skipped")
    elif not principal_allowed(ep.principal, svc.allowed_principals):
        account = account_of(ep.principal)
        listed = ", ".join(f"`{p}`" for p in svc.allowed_principals) or "nobody"
        return Blocked(
            Reason.PRINCIPAL_NOT_ALLOWED,
            f"Endpoint `{ep.name}` is created by `{ep.principal}`, which endpoint service "
            f"`{svc.name}` does not allow (it allows {listed}).",
            f"add `{ep.principal}`"
            + (f" (or `arn:aws:iam::{account}:root` for the whole account)"
               if not ep.principal.endswith(":root") else "")
            + f" to the `allowed_principals` of `{svc.name}`")
    if not ep.accepted:
        return Blocked(
            Reason.CONNECTION_NOT_ACCEPTED,
            f"The provider of `{svc.name}` has not accepted the connection from `{ep.name}` "
            "(the service requires acceptance).",
            f"accept the connection of `{ep.name}` (`accepted: true`), or set "
            f"`acceptance_required: false` on `{svc.name}`")
    return None


def usable_subnets(topo: Topology, ep: Endpoint, svc: EndpointService) -> tuple[str, ...]:
    """The endpoint's subnets in AZs the load balancer serves (all of them across Regions)."""
    if topo.vpcs[ep.vpc].region != svc.region:
        return ep.subnets
    lb_azs = {topo.subnets[s].az for s in topo.load_balancers[svc.load_balancer].subnets}
    return tuple(s for s in ep.subnets if topo.subnets[s].az in lb_azs)


def provider_hops(topo: Topology, trace: Trace, ep: Endpoint, eni: str) -> Blocked | None:
    """Hops `endpoint-service, load-balancer, workload` from the consumer ENI in subnet `eni`."""
    svc = topo.endpoint_services[ep.service]
    lb = topo.load_balancers[svc.load_balancer]
    trace.hop(HopKind.ENDPOINT_SERVICE, svc.name, Where(svc.region, svc.vpc), region=svc.region)
    same_region = topo.vpcs[ep.vpc].region == svc.region
    lb_azs = sorted({topo.subnets[s].az for s in lb.subnets})
    eni_az = topo.subnets[eni].az
    kind = "Network" if lb.type is LoadBalancerType.NETWORK else "Gateway"
    if same_region and eni_az not in lb_azs:
        trace.hop(HopKind.LOAD_BALANCER, lb.name, Where(svc.region, lb.vpc),
                  note=f"serves {', '.join(lb_azs)} only")
        return Blocked(
            Reason.SERVICE_NOT_AVAILABLE,
            f"{kind} Load Balancer `{lb.name}` of `{svc.name}` serves only "
            f"{', '.join(lb_azs)}, and endpoint `{ep.name}` has no subnet there.",
            f"put a subnet of endpoint `{ep.name}` in one of {', '.join(lb_azs)}, or add a "
            f"subnet in {eni_az} to load balancer `{lb.name}`")
    lb_az = eni_az if same_region else (lb_azs[0] if lb_azs else None)
    lb_subnet = next((s for s in lb.subnets if topo.subnets[s].az == lb_az), None)
    trace.hop(HopKind.LOAD_BALANCER, lb.name, Where(svc.region, lb.vpc, lb_az, lb_subnet), az=lb_az)
    if not lb.targets:
        return Blocked(
            Reason.SERVICE_NOT_AVAILABLE,
            f"Load balancer `{lb.name}` of `{svc.name}` has no targets to send it to.",
            f"add targets to load balancer `{lb.name}`")
    in_az = [t for t in lb.targets if topo.subnets[topo.workloads[t].subnet].az == lb_az]
    target = (in_az or list(lb.targets))[0]
    tw = topo.workloads[target]
    trace.hop(HopKind.WORKLOAD, target,
              Where(svc.region, tw.vpc, topo.subnets[tw.subnet].az, tw.subnet), region=svc.region)
    where = f" in {lb_az}" if lb_az else ""
    trace.say(f"Endpoint service `{svc.name}` hands the connection to its {kind} Load Balancer "
              f"`{lb.name}`{where}, which sends it to `{target}`.")
    return None


def provider_groups(topo: Topology, trace: Trace, ep: Endpoint, eni: str, flow: Flow,
                    consumer: Peer) -> Blocked | None:
    """(5) after the provider's checks (paths-json-hybrid.md "Security groups"): the load
    balancer's groups with the consumer's range as peer when it enforces them on PrivateLink
    traffic (facts §14.6), the NACLs between load balancer and target, then the target's groups
    with the load balancer as peer (facts §14.7). Runs after `provider_hops`."""
    svc = topo.endpoint_services[ep.service]
    lb = topo.load_balancers[svc.load_balancer]
    at = next((i for i, h in enumerate(trace.hops) if h.kind == HopKind.LOAD_BALANCER
               and h.id == lb.name), None)
    if at is None:
        return None
    lb_hop = trace.hops[at]
    target = trace.hops[-1].id if trace.hops[-1].kind == HopKind.WORKLOAD else None
    if lb.security_groups and lb.enforce_security_groups_on_privatelink:
        target_hops = trace.hops[at + 1:]
        del trace.hops[at + 1:]
        refused = guards.inbound(topo, trace, f"load balancer `{lb.name}`", lb.security_groups,
                                 flow.protocol, flow.port, consumer)
        if refused is not None:
            return refused
        trace.hops.extend(target_hops)
    if target is None:
        return None
    lb_subnet = lb_hop.where.subnet or (lb.subnets[0] if lb.subnets else None)
    if lb_subnet is None:
        return None
    lb_net = topo.subnets[lb_subnet].cidr
    tw = topo.workloads[target]
    if topo.network_acls and tw.subnet != lb_subnet:
        since = len(trace.edges)
        tnet = topo.subnets[tw.subnet].cidr
        codes, said = frozenset(trace.codes), len(trace.sentences)
        trace.edges.append(Edge(lb_subnet, False, lb_net, tnet, at + 1, codes, said))
        trace.edges.append(Edge(tw.subnet, True, lb_net, tnet, at + 1, codes, said))
        denied = nacls.forward(topo, trace, flow.protocol, flow.port, since)
        if denied is not None:
            return denied
    return guards.inbound(topo, trace, f"`{target}`", tw.security_groups, flow.protocol,
                          flow.port, Peer(lb_net, groups=frozenset(lb.security_groups)))
