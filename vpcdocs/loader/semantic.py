"""Rules across objects (topology-format.md): references, CIDRs, AZs, endpoints, peerings, TGWs.

Runs on a schema-valid document. Each rule adds located diagnostics; all run, so a user sees every
problem at once. AWS rules encoded here cite their source in aws-networking-facts.md (section).
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Iterable
from ipaddress import IPv4Network

from vpcdocs.data import read_data
from vpcdocs.diagnostics import Diagnostic, Location, error, warning
from vpcdocs.loader import catalogue
from vpcdocs.loader import schema as s
from vpcdocs.loader.names import Entry, Namespace, label, labels
from vpcdocs.loader.yamlsrc import Path, Positions

ROUTE_TARGETS = frozenset({"nat-gateway", "internet-gateway", "peering", "transit-gateway",
                           "gwlb-endpoint"})


def net(cidr: str) -> IPv4Network:
    return ipaddress.IPv4Network(cidr)


def price_keys() -> frozenset[str]:
    """The keys of the bundled price table that `pricing.regions.<region>` may override."""
    try:
        keys = read_data("prices.yaml").get("keys", {})
    except FileNotFoundError:
        return frozenset()
    return frozenset(keys)


class Checker:
    def __init__(self, topo: s.Topology, pos: Positions, names: Namespace) -> None:
        self.t = topo
        self.pos = pos
        self.names = names
        self.diags: list[Diagnostic] = []

    # --- helpers -----------------------------------------------------------------------------

    def err(self, code: str, message: str, where: Location, hint: str | None = None) -> None:
        self.diags.append(error(code, message, where, hint))

    def warn(self, code: str, message: str, where: Location, hint: str | None = None) -> None:
        self.diags.append(warning(code, message, where, hint))

    def ref(self, name: str, path: Path, kinds: frozenset[str] | set[str], *,
            vpc: str | None = None, extra: tuple[str, ...] = ()) -> Entry | None:
        """Resolve a reference at `path` to an object of one of `kinds` (in `vpc` if given)."""
        where = self.pos.value(path)
        entry = self.names.entries.get(name)
        if entry is None:
            self.err("UNKNOWN_REFERENCE", f"no {labels(kinds)} named `{name}`", where,
                     self.names.suggest(name, kinds, extra))
            return None
        if entry.kind not in kinds:
            self.err("WRONG_KIND",
                     f"`{name}` is a {label(entry.kind)}, but a {labels(kinds)} is needed here",
                     where, self.names.suggest(name, kinds, extra))
            return None
        if vpc is not None and entry.vpc is not None and entry.vpc != vpc:
            self.err("OTHER_VPC",
                     f"{label(entry.kind)} `{name}` is in VPC `{entry.vpc}`, not in `{vpc}`", where)
            return None
        return entry

    # --- rules --------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        for vname, vpc in self.t.vpcs.items():
            self.check_vpc(vname, vpc)
        self.check_peerings()
        self.check_transit_gateways()
        self.check_endpoint_services()
        self.check_hosted_zones()
        self.check_flows()
        self.check_pricing()
        return self.diags

    def check_vpc(self, vname: str, vpc: s.Vpc) -> None:
        vp: Path = ("vpcs", vname)
        cidrs = vpc.all_cidrs()
        nets = [net(c) for c in cidrs]
        cidr_paths: list[Path] = ([(*vp, "cidr")] if vpc.cidr is not None
                                  else [(*vp, "cidrs", i) for i in range(len(cidrs))])
        for n, p in zip(nets, cidr_paths, strict=True):
            # VPC and subnet blocks are /16 to /28: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
            if not 16 <= n.prefixlen <= 28:
                self.err("CIDR_SIZE", f"VPC block {n} must be between /16 and /28", self.pos.value(p))
        for i, a in enumerate(nets):
            for j in range(i):
                if a.overlaps(nets[j]):
                    self.err("VPC_CIDR_OVERLAP", f"VPC block {a} overlaps {nets[j]} of the same VPC",
                             self.pos.value(cidr_paths[i]))
        # subnets
        seen: list[tuple[IPv4Network, str]] = []
        main_tables = [r for r, rt in vpc.route_tables.items() if rt.main]
        for sname, sub in vpc.subnets.items():
            sp: Path = (*vp, "subnets", sname)
            if not re.fullmatch(re.escape(vpc.region) + r"[a-z]", sub.az):
                self.err("AZ_REGION",
                         f"Availability Zone `{sub.az}` is not in the VPC's Region {vpc.region}",
                         self.pos.value((*sp, "az")),
                         f"use {vpc.region}a, {vpc.region}b, ...")
            sn = net(sub.cidr)
            if not any(sn.subnet_of(n) for n in nets):
                self.err("CIDR_OUTSIDE_VPC",
                         f"subnet {sn} is not inside the VPC's CIDR ({', '.join(cidrs)})",
                         self.pos.value((*sp, "cidr")))
            elif not 16 <= sn.prefixlen <= 28:
                self.err("CIDR_SIZE", f"subnet block {sn} must be between /16 and /28",
                         self.pos.value((*sp, "cidr")))
            for other, oname in seen:
                if sn.overlaps(other):
                    self.err("SUBNET_OVERLAP",
                             f"subnet `{sname}` ({sn}) overlaps subnet `{oname}` ({other})",
                             self.pos.value((*sp, "cidr")))
            seen.append((sn, sname))
            if sub.route_table is not None:
                self.ref(sub.route_table, (*sp, "route_table"), {"route-table"}, vpc=vname)
            elif not main_tables:
                self.err("NO_MAIN_ROUTE_TABLE",
                         f"subnet `{sname}` has no `route_table` and VPC `{vname}` has no main "
                         "route table", self.pos.key(sp),
                         "set `route_table:` on the subnet or `main: true` on one route table")
        for extra in main_tables[1:]:
            self.err("MAIN_ROUTE_TABLE",
                     f"VPC `{vname}` has more than one main route table (`{main_tables[0]}` and "
                     f"`{extra}`)", self.pos.key((*vp, "route_tables", extra, "main")))
        for rname, rt in vpc.route_tables.items():
            self.check_route_table(vname, vpc, rname, rt, nets)
        for nname, nat in vpc.nat_gateways.items():
            self.ref(nat.subnet, (*vp, "nat_gateways", nname, "subnet"), {"subnet"}, vpc=vname)
        for wname, wl in vpc.workloads.items():
            self.ref(wl.subnet, (*vp, "workloads", wname, "subnet"), {"subnet"}, vpc=vname)
        for ename, ep in vpc.endpoints.items():
            self.check_endpoint(vname, vpc, ename, ep)

    def check_route_table(self, vname: str, vpc: s.Vpc, rname: str, rt: s.RouteTable,
                          nets: list[IPv4Network]) -> None:
        rp: Path = ("vpcs", vname, "route_tables", rname)
        seen: dict[IPv4Network, int] = {}
        for i, route in enumerate(rt.routes):
            p: Path = (*rp, "routes", i)
            to = net(route.to)
            if to in nets:
                self.err("LOCAL_ROUTE", f"route to {to} is the VPC's own `local` route, which is "
                         "implicit", self.pos.value((*p, "to")), "remove this route")
            if to in seen:
                self.err("DUPLICATE_ROUTE", f"route table `{rname}` already has a route to {to} "
                         f"(route {seen[to] + 1})", self.pos.value((*p, "to")))
            seen.setdefault(to, i)
            entry = self.ref(route.via, (*p, "via"), ROUTE_TARGETS)
            if entry is None:
                continue
            where = self.pos.value((*p, "via"))
            if entry.kind in ("nat-gateway", "gwlb-endpoint") and entry.vpc != vname:
                self.err("OTHER_VPC", f"{label(entry.kind)} `{route.via}` is in VPC "
                         f"`{entry.vpc}`, not in `{vname}`", where,
                         "a route can only target resources of its own VPC")
            elif entry.kind == "internet-gateway" and entry.vpc != vname:
                self.err("OTHER_VPC", f"internet gateway `{route.via}` belongs to VPC "
                         f"`{entry.vpc}`, not to `{vname}`", where)
            elif entry.kind == "peering":
                peering = self.t.peerings[route.via]
                if vname not in (peering.requester, peering.accepter):
                    self.err("PEERING_NOT_OURS", f"peering `{route.via}` connects "
                             f"`{peering.requester}` and `{peering.accepter}`, not `{vname}`", where)
            elif entry.kind == "transit-gateway":
                tgw = self.t.transit_gateways[route.via]
                if not any(a.vpc == vname for a in tgw.attachments.values()):
                    self.err("TGW_NOT_ATTACHED", f"VPC `{vname}` routes to transit gateway "
                             f"`{route.via}` but is not attached to it", where,
                             f"add an attachment `vpc: {vname}` to transit gateway `{route.via}`")

    def check_endpoint(self, vname: str, vpc: s.Vpc, ename: str, ep: s.Endpoint) -> None:
        ep_path: Path = ("vpcs", vname, "endpoints", ename)
        where = self.pos.key(ep_path)
        aws = catalogue.service(ep.service)
        svc_entry = self.names.entries.get(ep.service)
        is_es = svc_entry is not None and svc_entry.kind == "endpoint-service"

        def forbid(*keys: str) -> None:
            for key in keys:
                if getattr(ep, key) is not None:
                    self.err("ENDPOINT_KEY", f"`{key}` does not apply to a {ep.type} endpoint",
                             self.pos.key((*ep_path, key)))

        if aws is None and not is_es:
            known = tuple(catalogue.services())
            close = difflib.get_close_matches(ep.service, known + tuple(
                self.names.of_kind({"endpoint-service"})), n=1, cutoff=0.6)
            self.err("UNKNOWN_SERVICE", f"`{ep.service}` is neither an AWS service in the "
                     "catalogue nor an endpoint service of this file",
                     self.pos.value((*ep_path, "service")),
                     f"did you mean `{close[0]}`?" if close else "see `vpcdocs schema` and the "
                     "service catalogue for names")
            return
        if ep.type == "gateway":
            forbid("subnets", "private_dns", "private_dns_inbound_only", "allow_from",
                   "service_region", "principal", "accepted")
            if aws is None or not aws.gateway:
                self.err("ENDPOINT_TYPE", f"`{ep.service}` has no gateway endpoint; only "
                         f"{' and '.join(catalogue.gateway_services())} do",
                         self.pos.value((*ep_path, "type")),
                         "use `type: interface`" if aws is not None and aws.interface else None)
            if ep.route_tables is None:
                self.err("MISSING_KEY", f"gateway endpoint `{ename}` needs `route_tables`", where)
            for i, rt in enumerate(ep.route_tables or ()):
                self.ref(rt, (*ep_path, "route_tables", i), {"route-table"}, vpc=vname)
            return
        forbid("route_tables")
        if not ep.subnets:
            self.err("MISSING_KEY", f"{ep.type} endpoint `{ename}` needs `subnets`", where)
        azs: dict[str, str] = {}
        for i, sname in enumerate(ep.subnets or ()):
            entry = self.ref(sname, (*ep_path, "subnets", i), {"subnet"}, vpc=vname)
            if entry is None:
                continue
            az = vpc.subnets[sname].az
            if az in azs:
                self.err("ENDPOINT_AZ", f"subnets `{azs[az]}` and `{sname}` are both in {az}; an "
                         "endpoint has at most one subnet per Availability Zone",
                         self.pos.value((*ep_path, "subnets", i)))
            azs.setdefault(az, sname)
        if ep.type == "gateway-load-balancer":
            forbid("private_dns", "private_dns_inbound_only", "allow_from")
            if len(ep.subnets or ()) > 1:
                self.err("ENDPOINT_AZ", "a gateway-load-balancer endpoint is in exactly one subnet",
                         self.pos.key((*ep_path, "subnets")), "create one endpoint per AZ")
            if not is_es:
                self.err("ENDPOINT_TYPE", f"a gateway-load-balancer endpoint needs an endpoint "
                         f"service behind a Gateway Load Balancer; `{ep.service}` is an AWS service",
                         self.pos.value((*ep_path, "service")))
            elif self.t.endpoint_services[ep.service].load_balancer.type != "gateway":
                self.err("ENDPOINT_TYPE", f"endpoint service `{ep.service}` is behind a Network "
                         "Load Balancer; use `type: interface`", self.pos.value((*ep_path, "type")))
        else:
            if aws is not None and not aws.interface:
                self.err("ENDPOINT_TYPE", f"`{ep.service}` has no interface endpoint",
                         self.pos.value((*ep_path, "type")))
            if is_es and self.t.endpoint_services[ep.service].load_balancer.type != "network":
                self.err("ENDPOINT_TYPE", f"endpoint service `{ep.service}` is behind a Gateway "
                         "Load Balancer; use `type: gateway-load-balancer`",
                         self.pos.value((*ep_path, "type")))
        # regions
        if aws is not None:
            if ep.service_region is not None and ep.service_region != vpc.region \
                    and not aws.cross_region:
                self.err("CROSS_REGION_SERVICE", f"`{ep.service}` does not support cross-region "
                         "interface endpoints; those that do: "
                         f"{', '.join(catalogue.cross_region_services())}",
                         self.pos.value((*ep_path, "service_region")),
                         f"create the endpoint in a VPC in {ep.service_region} and reach it over "
                         "peering or a transit gateway")
            forbid("principal", "accepted")
        else:
            svc = self.t.endpoint_services[ep.service]
            svc_vpc = self.t.vpcs.get(svc.vpc)
            if svc_vpc is not None:
                if svc_vpc.region != vpc.region and ep.service_region is None:
                    self.err("SERVICE_REGION", f"endpoint service `{ep.service}` is in "
                             f"{svc_vpc.region}; an endpoint in {vpc.region} must set "
                             f"`service_region: {svc_vpc.region}`", where)
                elif ep.service_region is not None and ep.service_region != svc_vpc.region:
                    self.err("SERVICE_REGION", f"endpoint service `{ep.service}` is in "
                             f"{svc_vpc.region}, not {ep.service_region}",
                             self.pos.value((*ep_path, "service_region")))
            if ep.type == "interface" and ep.private_dns and svc.private_dns_name is None:
                self.err("PRIVATE_DNS", f"endpoint service `{ep.service}` has no "
                         "`private_dns_name`, so private DNS cannot be enabled",
                         self.pos.value((*ep_path, "private_dns")))
        # private DNS only-for-inbound (S3): https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns
        if ep.private_dns_inbound_only is not None and ep.service not in ("s3", "dynamodb"):
            self.err("ENDPOINT_KEY", "`private_dns_inbound_only` applies only to S3 and "
                     "DynamoDB interface endpoints",
                     self.pos.key((*ep_path, "private_dns_inbound_only")))
        private_dns = ep.private_dns if ep.private_dns is not None else aws is not None
        inbound_default = ep.service == "s3"
        inbound_only = (ep.private_dns_inbound_only if ep.private_dns_inbound_only is not None
                        else inbound_default)
        if ep.type == "interface" and aws is not None and private_dns and inbound_only \
                and ep.service in ("s3", "dynamodb"):
            has_gw = any(o.type == "gateway" and o.service == ep.service
                         for o in vpc.endpoints.values())
            if not has_gw:
                self.err("INBOUND_ONLY_NEEDS_GATEWAY",
                         f"{ep.service} interface endpoint `{ename}` keeps private DNS for inbound "
                         f"resolvers only, which AWS refuses without a {ep.service} gateway "
                         "endpoint in the same VPC", where,
                         "add a gateway endpoint, or set `private_dns_inbound_only: false`")
        if ep.private_dns and not (vpc.dns_support and vpc.dns_hostnames):
            self.warn("PRIVATE_DNS_OFF", f"private DNS of `{ename}` needs `dns_support` and "
                      f"`dns_hostnames` on in VPC `{vname}`; it will not resolve",
                      self.pos.value((*ep_path, "private_dns")))

    def check_peerings(self) -> None:
        pairs: dict[frozenset[str], str] = {}
        for pname, pe in self.t.peerings.items():
            pp: Path = ("peerings", pname)
            a = self.ref(pe.requester, (*pp, "requester"), {"vpc"})
            b = self.ref(pe.accepter, (*pp, "accepter"), {"vpc"})
            if a is None or b is None:
                continue
            if pe.requester == pe.accepter:
                self.err("PEERING_SELF", "a VPC cannot peer with itself", self.pos.key(pp))
                continue
            pair = frozenset((pe.requester, pe.accepter))
            if pair in pairs:
                self.err("DUPLICATE_PEERING", f"VPCs `{pe.requester}` and `{pe.accepter}` are "
                         f"already peered by `{pairs[pair]}`; only one peering per pair",
                         self.pos.key(pp))
            pairs.setdefault(pair, pname)
            # No overlapping CIDRs across a peering (facts §4.1)
            for x in self.t.vpcs[pe.requester].all_cidrs():
                for y in self.t.vpcs[pe.accepter].all_cidrs():
                    if net(x).overlaps(net(y)):
                        self.err("PEERING_OVERLAP", f"peered VPCs overlap: `{pe.requester}` {x} "
                                 f"and `{pe.accepter}` {y}", self.pos.key(pp),
                                 "AWS refuses a peering between overlapping VPCs")

    def check_transit_gateways(self) -> None:
        for tname, tgw in self.t.transit_gateways.items():
            tp: Path = ("transit_gateways", tname)
            attached: list[tuple[str, str]] = []
            for aname, att in tgw.attachments.items():
                ap: Path = (*tp, "attachments", aname)
                if att.route_table is not None:
                    rt = self.ref(att.route_table, (*ap, "route_table"), {"tgw-route-table"})
                    if rt is not None and rt.owner != tname:
                        self.err("OTHER_TGW", f"route table `{att.route_table}` belongs to "
                                 f"transit gateway `{rt.owner}`", self.pos.value((*ap, "route_table")))
                if att.vpc is not None:
                    if self.ref(att.vpc, (*ap, "vpc"), {"vpc"}) is None:
                        continue
                    vpc = self.t.vpcs[att.vpc]
                    if vpc.region != tgw.region:
                        self.err("TGW_REGION", f"VPC `{att.vpc}` is in {vpc.region}; transit "
                                 f"gateway `{tname}` is in {tgw.region}", self.pos.value((*ap, "vpc")),
                                 "a transit gateway attaches VPCs of its own Region; peer TGWs "
                                 "across Regions")
                    attached.append((att.vpc, aname))
                    azs: dict[str, str] = {}
                    for i, sname in enumerate(att.subnets or ()):
                        if self.ref(sname, (*ap, "subnets", i), {"subnet"}, vpc=att.vpc) is None:
                            continue
                        az = vpc.subnets[sname].az
                        if az in azs:
                            self.err("TGW_ATTACHMENT_AZ", f"subnets `{azs[az]}` and `{sname}` are "
                                     f"both in {az}; a VPC attachment has one subnet per AZ",
                                     self.pos.value((*ap, "subnets", i)))
                        azs.setdefault(az, sname)
                elif att.peer is not None:
                    peer = self.ref(att.peer, (*ap, "peer"), {"transit-gateway"})
                    if peer is None:
                        continue
                    if att.peer == tname:
                        self.err("TGW_PEER_SELF", "a transit gateway cannot peer with itself",
                                 self.pos.value((*ap, "peer")))
                        continue
                    other = [o for o in self.t.transit_gateways[att.peer].attachments.values()
                             if o.peer == tname]
                    if not other:
                        self.err("TGW_PEER_ONE_SIDED", f"transit gateway `{att.peer}` has no "
                                 f"peering attachment back to `{tname}`", self.pos.key(ap),
                                 f"declare `peer: {tname}` on `{att.peer}` too")
                    elif other[0].status != att.status:
                        self.err("TGW_PEER_STATUS", f"the two sides of the peering between "
                                 f"`{tname}` and `{att.peer}` disagree on `status`",
                                 self.pos.key(ap))
            seen_vpc: dict[str, str] = {}
            for vname, aname in attached:
                if vname in seen_vpc:
                    self.err("TGW_DUPLICATE_ATTACHMENT", f"VPC `{vname}` is attached twice "
                             f"(`{seen_vpc[vname]}` and `{aname}`)",
                             self.pos.key((*tp, "attachments", aname)))
                seen_vpc.setdefault(vname, aname)
            for i, (va, aa) in enumerate(attached):
                for vb, _ab in attached[:i]:
                    for x in self.t.vpcs[va].all_cidrs():
                        for y in self.t.vpcs[vb].all_cidrs():
                            if va != vb and net(x).overlaps(net(y)):
                                self.warn("TGW_OVERLAP", f"VPCs `{va}` ({x}) and `{vb}` ({y}) on "
                                          f"transit gateway `{tname}` overlap; the TGW cannot route "
                                          "between them", self.pos.key((*tp, "attachments", aa)))
            for rname, trt in tgw.route_tables.items():
                rp: Path = (*tp, "route_tables", rname)
                for i, prop in enumerate(trt.propagations):
                    e = self.ref(prop, (*rp, "propagations", i), {"tgw-attachment"})
                    if e is None:
                        continue
                    if e.owner != tname:
                        self.err("OTHER_TGW", f"attachment `{prop}` belongs to transit gateway "
                                 f"`{e.owner}`", self.pos.value((*rp, "propagations", i)))
                    elif tgw.attachments[prop].peer is not None:
                        self.err("PROPAGATE_PEERING", f"`{prop}` is a peering attachment; routes "
                                 "do not propagate across a TGW peering", self.pos.value(
                                     (*rp, "propagations", i)), "add a static route via it")
                seen: dict[IPv4Network, int] = {}
                for i, route in enumerate(trt.routes):
                    p: Path = (*rp, "routes", i)
                    to = net(route.to)
                    if to in seen:
                        self.err("DUPLICATE_ROUTE", f"route table `{rname}` already has a static "
                                 f"route to {to}", self.pos.value((*p, "to")))
                    seen.setdefault(to, i)
                    if route.via is not None and route.blackhole:
                        self.err("TGW_ROUTE", "a route has either `via` or `blackhole: true`, "
                                 "not both", self.pos.value((*p, "blackhole")))
                    elif route.via is None and not route.blackhole:
                        self.err("TGW_ROUTE", "a route needs `via` (an attachment) or "
                                 "`blackhole: true`", self.pos.value(p))
                    elif route.via is not None:
                        e = self.ref(route.via, (*p, "via"), {"tgw-attachment"})
                        if e is not None and e.owner != tname:
                            self.err("OTHER_TGW", f"attachment `{route.via}` belongs to transit "
                                     f"gateway `{e.owner}`", self.pos.value((*p, "via")))

    def check_endpoint_services(self) -> None:
        for ename, svc in self.t.endpoint_services.items():
            sp: Path = ("endpoint_services", ename)
            if self.ref(svc.vpc, (*sp, "vpc"), {"vpc"}) is None:
                continue
            lb = svc.load_balancer
            lp: Path = (*sp, "load_balancer")
            for i, sname in enumerate(lb.subnets):
                self.ref(sname, (*lp, "subnets", i), {"subnet"}, vpc=svc.vpc)
            for i, target in enumerate(lb.targets):
                self.ref(target, (*lp, "targets", i), {"workload"})
            if svc.private_dns_name is not None and lb.type == "gateway":
                self.err("PRIVATE_DNS", "an endpoint service behind a Gateway Load Balancer "
                         "cannot have a private DNS name",
                         self.pos.value((*sp, "private_dns_name")))
            if "*" in svc.allowed_principals and not svc.acceptance_required:
                self.warn("OPEN_SERVICE", f"endpoint service `{ename}` allows every AWS account "
                          "(`*`) and accepts connections automatically", self.pos.key(sp),
                          "AWS warns this makes the load balancer reachable from any account")

    def check_hosted_zones(self) -> None:
        for zname, zone in self.t.hosted_zones.items():
            zp: Path = ("hosted_zones", zname)
            self.ref(zone.alias_to, (*zp, "alias_to"), {"interface-endpoint"})
            for i, vname in enumerate(zone.vpcs):
                v = self.ref(vname, (*zp, "vpcs", i), {"vpc"})
                if v is not None:
                    vpc = self.t.vpcs[vname]
                    if not (vpc.dns_support and vpc.dns_hostnames):
                        self.warn("PRIVATE_DNS_OFF", f"VPC `{vname}` has `dns_support` or "
                                  "`dns_hostnames` off, so this private hosted zone does not "
                                  "resolve there", self.pos.value((*zp, "vpcs", i)))

    def check_flows(self) -> None:
        services = tuple(catalogue.services())
        for fname, flow in (self.t.flows or {}).items():
            fp: Path = ("flows", fname)
            self.ref(flow.source, (*fp, "from"), {"workload"})
            target = self.names.entries.get(flow.to)
            to_aws = catalogue.service(flow.to) is not None
            if target is not None and target.kind in ("workload", "endpoint-service"):
                if flow.region is not None:
                    self.err("FLOW_REGION", f"`region` is only for flows to AWS services; "
                             f"`{flow.to}` is a {label(target.kind)}",
                             self.pos.key((*fp, "region")))
            elif not to_aws:
                kinds = {"workload", "endpoint-service"}
                if target is not None:
                    self.err("WRONG_KIND", f"`{flow.to}` is a {label(target.kind)}; a flow goes "
                             "to a workload, an endpoint service or an AWS service",
                             self.pos.value((*fp, "to")))
                else:
                    self.err("UNKNOWN_REFERENCE", f"no workload, endpoint service or AWS service "
                             f"named `{flow.to}`", self.pos.value((*fp, "to")),
                             self.names.suggest(flow.to, kinds, services))
            if flow.via_endpoint is not None:
                e = self.ref(flow.via_endpoint, (*fp, "via_endpoint"), {"interface-endpoint"})
                if e is not None and e.vpc is not None:
                    ep = self.t.vpcs[e.vpc].endpoints[flow.via_endpoint]
                    if ep.service != flow.to:
                        self.err("VIA_ENDPOINT_SERVICE", f"endpoint `{flow.via_endpoint}` reaches "
                                 f"`{ep.service}`, not `{flow.to}`",
                                 self.pos.value((*fp, "via_endpoint")))

    def check_pricing(self) -> None:
        if self.t.pricing is None:
            return
        keys = price_keys()
        if not keys:
            return
        for region, values in self.t.pricing.regions.items():
            for key in values:
                if key not in keys:
                    close = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.6)
                    self.err("UNKNOWN_PRICE_KEY", f"`{key}` is not a key of the price table",
                             self.pos.key(("pricing", "regions", region, key)),
                             f"did you mean `{close[0]}`?" if close else
                             f"keys: {', '.join(sorted(keys))}")


def check(topo: s.Topology, pos: Positions) -> tuple[Namespace, list[Diagnostic]]:
    names = Namespace(topo, pos)
    diags = list(names.diagnostics)
    diags.extend(Checker(topo, pos, names).run())
    return names, diags


def overlapping(a: Iterable[str], b: Iterable[str]) -> bool:
    return any(net(x).overlaps(net(y)) for x in a for y in b)
