"""Page context for the hybrid keys (topology-format-hybrid.md): a VPC's virtual private
gateway, Resolver endpoints, security groups and network ACLs, and an endpoint's groups and
policy, as rows of plain words. Empty for format 1 designs, whose pages therefore do not change.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpcdocs.analysis.result import FlowResult, HopKind, Reason
from vpcdocs.model import NaclRule, SgRule, Topology
from vpcdocs.render.markdown import layout
from vpcdocs.render.markdown.layout import Ref
from vpcdocs.render.views.onprem import connection_priority, networks_reaching

Row = tuple[str, str, str]  # (what, name, details)


def _sg_rule(r: SgRule) -> str:
    ports = "" if r.ports is None else (
        f" {r.ports[0]}" if r.ports[0] == r.ports[1] else f" {r.ports[0]}-{r.ports[1]}")
    peer = (str(r.cidr) if r.cidr is not None else
            f"prefix list {r.prefix_list}" if r.prefix_list is not None else
            f"group {r.security_group}")
    return f"{r.protocol.value}{ports} {peer}"


def _nacl_rule(r: NaclRule) -> str:
    ports = "" if r.ports is None else (
        f" {r.ports[0]}" if r.ports[0] == r.ports[1] else f" {r.ports[0]}-{r.ports[1]}")
    return f"{r.number} {'allow' if r.allow else 'deny'} {r.protocol.value}{ports} {r.cidr}"


def vpc_rows(topo: Topology, vpc_name: str,
             flows: Sequence[FlowResult] = ()) -> tuple[Row, ...]:
    """The VPC's hybrid objects in words; a network ACL's row names the `flows` it refuses."""
    vpc = topo.vpcs[vpc_name]
    rows: list[Row] = []
    if vpc.vpn_gateway is not None:
        conns = sorted(c.name for c in topo.connections.values() if c.gateway == vpc.vpn_gateway)
        dx = sorted(d.name for d in topo.direct_connect_gateways.values()
                    if any(a.gateway == vpc.vpn_gateway for a in d.associations))
        parts = ([f"VPN connections {', '.join(conns)}"] if conns else []) + \
            ([f"Direct Connect gateway {', '.join(dx)}"] if dx else [])
        rows.append(("virtual private gateway", vpc.vpn_gateway,
                     "; ".join(parts) or "no connections"))
    for name in vpc.resolver_endpoints:
        r = topo.resolver_endpoints[name]
        groups = ", ".join(r.security_groups) or "no security groups"
        rows.append((f"Resolver {r.direction.value} endpoint", name,
                     f"ENIs in {', '.join(r.subnets)}; {groups}"))
    for name in vpc.security_groups:
        sg = topo.security_groups[name]
        inbound = "; ".join(_sg_rule(r) for r in sg.inbound) or "none"
        outbound = ("all (default)" if sg.outbound_default else
                    "; ".join(_sg_rule(r) for r in sg.outbound) or "none")
        rows.append(("security group", name, f"inbound: {inbound}; outbound: {outbound}"))
    for name in vpc.network_acls:
        n = topo.network_acls[name]
        subnets = sorted(s for s in vpc.subnets if topo.subnets[s].network_acl == name)
        inbound = "; ".join(_nacl_rule(r) for r in n.inbound if r.number > 0) or "none"
        outbound = "; ".join(_nacl_rule(r) for r in n.outbound if r.number > 0) or "none"
        refused = sorted(
            f.id + (" (its replies)" if f.reason == Reason.NACL_RETURN_DENIES else "")
            for f in flows
            if f.hops and f.hops[-1].kind is HopKind.NETWORK_ACL and f.hops[-1].id == name)
        decisions = f"; refuses {', '.join(refused)}" if refused else ""
        rows.append(("network ACL", name,
                     f"subnets: {', '.join(subnets) or 'none'}; inbound: {inbound}; outbound: "
                     f"{outbound}; then * deny{decisions}"))
    return tuple(rows)


def endpoint_rows(topo: Topology, endpoint: str) -> tuple[Row, ...]:
    ep = topo.endpoints[endpoint]
    rows: list[Row] = []
    for g in ep.security_groups:
        sg = topo.security_groups[g]
        rows.append(("security group", g,
                     "inbound: " + ("; ".join(_sg_rule(r) for r in sg.inbound) or "none")))
    for name in sorted({a for s in ep.subnets if (a := topo.subnets[s].network_acl)}):
        n = topo.network_acls[name]
        subnets = sorted(s for s in ep.subnets if topo.subnets[s].network_acl == name)
        inbound = "; ".join(_nacl_rule(r) for r in n.inbound if r.number > 0) or "none"
        outbound = "; ".join(_nacl_rule(r) for r in n.outbound if r.number > 0) or "none"
        rows.append(("network ACL", name, f"on its subnets {', '.join(subnets)}; inbound: "
                     f"{inbound}; outbound: {outbound}; then * deny"))
    if ep.policy is not None:
        rows.append(("endpoint policy", endpoint,
                     f"principals: {', '.join(ep.policy.principals)}; resources: "
                     f"{', '.join(ep.policy.resources)}"))
    return tuple(rows)


def vpc_networks(topo: Topology, vpc_name: str) -> tuple[tuple[Ref, str], ...]:
    """The on-premises networks that reach this VPC (through its virtual private gateway or a
    transit gateway it is attached to), each with its connections in words."""
    rows = []
    for network in networks_reaching(topo, vpc_name):
        conns = []
        for name in topo.on_premises[network].connections:
            conn = topo.connections[name]
            kind = "Direct Connect" if conn.type.value == "direct-connect" else "VPN"
            conns.append(f"{name} ({kind} to {conn.gateway}, {connection_priority(topo, name)})")
        rows.append((layout.ref_for(topo, "on-premises", network), ", ".join(conns)))
    return tuple(rows)


def endpoint_networks(topo: Topology, endpoint: str) -> tuple[Ref, ...]:
    """The on-premises networks that reach the endpoint's VPC over VPN or Direct Connect."""
    return tuple(layout.ref_for(topo, "on-premises", n)
                 for n in networks_reaching(topo, topo.endpoints[endpoint].vpc))
