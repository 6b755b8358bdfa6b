"""Packet filters: security groups, network ACLs and endpoint policies (paths-json-hybrid.md).

Pure matching functions; `analyse` decides where each applies. Rules and sources
(aws-networking-facts-hybrid.md):
* security groups (§14.1-§14.4): allow rules only, stateful, rules of all groups of an interface
  add up; a rule names a CIDR, a prefix list or a group (the peer interface is a member and the
  packet comes straight from it). A peer range is admitted only if all of it is.
* network ACLs (§15.1-§15.3): numbered rules, lowest first, the first match decides, the implicit
  `*` denies; stateless, so replies (to ephemeral ports 1024-65535) are checked as well.
* endpoint policies (§16.1-§16.4): the small form, one Allow statement; IAM wildcards in ARNs.
* a service's public addresses (paths-json-hybrid.md "Addresses"): in group and NACL rules only
  0.0.0.0/0 (and in a group the service's AWS-managed prefix list) contains them; a rule with any
  other public CIDR is skipped, recorded as an assumption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Network, collapse_addresses

from vpcdocs.analysis.paths.addresses import is_private
from vpcdocs.model import EndpointPolicy, NaclRule, Protocol, SgRule, Topology

ANY = IPv4Network("0.0.0.0/0")
EPHEMERAL = (1024, 65535)  # facts §15.3: AWS suggests 1024-65535 to cover all clients


@dataclass(frozen=True)
class Peer:
    """The other end of a packet as a rule sees it: a range, or a service's public addresses
    (`service`, `region`); the groups of its interface when the packet comes straight from it."""

    net: IPv4Network | None
    service: str | None = None
    region: str | None = None
    groups: frozenset[str] = frozenset()

    def text(self) -> str:
        if self.net is not None:
            return str(self.net)
        return f"the public addresses of {self.service} in {self.region}"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    notes: tuple[str, ...] = ()  # assumptions to record
    rule: str | None = None  # NACL: the deciding rule number or `*`


def _proto(rule_proto: Protocol, proto: Protocol) -> bool:
    return rule_proto == Protocol.ALL or rule_proto == proto


def _ports(rule_ports: tuple[int, int] | None, port: int) -> bool:
    return rule_ports is None or rule_ports[0] <= port <= rule_ports[1]


def _covered(net: IPv4Network, cidrs: Iterable[IPv4Network]) -> bool:
    """Whether the union of `cidrs` holds every address of `net`."""
    parts = []
    for c in cidrs:
        if net.subnet_of(c):
            return True
        if c.subnet_of(net):
            parts.append(c)
    total = sum(p.num_addresses for p in collapse_addresses(parts))
    return total == net.num_addresses


def _overlaps(net: IPv4Network, cidr: IPv4Network) -> bool:
    return net.overlaps(cidr)


# --- security groups -------------------------------------------------------------------------


def sg_admits(topo: Topology, groups: tuple[str, ...], outbound: bool, proto: Protocol,
              port: int, peer: Peer) -> Verdict:
    """Whether some rule of some group admits the packet (inbound: from `peer`; outbound: to it).
    The caller handles "no groups" (unrestricted)."""
    notes: list[str] = []
    matched: list[IPv4Network] = []
    for name in groups:
        sg = topo.security_groups[name]
        region = topo.vpcs[sg.vpc].region
        for r in (sg.outbound if outbound else sg.inbound):
            if not _proto(r.protocol, proto) or not _ports(r.ports, port):
                continue
            if _sg_rule_matches(topo, r, region, peer, matched, notes, name):
                return Verdict(True, tuple(notes))
    if peer.net is not None and matched and _covered(peer.net, matched):
        return Verdict(True, tuple(notes))
    if peer.net is not None and matched:
        notes.append(f"only part of {peer.net} is admitted by the security groups "
                     f"{', '.join(groups)}; the rest is denied, so the whole range is taken "
                     "as denied")
    return Verdict(False, tuple(notes))


def _sg_rule_matches(topo: Topology, r: SgRule, region: str, peer: Peer,
                     matched: list[IPv4Network], notes: list[str], group: str) -> bool:
    if r.security_group is not None:
        return r.security_group in peer.groups
    cidrs: tuple[IPv4Network, ...]
    if r.prefix_list is not None:
        pl = topo.prefix_lists.get(r.prefix_list)
        if pl is None:  # an AWS-managed list: that service's public addresses in the Region
            return peer.net is None and peer.service == r.prefix_list and peer.region == region
        cidrs = pl.cidrs
    else:
        assert r.cidr is not None
        cidrs = (r.cidr,)
    for c in cidrs:
        if peer.net is None:
            if c == ANY:
                return True
            if not is_private(c):
                notes.append(f"rule {c} of security group `{group}` is not applied to "
                             f"{peer.text()} (vpcdocs assumes no CIDR but 0.0.0.0/0 holds "
                             "them)")
            continue
        if peer.net.subnet_of(c):
            return True
        if _overlaps(peer.net, c):
            matched.append(c)
    return False


# --- network ACLs ----------------------------------------------------------------------------


def _nacl_cidr(rule: NaclRule, peer: Peer, notes: list[str], nacl: str) -> str:
    """"all", "part" or "none": how much of the peer range the rule's CIDR holds."""
    if peer.net is None:
        if rule.cidr == ANY:
            return "all"
        if not is_private(rule.cidr):
            notes.append(f"rule {rule.number} ({rule.cidr}) of network ACL `{nacl}` is not "
                         f"applied to {peer.text()} (vpcdocs assumes no CIDR but 0.0.0.0/0 "
                         "holds them)")
        return "none"
    if peer.net.subnet_of(rule.cidr):
        return "all"
    return "part" if peer.net.overlaps(rule.cidr) else "none"


