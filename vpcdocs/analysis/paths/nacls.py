"""Network ACLs along a flow: the subnet edges the walk recorded, forward and for the replies.

The walkers (`vpc_hops`, `onprem`) record an `Edge` each time a lookup sends the packet out of a
subnet or into one (paths-json-hybrid.md "Network ACLs", "Crossings"). This module checks those
edges against the subnets' NACLs (`filters`): forward on the flow's port, every address of the
range; replies (NACLs are stateless, facts §15.1) over the same edges reversed, on the ephemeral
ports 1024-65535 (§15.3). A subnet without a declared NACL uses AWS's default NACL, which allows
everything and never refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from vpcdocs.analysis.paths import filters
from vpcdocs.analysis.paths.codes import Reason
from vpcdocs.analysis.paths.filters import Peer
from vpcdocs.analysis.paths.trace import Blocked, Edge, Trace
from vpcdocs.analysis.result import HopKind, Where
from vpcdocs.model import Protocol, Topology


@dataclass(frozen=True)
class Partial:
    """A reply let through on part of 1024-65535 (the finding `NACL_EPHEMERAL_PARTIAL`)."""

    nacl: str
    inbound: bool
    ports: str


def _peer(value: IPv4Network | tuple[str, str]) -> Peer:
    if isinstance(value, IPv4Network):
        return Peer(value)
    return Peer(None, value[0], value[1])


def _direction(inbound: bool) -> str:
    return "inbound" if inbound else "outbound"


def _nacl_hop(topo: Topology, trace: Trace, nacl: str, subnet: str, note: str) -> None:
    sub = topo.subnets[subnet]
    region = topo.vpcs[sub.vpc].region
    trace.hop(HopKind.NETWORK_ACL, nacl, Where(region, sub.vpc, sub.az, subnet), note=note)


def forward(topo: Topology, trace: Trace, proto: Protocol, port: int, since: int) -> \
        Blocked | None:
    """Check the edges recorded from index `since` on; the first that denies blocks the flow:
    hops cut back to the lookup that sent the packet across, then a `network-acl` hop."""
    if not topo.network_acls:
        return None
    for edge in trace.edges[since:]:
        nacl = topo.subnets[edge.subnet].network_acl
        if nacl is None:
            continue
        peer = _peer(edge.src if edge.inbound else edge.dst)
        v = filters.nacl_port(topo, nacl, edge.inbound, proto, port, peer)
        for note in v.notes:
            trace.assume(note)
        if v.allowed:
            continue
        trace.cut(edge)
        d = _direction(edge.inbound)
        what = f"{proto.value.upper()} {port} {'from' if edge.inbound else 'to'} {peer.text()}"
        _nacl_hop(topo, trace, nacl, edge.subnet, f"{d} rule {v.rule} denies {what}")
        rule = "implicit rule `*`" if v.rule == "*" else f"rule {v.rule}"
        return Blocked(
            Reason.NACL_DENIES,
            f"Network ACL `{nacl}` of subnet `{edge.subnet}` drops the packet: its {d} "
            f"{rule} denies {what}.",
            f"allow {what} in the {d} rules of network ACL `{nacl}` (before any rule that "
            "denies it)")
    return None


def replies(topo: Topology, trace: Trace, proto: Protocol,
            partials: list[Partial]) -> Blocked | None:
    """(8) The replies over the forward edges reversed, to ports 1024-65535."""
    if not topo.network_acls:
        return None
    for edge in reversed(list(trace.edges)):
        nacl = topo.subnets[edge.subnet].network_acl
        if nacl is None:
            continue
        back = Edge(edge.subnet, not edge.inbound, edge.dst, edge.src, edge.hops)
        peer = _peer(back.src if back.inbound else back.dst)
        ok, notes, rule = filters.nacl_reply_ports(topo, nacl, back.inbound, proto, peer)
        for note in notes:
            trace.assume(note)
        d = _direction(back.inbound)
        if not ok:
            what = f"{'from' if back.inbound else 'to'} {peer.text()}"
            _nacl_hop(topo, trace, nacl, edge.subnet,
                      f"reply: {d} rule {rule} denies ports 1024-65535 {what}")
            return Blocked(
                Reason.NACL_RETURN_DENIES,
                f"Network ACL `{nacl}` of subnet `{edge.subnet}` lets the replies through on "
                f"none of the ephemeral ports 1024-65535 ({d}, {what}); network ACLs are "
                "stateless, so replies need their own rule.",
                f"allow {proto.value} ports 1024-65535 {what} in the {d} rules of network ACL "
                f"`{nacl}`")
        if ok != [filters.EPHEMERAL]:
            text = filters.ports_text(ok)
            trace.assume(f"network ACL `{nacl}` lets replies through {d} on ports {text} only, "
                         "not all of 1024-65535: clients that pick other ephemeral ports get "
                         "no reply")
            p = Partial(nacl, back.inbound, text)
            if p not in partials:
                partials.append(p)
    return None
