"""The one namespace of a topology: every named object, its kind, its YAML path and its VPC."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.loader import schema as s
from vpcdocs.loader.suggest import Suggester
from vpcdocs.loader.yamlsrc import Path, Positions

KIND_LABELS = {
    "vpc": "VPC",
    "subnet": "subnet",
    "route-table": "route table",
    "nat-gateway": "NAT gateway",
    "internet-gateway": "internet gateway",
    "gateway-endpoint": "gateway endpoint",
    "interface-endpoint": "interface endpoint",
    "gwlb-endpoint": "gateway-load-balancer endpoint",
    "workload": "workload",
    "peering": "peering",
    "transit-gateway": "transit gateway",
    "tgw-attachment": "transit gateway attachment",
    "tgw-route-table": "transit gateway route table",
    "endpoint-service": "endpoint service",
    "load-balancer": "load balancer",
    "hosted-zone": "hosted zone",
    "flow": "flow",
    "on-premises": "on-premises network",
    "on-premises-workload": "on-premises workload",
    "vpn-connection": "VPN connection",
    "dx-connection": "Direct Connect connection",
    "vpn-gateway": "virtual private gateway",
    "direct-connect-gateway": "Direct Connect gateway",
    "resolver-endpoint": "Resolver endpoint",
    "resolver-rule": "Resolver rule",
    "security-group": "security group",
    "network-acl": "network ACL",
    "prefix-list": "prefix list",
}

ENDPOINT_KINDS = {
    "gateway": "gateway-endpoint",
    "interface": "interface-endpoint",
    "gateway-load-balancer": "gwlb-endpoint",
}


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    path: Path  # where the name is defined (a key, or for an internet gateway the value)
    vpc: str | None = None  # the VPC that holds it
    owner: str | None = None  # the transit gateway or endpoint service that holds it


def label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def article(words: str) -> str:
    """"a NAT gateway", "an interface endpoint"."""
    return f"{'an' if words[:1].lower() in 'aeio' else 'a'} {words}"


def labels(kinds: set[str] | frozenset[str]) -> str:
    names = sorted(label(k) for k in kinds)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class Namespace:
    """Collects the names of a topology; reports duplicates at their second place."""

    def __init__(self, topo: s.Topology, pos: Positions,
                 suggester: Suggester | None = None) -> None:
        self.entries: dict[str, Entry] = {}
        self.diagnostics: list[Diagnostic] = []
        self._pos = pos
        self._by_kind: dict[frozenset[str], list[str]] = {}
        self._vocab: dict[tuple[frozenset[str], tuple[str, ...]], tuple[str, ...]] = {}
        self.suggester = suggester or Suggester()
        self._pending: list[tuple[Entry, int]] = []  # with its place, packed (yamlsrc.pack)
        # the names defined more than once (DUPLICATE_NAME errors): every definition, in file
        # order (a list for each name would be 100,000s of lists in a large estate)
        self.definitions: dict[str, list[Entry]] = {}
        for vname, vpc in topo.vpcs.items():
            vp: Path = ("vpcs", vname)
            self._add(Entry(vname, "vpc", vp))
            if vpc.internet_gateway is not None:
                self._add(Entry(vpc.internet_gateway, "internet-gateway",
                                (*vp, "internet_gateway"), vname), value=True)
            for sname in vpc.subnets:
                self._add(Entry(sname, "subnet", (*vp, "subnets", sname), vname))
            for rname in vpc.route_tables:
                self._add(Entry(rname, "route-table", (*vp, "route_tables", rname), vname))
            for nname in vpc.nat_gateways:
                self._add(Entry(nname, "nat-gateway", (*vp, "nat_gateways", nname), vname))
            for ename, ep in vpc.endpoints.items():
                self._add(Entry(ename, ENDPOINT_KINDS[ep.type], (*vp, "endpoints", ename), vname))
            for wname in vpc.workloads:
                self._add(Entry(wname, "workload", (*vp, "workloads", wname), vname))
            if vpc.vpn_gateway is not None:
                self._add(Entry(vpc.vpn_gateway, "vpn-gateway", (*vp, "vpn_gateway"), vname),
                          value=True)
            for gname in vpc.security_groups:
                self._add(Entry(gname, "security-group", (*vp, "security_groups", gname), vname))
            for aname in vpc.network_acls:
                self._add(Entry(aname, "network-acl", (*vp, "network_acls", aname), vname))
            for rname in vpc.resolver_endpoints:
                self._add(Entry(rname, "resolver-endpoint", (*vp, "resolver_endpoints", rname),
                                vname))
        for pname in topo.peerings:
            self._add(Entry(pname, "peering", ("peerings", pname)))
        for tname, tgw in topo.transit_gateways.items():
            tp: Path = ("transit_gateways", tname)
            self._add(Entry(tname, "transit-gateway", tp))
            for aname, att in tgw.attachments.items():
                self._add(Entry(aname, "tgw-attachment", (*tp, "attachments", aname),
                                att.vpc, tname))
            for rname in tgw.route_tables:
                self._add(Entry(rname, "tgw-route-table", (*tp, "route_tables", rname),
                                owner=tname))
        for ename, svc in topo.endpoint_services.items():
            sp: Path = ("endpoint_services", ename)
            self._add(Entry(ename, "endpoint-service", sp, svc.vpc))
            self._add(Entry(svc.load_balancer.name, "load-balancer",
                            (*sp, "load_balancer", "name"), svc.vpc, ename), value=True)
        for zname in topo.hosted_zones:
            self._add(Entry(zname, "hosted-zone", ("hosted_zones", zname)))
        for fname in topo.flows or {}:
            self._add(Entry(fname, "flow", ("flows", fname)))
        for nname, onp in topo.on_premises.items():
            np_: Path = ("on_premises", nname)
            self._add(Entry(nname, "on-premises", np_))
            for cname, conn in onp.connections.items():
                kind = "vpn-connection" if conn.type == "vpn" else "dx-connection"
                self._add(Entry(cname, kind, (*np_, "connections", cname), owner=nname))
            for wname in onp.workloads:
                self._add(Entry(wname, "on-premises-workload", (*np_, "workloads", wname),
                                owner=nname))
        for gname in topo.direct_connect_gateways:
            self._add(Entry(gname, "direct-connect-gateway", ("direct_connect_gateways", gname)))
        for rname in topo.resolver_rules:
            self._add(Entry(rname, "resolver-rule", ("resolver_rules", rname)))
        for lname in topo.prefix_lists:
            self._add(Entry(lname, "prefix-list", ("prefix_lists", lname)))
        # the first definition in the file keeps the name; later ones are the duplicates
        # (packed places sort as their lines and columns do; the sort is stable)
        self._pending.sort(key=itemgetter(1))
        for entry, place in self._pending:
            self._register(entry, place)

    def _add(self, entry: Entry, *, value: bool = False) -> None:
        place = self._pos.value_place(entry.path) if value else self._pos.key_place(entry.path)
        self._pending.append((entry, place))

    def _register(self, entry: Entry, place: int) -> None:
        first = self.entries.get(entry.name)
        if first is None:
            self.entries[entry.name] = entry
            return
        defs = self.definitions.get(entry.name)
        if defs is None:
            defs = self.definitions[entry.name] = [first]
        defs.append(entry)
        where = self._pos.location(place)
        first_loc = self.location(first)
        self.diagnostics.append(error(
            DiagnosticCode.DUPLICATE_NAME,
            f"the name `{entry.name}` is already used by the {label(first.kind)} at line "
            f"{first_loc.line}",
            where, "names are unique in the whole file (one namespace), so that a reference is "
                   "just the name; rename one of them",
        ))

    def location(self, entry: Entry) -> Location:
        """Where a name is defined (its key, or the value for IGW and load balancer names)."""
        if entry.kind in ("internet-gateway", "load-balancer", "vpn-gateway"):
            return self._pos.value(entry.path)
        return self._pos.key(entry.path)

    def of_kind(self, kinds: set[str] | frozenset[str]) -> list[str]:
        key = frozenset(kinds)
        cached = self._by_kind.get(key)
        if cached is None:
            cached = sorted(n for n, e in self.entries.items() if e.kind in key)
            self._by_kind[key] = cached
        return cached

    def suggest(self, name: str, kinds: set[str] | frozenset[str],
                extra: tuple[str, ...] = ()) -> str | None:
        """"did you mean `x`?" for the closest name of the right kinds, or None."""
        key = (frozenset(kinds), extra)
        vocab = self._vocab.get(key)
        if vocab is None:
            vocab = self._vocab[key] = (*self.of_kind(kinds), *extra)
        close = self.suggester.closest(name, vocab, cutoff=0.5)
        return f"did you mean `{close}`?" if close else None
