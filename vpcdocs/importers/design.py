"""From an `Estate` (AWS objects by key) to the topology format's objects (`document.Entry`).

This is where the format's rules meet AWS's: names are given (`names.Namer`), AWS's defaults are
written where they differ from the format's (`dns_hostnames: false` for a VPC that AWS created
with hostnames off), routes that AWS adds itself (`local`, a gateway endpoint's prefix-list route)
are left implicit, and what the format cannot hold (a route to a virtual private gateway, an IPv6
route, a private NAT gateway) is counted for the summary instead of being written wrongly. An
object that refers to something outside the input gets a stub when the source says enough about
it (a peer VPC's Region and CIDR), else is left out with a note: never silently.

The VPC-level objects are here; links between VPCs (peerings, transit gateways, endpoint
services, hosted zones) are in `design_links.py`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from vpcdocs.codes import DiagnosticCode
from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import az_region, ipv4_cidr, parse_service_name
from vpcdocs.importers.document import MARKER, Collection, Design, Entry, Summary
from vpcdocs.importers.names import Namer, clean
from vpcdocs.importers.problems import ImportFailed
from vpcdocs.loader import catalogue

# AWS states in which an object no longer carries traffic: skipped and counted.
GONE = {"deleted", "deleting", "failed", "rejected", "expired", "terminated", "shutting-down",
        "detached", "detaching", "disabled", "disabling"}

ROUTE_KINDS = {
    "vgw": "route to a virtual private gateway",
    "eigw": "route to an egress-only internet gateway",
    "eni": "route to a network interface",
    "instance": "route to an instance",
    "cagw": "route to a carrier gateway",
    "lgw": "route to a local gateway",
    "core": "route to a Cloud WAN core network",
    "nat-private": "route to a private NAT gateway",
    "blackhole": "route whose target is gone (blackhole)",
    "ipv6": "IPv6 route",
    "prefix-list": "route to a customer-managed prefix list",
    "other": "route to a target the format has no place for",
}


def comment(obj: e.Obj, extra: str = "") -> str:
    return MARKER + obj.origin + (f" ({extra})" if extra else "")


@dataclass
class Ctx:
    est: e.Estate
    summary: Summary = field(default_factory=Summary)
    namer: Namer = field(default_factory=Namer)
    names: dict[str, str] = field(default_factory=dict)  # estate key -> design name
    vpc_region: dict[str, str] = field(default_factory=dict)  # written VPC key -> Region
    vpc_cidrs: dict[str, list[str]] = field(default_factory=dict)
    subnet_vpc: dict[str, str] = field(default_factory=dict)  # written subnet key -> VPC key
    subnet_az: dict[str, str] = field(default_factory=dict)
    vpc_entries: dict[str, Entry] = field(default_factory=dict)  # VPC key -> its entry
    endpoint_kind: dict[str, str] = field(default_factory=dict)  # written endpoint key -> type
    endpoint_vpc: dict[str, str] = field(default_factory=dict)
    endpoint_service: dict[str, str] = field(default_factory=dict)  # endpoint key -> service name
    workloads_of: dict[str, list[str]] = field(default_factory=dict)  # instance/ASG key -> names
    workload_vpc: dict[str, str] = field(default_factory=dict)  # workload name -> VPC key
    tgw_attached: dict[str, set[str]] = field(default_factory=dict)  # VPC key -> TGW keys
    peerings_written: set[str] = field(default_factory=set)
    es_by_service_name: dict[str, str] = field(default_factory=dict)  # service name -> ES key
    es_written: set[str] = field(default_factory=set)
    es_private_dns: set[str] = field(default_factory=set)
    tables: dict[str, str] | None = None  # subnet key -> explicit route table key
    by_vpc: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # VPC -> kind -> keys
    partial_groups: set[str] = field(default_factory=set)  # SGs written without some rules

    def in_vpc(self, kind: str, vpc: str) -> list[str]:
        """Keys of one kind in one VPC, sorted (indexed once, so each VPC costs its own size)."""
        if kind not in self.by_vpc:
            index: dict[str, list[str]] = {}
            if kind == "subnets":
                pairs = [(k, v) for k, v in self.subnet_vpc.items()]
            elif kind == "route_tables":
                pairs = [(k, self.key(rt.vpc) or "") for k, rt in self.est.route_tables.items()]
            elif kind == "nat_gateways":
                pairs = [(k, self.subnet_vpc.get(self.key(n.subnet) or "", ""))
                         for k, n in self.est.nat_gateways.items()]
            else:  # workloads: by the VPC of their first known subnet
                pairs = []
                for k, wl in self.est.workloads.items():
                    subs = [self.key(x) or "" for x in wl.subnets]
                    vpcs = [self.subnet_vpc[s] for s in subs if s in self.subnet_vpc]
                    if vpcs:
                        pairs.append((k, vpcs[0]))
            for k, v in sorted(pairs):
                index.setdefault(v, []).append(k)
            self.by_vpc[kind] = index
        return self.by_vpc[kind].get(vpc, [])

    def key(self, ref: str | None) -> str | None:
        return self.est.resolve(ref)

    def name(self, key: str | None) -> str | None:
        return self.names.get(key) if key is not None else None

    def give(self, obj: e.Obj, suffix: str, *more: str | None) -> str:
        """Name an object: its Name tag, else `more`, else its label or key; made unique."""
        base = next((c for c in (obj.tag_name, *more, obj.label, obj.key) if c and clean(c)),
                    obj.key)
        name = self.namer.take([base], suffix)
        self.names[obj.key] = name
        return name

    def not_read(self, what: str, n: int = 1) -> None:
        self.summary.not_read[what] += n

    def skip(self, what: str) -> None:
        self.summary.skipped[what] += 1


def build(est: e.Estate, *, title: str | None = None) -> Design:
    """The design of an estate: the root entry, a summary and the suggested flows."""
    ctx = Ctx(est)
    ctx.summary.not_read.update(est.not_read)
    ctx.summary.skipped.update(est.skipped)
    for text in est.notes:
        ctx.summary.note(text)
    reserved = set(catalogue.services())
    for ep in est.endpoints.values():
        ref = parse_service_name(ep.service_name)
        if ref.service:
            reserved.add(ref.service)
    ctx.namer = Namer(reserved)

    _index_endpoint_services(ctx)
    vpcs = _vpcs(ctx)
    from vpcdocs.importers import design_links as links

    root_values: dict[str, object] = {"vpcdocs": 1}
    if title:
        root_values["title"] = title
    root_values["vpcs"] = vpcs
    root_values["peerings"] = links.peerings(ctx, vpcs)
    root_values["transit_gateways"] = links.transit_gateways(ctx)
    root_values["endpoint_services"] = links.endpoint_services(ctx)
    from vpcdocs.importers import design_hybrid as hybrid

    hybrid.name_gateways(ctx)
    links.endpoints(ctx)
    links.vpc_routes(ctx)
    root_values["hosted_zones"] = links.hosted_zones(ctx)
    _count(ctx, root_values)
    hybrid.add(ctx, root_values)
    root = Entry(root_values, owned=frozenset({"vpcdocs"}))
    return Design(root, ctx.summary, _flow_suggestions(ctx))


# --------------------------------------------------------------------------- VPCs


def _index_endpoint_services(ctx: Ctx) -> None:
    for key, svc in ctx.est.endpoint_services.items():
        if svc.service_name:
            ctx.es_by_service_name[svc.service_name] = key
            ref = parse_service_name(svc.service_name)
            if ref.endpoint_service:
                ctx.es_by_service_name.setdefault(ref.endpoint_service, key)
        ctx.es_by_service_name.setdefault(key, key)


def vpc_region(ctx: Ctx, vpc: e.Vpc) -> str | None:
    if vpc.region:
        return vpc.region
    for sub in ctx.est.subnets.values():
        if ctx.key(sub.vpc) == vpc.key and az_region(sub.az):
            return az_region(sub.az)
    return None


def _vpcs(ctx: Ctx) -> Collection:
    est = ctx.est
    problems = []
    order = sorted(est.vpcs)
    for key in order:
        vpc = est.vpcs[key]
        cidrs = [c for c in (ipv4_cidr(x) for x in vpc.cidrs) if c]
        cidrs = list(dict.fromkeys(cidrs))
        region = vpc_region(ctx, vpc)
        if not cidrs:
            ctx.skip("VPC without a known IPv4 CIDR (e.g. from IPAM, unknown until apply)")
            ctx.summary.note(f"VPC {vpc.label or key} has no IPv4 CIDR in the input: left out, "
                             "with what is in it")
            continue
        if region is None:
            problems.append(f"{vpc.origin}: the Region of VPC {vpc.label or key} is not in the "
                            "input")
            continue
        ctx.vpc_region[key] = region
        ctx.vpc_cidrs[key] = cidrs
    if problems:
        from vpcdocs.diagnostics import Location, error

        raise ImportFailed(error(DiagnosticCode.NO_REGION, p, Location(p.split(":", 1)[0]),
                                 "give the Region with --region (or put a snapshot's files in "
                                 "a folder named after it)") for p in problems)
    for key in ctx.vpc_region:
        ctx.give(est.vpcs[key], "vpc")
    _name_vpc_objects(ctx)
    out: Collection = {}
    for key in ctx.vpc_region:
        out[ctx.names[key]] = _vpc(ctx, est.vpcs[key])
    return out


def _name_vpc_objects(ctx: Ctx) -> None:
    est = ctx.est
    for key in sorted(est.subnets):
        sub = est.subnets[key]
        vkey = ctx.key(sub.vpc)
        cidr = ipv4_cidr(sub.cidr)
        if vkey not in ctx.vpc_region:
            continue
        if cidr is None or not sub.az or az_region(sub.az) != ctx.vpc_region[vkey]:
            ctx.skip("subnet without an IPv4 CIDR or Availability Zone name")
            continue
        ctx.subnet_vpc[key] = vkey
        ctx.subnet_az[key] = sub.az
        ctx.give(sub, "subnet")
    for key in sorted(est.route_tables):
        rt = est.route_tables[key]
        vkey = ctx.key(rt.vpc)
        if vkey in ctx.vpc_region:
            main = f"{ctx.names[vkey or '']}-main" if rt.main and not rt.tag_name else None
            ctx.give(rt, "rt", main)
    for key in sorted(est.internet_gateways):
        igw = est.internet_gateways[key]
        if ctx.key(igw.vpc) in ctx.vpc_region:
            ctx.give(igw, "igw")
        elif igw.vpc is None:
            ctx.skip("internet gateway attached to no VPC")
    for key in sorted(est.nat_gateways):
        nat = est.nat_gateways[key]
        if ctx.key(nat.subnet) in ctx.subnet_vpc:
            if nat.public:
                ctx.give(nat, "nat")
            else:
                ctx.not_read("private NAT gateway (the format has public NAT gateways only)")


def _vpc(ctx: Ctx, vpc: e.Vpc) -> Entry:
    key = vpc.key
    cidrs = ctx.vpc_cidrs[key]
    values: dict[str, object] = {"region": ctx.vpc_region[key]}
    owned = {"region", "cidr", "cidrs", "dns_support", "dns_hostnames", "internet_gateway"}
    if vpc.account:
        values["account"] = vpc.account
        owned.add("account")
    if len(cidrs) == 1:
        values["cidr"] = cidrs[0]
    else:
        values["cidrs"] = cidrs
    if vpc.dns_support is False:
        values["dns_support"] = False
    hostnames = vpc.dns_hostnames
    if hostnames is None:
        hostnames = vpc.is_default  # AWS: on for a default VPC, off for any other
        ctx.summary.note("the input does not say whether DNS hostnames are on for some VPCs: "
                         "AWS's default is written (on for a default VPC, off otherwise)")
    if not hostnames:
        values["dns_hostnames"] = False
    igws = sorted(k for k, igw in ctx.est.internet_gateways.items()
                  if ctx.key(igw.vpc) == key and k in ctx.names)
    if igws:
        values["internet_gateway"] = ctx.names[igws[0]]
    entry = Entry(values, comment(vpc), frozenset(owned))
    ctx.vpc_entries[key] = entry
    values["subnets"] = _subnets(ctx, key)
    values["route_tables"] = _route_tables(ctx, vpc)
    values["nat_gateways"] = {
        ctx.names[k]: Entry({"subnet": ctx.names[ctx.key(n.subnet) or ""]}, comment(n),
                            frozenset({"subnet"}), flow=True)
        for k, n in ((k, ctx.est.nat_gateways[k]) for k in ctx.in_vpc("nat_gateways", key))
        if k in ctx.names}
    values["endpoints"] = {}
    values["workloads"] = _workloads(ctx, key)
    return entry


def _explicit_tables(ctx: Ctx) -> dict[str, str]:
    """subnet key -> route table key, from the tables' associations (computed once)."""
    if ctx.tables is not None:
        return ctx.tables
    out: dict[str, str] = {}
    for key in sorted(ctx.est.route_tables):
        if key not in ctx.names:
            continue
        for sub in ctx.est.route_tables[key].subnets:
            out.setdefault(ctx.key(sub) or sub, key)
    ctx.tables = out
    return out


