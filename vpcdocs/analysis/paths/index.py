"""Lookups over a topology, built once per topology instead of scanned for every flow.

The path analysis asks the same questions for every flow: which attachment joins this VPC to that
transit gateway, which VPCs share a transit gateway with it, which hosted zones it is associated
with, which routes a transit gateway route table holds. Scanning the topology for each answer made
the analysis cost grow with flows x VPCs (a transit gateway route table propagating 50 VPCs was
rebuilt on every lookup). `index(topology)` answers from tables built on first use and kept while
the topology lives, so the analysis is linear in flows and does not slow down with VPCs a flow
never touches. Answers are exactly what the scans gave (same order); the analysis stays pure.
`memo` also remembers answers that many flows ask again (the route a table chooses for a
destination, a transit gateway's attachment to a VPC): tests/test_analysis_scaling.py checks
that remembering changes no result, and that nothing is scanned per flow.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Network
from typing import Generic, TypeVar

from vpcdocs.model import Endpoint, EndpointType, HostedZone, NatGateway, Topology

__all__ = ["PrefixTable", "TopologyIndex", "index"]

T = TypeVar("T")
R = TypeVar("R")

_INDEXES: dict[int, TopologyIndex] = {}


_MISSING = object()
_LAST: list[TopologyIndex] = []  # the index asked for last (every flow asks many times)


def index(topo: Topology) -> TopologyIndex:
    """The lookups of `topo`, built on first use and dropped with the topology."""
    if _LAST and _LAST[0].owner() is topo:
        return _LAST[0]
    found = _index(topo)
    _LAST[:] = [found]
    return found


def _index(topo: Topology) -> TopologyIndex:
    key = id(topo)
    found = _INDEXES.get(key)
    if found is not None and found.owner() is topo:
        return found
    made = TopologyIndex(weakref.ref(topo))
    _INDEXES[key] = made
    weakref.finalize(topo, _forget, key, made)
    return made


def _forget(key: int, gone: TopologyIndex) -> None:
    """The topology of `gone` is gone: so are its lookups."""
    if _INDEXES.get(key) is gone:
        del _INDEXES[key]
    if _LAST and _LAST[0] is gone:
        _LAST.clear()


@dataclass(eq=False)
class PrefixTable(Generic[R]):
    """Routes by destination prefix, for longest-prefix lookups without scanning every route:
    the routes whose network contains a given network are found with one dict lookup per
    distinct prefix length in the table."""

    by_prefix: dict[tuple[int, int], list[R]] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)

    def add(self, net: IPv4Network, route: R) -> None:
        key = (net.prefixlen, int(net.network_address))
        if net.prefixlen not in self.lengths:
            self.lengths.append(net.prefixlen)
            self.lengths.sort(reverse=True)
        self.by_prefix.setdefault(key, []).append(route)

    def containing(self, net: IPv4Network) -> list[R]:
        """Every route whose network contains `net` (in no particular order)."""
        address = int(net.network_address)
        found: list[R] = []
        for length in self.lengths:
            if length > net.prefixlen:
                continue
            mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
            found += self.by_prefix.get((length, address & mask), ())
        return found


@dataclass(eq=False)
class TopologyIndex:
    owner: Callable[[], Topology | None]
    _memo: dict[tuple[str, object], object] = field(default_factory=dict)

    @property
    def topo(self) -> Topology:
        topo = self.owner()
        assert topo is not None
        return topo

    def memo(self, kind: str, key: object, make: Callable[[], T]) -> T:
        """`make()`, computed once per (kind, key) for this topology."""
        slot = (kind, key)
        found = self._memo.get(slot, _MISSING)  # one hash of the key (an address's is slow)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = make()
        self._memo[slot] = value
        return value

    @cached_property
    def attachment(self) -> dict[tuple[str, str], str]:
        """(vpc, transit gateway) -> the first VPC attachment joining them (in name order)."""
        found: dict[tuple[str, str], str] = {}
        for a in self.topo.tgw_attachments.values():
            if a.vpc is not None:
                found.setdefault((a.vpc, a.tgw), a.name)
        return found

    @cached_property
    def tgws_of_vpc(self) -> dict[str, tuple[str, ...]]:
        """vpc -> the transit gateways it is attached to, sorted."""
        found: dict[str, set[str]] = {}
        for a in self.topo.tgw_attachments.values():
            if a.vpc is not None:
                found.setdefault(a.vpc, set()).add(a.tgw)
        return {v: tuple(sorted(t)) for v, t in found.items()}

    @cached_property
    def vpcs_of_tgw(self) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for a in self.topo.tgw_attachments.values():
            if a.vpc is not None:
                found.setdefault(a.tgw, set()).add(a.vpc)
        return {t: frozenset(v) for t, v in found.items()}

    @cached_property
    def peers_of_vpc(self) -> dict[str, frozenset[str]]:
        """vpc -> the VPCs it is peered with (any status)."""
        found: dict[str, set[str]] = {}
        for p in self.topo.peerings.values():
            found.setdefault(p.requester, set()).add(p.other(p.requester))
            found.setdefault(p.accepter, set()).add(p.other(p.accepter))
        return {v: frozenset(o) for v, o in found.items()}

    @cached_property
    def active_peered(self) -> frozenset[frozenset[str]]:
        """{a, b} for every pair of VPCs joined by an active peering."""
        return frozenset(frozenset((p.requester, p.accepter)) for p in self.topo.peerings.values()
                         if p.status.value == "active")

    @cached_property
    def nats_of_vpc(self) -> dict[str, tuple[NatGateway, ...]]:
        """vpc -> its NAT gateways, in name order."""
        found: dict[str, list[NatGateway]] = {}
        for n in self.topo.nat_gateways.values():
            found.setdefault(n.vpc, []).append(n)
        return {v: tuple(ns) for v, ns in found.items()}

    @cached_property
    def inbound_resolver_vpcs(self) -> frozenset[str]:
        """The VPCs with an inbound Resolver endpoint."""
        return frozenset(r.vpc for r in self.topo.resolver_endpoints.values()
                         if r.direction.value == "inbound")

    @cached_property
    def peering(self) -> dict[frozenset[str], str]:
        """{a, b} -> the first peering between the two VPCs (in name order)."""
        found: dict[frozenset[str], str] = {}
        for p in self.topo.peerings.values():
            found.setdefault(frozenset((p.requester, p.accepter)), p.name)
        return found

    def linked_vpcs(self, vpc: str) -> frozenset[str]:
        """The other VPCs `vpc` is peered with or shares a transit gateway with."""
        def make() -> frozenset[str]:
            linked = set(self.peers_of_vpc.get(vpc, ()))
            for tgw in self.tgws_of_vpc.get(vpc, ()):
                linked |= self.vpcs_of_tgw[tgw]
            linked.discard(vpc)
            return frozenset(linked)
        return self.memo("linked", vpc, make)

    @cached_property
    def zones_of_vpc(self) -> dict[str, tuple[HostedZone, ...]]:
        """vpc -> the hosted zones associated with it, in name order."""
        found: dict[str, list[HostedZone]] = {}
        for z in self.topo.hosted_zones.values():
            for v in dict.fromkeys(z.vpcs):
                found.setdefault(v, []).append(z)
        return {v: tuple(zs) for v, zs in found.items()}

    @cached_property
    def interface_endpoints(self) -> dict[tuple[str, str], tuple[Endpoint, ...]]:
        """(service, service Region) -> interface endpoints, in name order."""
        found: dict[tuple[str, str], list[Endpoint]] = {}
        for name in sorted(self.topo.endpoints):
            e = self.topo.endpoints[name]
            if e.type is EndpointType.INTERFACE:
                found.setdefault((e.service, e.service_region), []).append(e)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def endpoints_for(self) -> dict[tuple[str, str], tuple[Endpoint, ...]]:
        """(service, service Region) -> endpoints of every type, in name order."""
        found: dict[tuple[str, str], list[Endpoint]] = {}
        for name in sorted(self.topo.endpoints):
            e = self.topo.endpoints[name]
            found.setdefault((e.service, e.service_region), []).append(e)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def workload_azs(self) -> dict[str, frozenset[str]]:
        """vpc -> the AZs its workloads are in."""
        t = self.topo
        found: dict[str, set[str]] = {}
        for w in t.workloads.values():
            found.setdefault(w.vpc, set()).add(t.subnets[w.subnet].az)
        return {v: frozenset(a) for v, a in found.items()}