def nacl_rules(topo: Topology, nacl: str, inbound: bool) -> tuple[NaclRule, ...]:
    n = topo.network_acls[nacl]
    return n.inbound if inbound else n.outbound


def nacl_port(topo: Topology, nacl: str, inbound: bool, proto: Protocol, port: int,
              peer: Peer) -> Verdict:
    """One port, every address of the peer range: first match per address; a `deny` (or `*`)
    covering any part denies."""
    notes: list[str] = []
    for rule in nacl_rules(topo, nacl, inbound):
        if not _proto(rule.protocol, proto) or not _ports(rule.ports, port):
            continue
        cover = _nacl_cidr(rule, peer, notes, nacl)
        if cover == "none":
            continue
        if not rule.allow:
            if cover == "part":
                notes.append(f"rule {rule.number} of network ACL `{nacl}` denies only part of "
                             f"{peer.text()}; the whole range is taken as denied")
            return Verdict(False, tuple(notes), str(rule.number))
        if cover == "all":
            return Verdict(True, tuple(notes), str(rule.number))
        # allows part only: the rest falls through to later rules (conservatively: not allowed)
    return Verdict(False, tuple(notes), "*")


def nacl_reply_ports(topo: Topology, nacl: str, inbound: bool, proto: Protocol,
                     peer: Peer) -> tuple[list[tuple[int, int]], tuple[str, ...], str]:
    """The parts of 1024-65535 on which a reply passes, for every address of the range; the
    notes; the rule that denied (a number or `*`) when none passes."""
    notes: list[str] = []
    open_: list[tuple[int, int]] = [EPHEMERAL]  # undecided ports
    allowed: list[tuple[int, int]] = []
    last = "*"
    for rule in nacl_rules(topo, nacl, inbound):
        if not open_:
            break
        if not _proto(rule.protocol, proto):
            continue
        cover = _nacl_cidr(rule, peer, notes, nacl)
        if cover == "none" or (cover == "part" and rule.allow):
            continue
        lo, hi = rule.ports if rule.ports is not None else (0, 65535)
        rest: list[tuple[int, int]] = []
        for a, b in open_:
            x, y = max(a, lo), min(b, hi)
            if x > y:
                rest.append((a, b))
                continue
            if rule.allow:
                allowed.append((x, y))
            else:
                last = str(rule.number)
            if a < x:
                rest.append((a, x - 1))
            if y < b:
                rest.append((y + 1, b))
        open_ = rest
    return sorted(allowed), tuple(notes), last


def ports_text(parts: list[tuple[int, int]]) -> str:
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in parts)


# --- endpoint policies -----------------------------------------------------------------------


def _account(principal: str) -> str | None:
    parts = principal.split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" else None


def principal_allowed(policy: EndpointPolicy, principal: str) -> bool:
    if "*" in policy.principals or principal in policy.principals:
        return True
    account = _account(principal)
    return account is not None and account in policy.principals


def _pattern(arn: str) -> re.Pattern[str]:
    """An IAM ARN pattern (`*` any run, `?` one character, case-sensitive), facts §16.3."""
    out = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in arn)
    return re.compile(out + r"\Z", re.DOTALL)


def resource_allowed(policy: EndpointPolicy, resource: str) -> bool:
    return any(p == "*" or _pattern(p).match(resource) for p in policy.resources)