def _subnets(ctx: Ctx, vkey: str) -> Collection:
    tables = _explicit_tables(ctx)
    out: Collection = {}
    for key in ctx.in_vpc("subnets", vkey):
        sub = ctx.est.subnets[key]
        values: dict[str, object] = {"az": sub.az, "cidr": ipv4_cidr(sub.cidr)}
        rt = tables.get(key)
        if rt is not None and ctx.key(ctx.est.route_tables[rt].vpc) == vkey:
            values["route_table"] = ctx.names[rt]
        out[ctx.names[key]] = Entry(values, comment(sub), frozenset({"az", "cidr", "route_table"}),
                                    flow=True)
    return out


def _route_tables(ctx: Ctx, vpc: e.Vpc) -> Collection:
    out: Collection = {}
    mains: list[str] = []
    for key in ctx.in_vpc("route_tables", vpc.key):
        rt = ctx.est.route_tables[key]
        if key not in ctx.names:
            continue
        values: dict[str, object] = {}
        if rt.main and not mains:
            values["main"] = True
            mains.append(key)
        values["routes"] = []  # filled by design_links.vpc_routes once every target is named
        out[ctx.names[key]] = Entry(values, comment(rt), frozenset({"main", "routes"}))
    tables = _explicit_tables(ctx)
    orphans = [k for k in ctx.in_vpc("subnets", vpc.key) if k not in tables]
    if orphans and not mains:
        stub = e.RouteTable(f"{vpc.key}#main", vpc.origin, label=f"{ctx.names[vpc.key]}-main",
                            vpc=vpc.key, main=True)
        name = ctx.give(stub, "rt")
        out[name] = Entry({"main": True, "routes": []},
                          comment(vpc, "stub: the VPC's main route table, not in the input; "
                                       "AWS's default main table has only the local route"),
                          frozenset({"main", "routes"}))
        ctx.summary.stubs.append(f"main route table `{name}` of VPC `{ctx.names[vpc.key]}` "
                                 "(not in the input; written with no routes)")
    return out


