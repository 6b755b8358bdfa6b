"""Where the filters apply along a flow, and what a refusal looks like (paths-json-hybrid.md).

`filters` says whether a rule set lets a packet through; this module applies that at the points
of the contract's order: (2) the source's groups, outbound; (4) the destination interface's
groups; (5) a load balancer's and its target's groups; (6) the endpoint policy. Each refusal is a
`Blocked` with the contract's reason; the refusing hop names the group (`note`).
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Network

from vpcdocs.analysis.paths import filters
from vpcdocs.analysis.paths.codes import Reason
from vpcdocs.analysis.paths.filters import Peer
from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.result import HopKind
from vpcdocs.model import Endpoint, Flow, Protocol, Topology

#: hops after which a packet no longer "comes straight" from an interface (facts §14.4, §14.7)
_NOT_STRAIGHT = frozenset({HopKind.NAT_GATEWAY, HopKind.VPN_GATEWAY, HopKind.DIRECT_CONNECT,
                           HopKind.LOAD_BALANCER, HopKind.ENDPOINT_SERVICE,
                           HopKind.VPN_CONNECTION})


def groups_list(groups: tuple[str, ...]) -> str:
    return ", ".join(f"`{g}`" for g in groups)


def straight(topo: Topology, trace: Trace, a_vpc: str, b_vpc: str, inbound: bool) -> bool:
    """Whether a group reference can match between interfaces of `a_vpc` and `b_vpc` on the way
    the trace took: the same VPC, an active same-Region peering, or (inbound) a transit gateway
    with referencing on for it and both VPC attachments (facts §12.6, §14.4)."""
    kinds = {h.kind for h in trace.hops}
    if kinds & _NOT_STRAIGHT:
        return False
    if a_vpc == b_vpc:
        return True
    if HopKind.TRANSIT_GATEWAY in kinds:
        if not inbound:
            return False
        tgws = [h.id for h in trace.hops if h.kind == HopKind.TRANSIT_GATEWAY]
        if len(set(tgws)) != 1 or HopKind.TRANSIT_GATEWAY_PEERING in kinds:
            return False
        tgw = topo.transit_gateways[tgws[0]]
        ok = index(topo).memo("tgw-sg-referencing", tgw.name, lambda: frozenset(
            a.vpc for a in (topo.tgw_attachments[n] for n in tgw.attachments)
            if a.vpc is not None and a.security_group_referencing))
        return tgw.security_group_referencing and a_vpc in ok and b_vpc in ok
    return topo.vpcs[a_vpc].region == topo.vpcs[b_vpc].region


def source_outbound(topo: Topology, trace: Trace, groups: tuple[str, ...], flow: Flow,
                    peer: Peer) -> Blocked | None:
    """(2) The source workload's groups, outbound, before routing."""
    if not groups:
        return None
    v = filters.sg_admits(topo, groups, True, flow.protocol, flow.port, peer)
    for note in v.notes:
        trace.assume(note)
    if v.allowed:
        return None
    return Blocked(
        Reason.SECURITY_GROUP_DENIES,
        f"The outbound rules of `{flow.source}`'s security groups ({groups_list(groups)}) allow "
        f"no {flow.protocol.value.upper()} {flow.port} to {peer.text()}, so the packet never "
        "leaves it.",
        f"add an outbound rule for {flow.protocol.value} port {flow.port} to {peer.text()} to "
        f"one of {groups_list(groups)}")


def inbound(topo: Topology, trace: Trace, what: str, groups: tuple[str, ...], proto: Protocol,
            port: int, peer: Peer, extra: tuple[IPv4Network, ...] = ()) -> Blocked | None:
    """(4)/(5) An interface's groups (and an endpoint's `allow_from`, `extra`), inbound. Marks
    the last hop (the refusing interface) with the group names when refused."""
    if not groups and not extra:
        return None
    if extra and peer.net is not None and any(peer.net.subnet_of(c) for c in extra):
        return None
    if groups:
        v = filters.sg_admits(topo, groups, False, proto, port, peer)
        for note in v.notes:
            trace.assume(note)
        if v.allowed:
            return None
    if trace.hops:
        trace.hops[-1] = replace(trace.hops[-1], note=f"security groups {', '.join(groups)}")
    also = (" or its `allow_from` (" + ", ".join(f"`{c}`" for c in extra) + ")") if extra else ""
    return Blocked(
        Reason.SECURITY_GROUP_DENIES,
        f"The security groups of {what} ({groups_list(groups)}){also} admit no "
        f"{proto.value.upper()} {port} from {peer.text()}.",
        f"add an inbound rule for {proto.value} port {port} from {peer.text()} to one of "
        f"{groups_list(groups)}")


def endpoint_policy(trace: Trace, ep: Endpoint, flow: Flow) -> Blocked | None:
    """(6) The endpoint policy: the flow's principal and resource (paths-json-hybrid.md)."""
    policy = ep.policy
    if policy is None:
        return None
    missing: list[str] = []
    if policy.principals != ("*",) and "*" not in policy.principals:
        if flow.principal is None:
            trace.assume(f"flow `{flow.name}` names no principal, so the principal half of "
                         f"endpoint `{ep.name}`'s policy was not checked")
        elif not filters.principal_allowed(policy, flow.principal):
            missing.append(f"principal `{flow.principal}`")
    if "*" not in policy.resources:
        if flow.resource is None:
            trace.assume(f"flow `{flow.name}` names no `resource`, so the resource half of "
                         f"endpoint `{ep.name}`'s policy was not checked")
        elif not filters.resource_allowed(policy, flow.resource):
            missing.append(f"resource `{flow.resource}`")
    if not missing:
        return None
    if trace.hops:
        trace.hops[-1] = replace(trace.hops[-1], note="policy denies " + " and ".join(missing))
    return Blocked(
        Reason.ENDPOINT_POLICY_DENIES,
        f"The policy of endpoint `{ep.name}` does not allow {' or '.join(missing)}.",
        f"add {' and '.join(missing)} to the `policy` of endpoint `{ep.name}`")