def _workloads(ctx: Ctx, vkey: str) -> Collection:
    out: Collection = {}
    for key in ctx.in_vpc("workloads", vkey):
        wl = ctx.est.workloads[key]
        subnets = [s for s in (ctx.key(x) for x in wl.subnets) if s in ctx.subnet_vpc]
        subnets = sorted(dict.fromkeys(s for s in subnets if s is not None),
                         key=lambda s: (ctx.subnet_az[s], ctx.names[s]))
        if not subnets or ctx.subnet_vpc[subnets[0]] != vkey:
            continue
        counts = _spread(max(wl.count, len(subnets) if wl.kind == "asg" else 1), len(subnets))
        names = []
        for sub, count in zip(subnets, counts, strict=True):
            if ctx.subnet_vpc[sub] != vkey or count == 0:
                continue
            more = None
            if len(subnets) > 1:
                base = wl.tag_name or wl.label or wl.key
                more = f"{base}-{ctx.subnet_az[sub][-1]}"
                if more in ctx.namer.taken:
                    more = f"{base}-{ctx.names[sub]}"
            stand_in = e.Workload(f"{key}@{sub}", wl.origin, tag_name=more or wl.tag_name,
                                  label=wl.label)
            name = ctx.give(stand_in, "wl")
            names.append(name)
            ctx.workload_vpc[name] = vkey
            values: dict[str, object] = {"subnet": ctx.names[sub]}
            if count > 1:
                values["count"] = count
            if wl.public_ip:
                values["public_ip"] = True
            extra = "auto scaling group" if wl.kind == "asg" else ""
            out[name] = Entry(values, comment(wl, extra),
                              frozenset({"subnet", "count", "public_ip"}), flow=True)
        ctx.workloads_of[key] = names
    return out


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(max(total, 1), parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def in_vpc(cidr: str, cidrs: list[str]) -> bool:
    net = ipaddress.ip_network(cidr)
    return any(net == ipaddress.ip_network(c) for c in cidrs)


def _count(ctx: Ctx, root: dict[str, object]) -> None:
    s = ctx.summary.imported
    vpcs = root["vpcs"]
    assert isinstance(vpcs, dict)
    s["VPCs"] = len(vpcs)
    for entry in vpcs.values():
        for key, label in (("subnets", "subnets"), ("route_tables", "route tables"),
                           ("nat_gateways", "NAT gateways"), ("endpoints", "endpoints"),
                           ("workloads", "workloads")):
            s[label] += len(entry.values.get(key, {}))
        if "internet_gateway" in entry.values:
            s["internet gateways"] += 1
    for key, label in (("peerings", "peerings"), ("transit_gateways", "transit gateways"),
                       ("endpoint_services", "endpoint services"),
                       ("hosted_zones", "hosted zones")):
        coll = root.get(key)
        assert isinstance(coll, dict)
        s[label] = len(coll)
        if key == "transit_gateways":
            for tgw in coll.values():
                s["TGW attachments"] += len(tgw.values.get("attachments", {}))
                s["TGW route tables"] += len(tgw.values.get("route_tables", {}))


def _flow_suggestions(ctx: Ctx) -> list[str]:
    services: dict[str, set[str]] = {}
    for ep, svc in ctx.endpoint_service.items():
        if ctx.endpoint_kind.get(ep) != "gateway-load-balancer":
            services.setdefault(ctx.endpoint_vpc.get(ep, ""), set()).add(svc)
    out = []
    for wl, vkey in sorted(ctx.workload_vpc.items()):
        for svc in sorted(services.get(vkey, ())):
            out.append(f"{wl}-to-{svc}: {{from: {wl}, to: {svc}, gb_per_month: 0}}")
    return out
