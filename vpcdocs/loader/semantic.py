"""Rules across objects (topology-format.md): references, CIDRs, AZs, endpoints, peerings, TGWs.

Runs on a schema-valid document (possibly with objects set aside after schema errors, see
`partial.py`). Each rule adds located diagnostics; all run, so a user sees every problem at once.
AWS rules that the contract does not spell out cite their source (aws-networking-facts.md section
or the AWS page). Every check is linear or n log n in the size of the file, so a large or hostile
file is still checked quickly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from ipaddress import IPv4Network
from typing import TypeVar

from vpcdocs.codes import DiagnosticCode
from vpcdocs.data import read_data
from vpcdocs.diagnostics import Diagnostic, Location, error, warning
from vpcdocs.loader import catalogue, defaults
from vpcdocs.loader import schema as s
from vpcdocs.loader.names import Entry, Namespace, article, label, labels
from vpcdocs.loader.partial import Damage
from vpcdocs.loader.semantic_hybrid import HybridRules
from vpcdocs.loader.suggest import Suggester
from vpcdocs.loader.yamlsrc import Path, Positions

ROUTE_TARGETS = frozenset({"nat-gateway", "internet-gateway", "peering", "transit-gateway",
                           "gwlb-endpoint"})
WORKLOAD_KINDS = frozenset({"workload", "on-premises-workload"})
T = TypeVar("T")


def net(cidr: str) -> IPv4Network:
    return s.network(cidr)


@cache
def price_keys() -> frozenset[str]:
    """The keys of the bundled price table that `pricing.regions.<region>` may override."""
    try:
        keys = read_data("prices.yaml").get("keys", {})
    except FileNotFoundError:
        return frozenset()
    return frozenset(keys)


@cache
def service_domains() -> dict[str, tuple[str, str]]:
    """Regional service DNS name -> (catalogue service, Region), for hosted-zone checks."""
    out: dict[str, tuple[str, str]] = {}
    for name, svc in catalogue.services().items():
        for region in catalogue.regions():
            out.setdefault(svc.dns_name(region).lower(), (name, region))
    return out


def overlapping_pairs(blocks: Sequence[tuple[IPv4Network, T]]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of overlapping blocks, in n log n.

    CIDR blocks either nest or are disjoint. Sorted by start address (larger block first), each
    block that overlaps an earlier one is paired with the earlier block reaching furthest; every
    block that overlaps another appears in at least one pair.
    """
    order = sorted(range(len(blocks)), key=lambda i: (
        int(blocks[i][0].network_address), blocks[i][0].prefixlen, i))
    pairs: list[tuple[int, int]] = []
    cover = -1
    cover_end = -1
    for i in order:
        block = blocks[i][0]
        if cover >= 0 and int(block.network_address) <= cover_end:
            pairs.append((cover, i))
        end = int(block.broadcast_address)
        if end > cover_end:
            cover, cover_end = i, end
    return pairs


class Checker:
    def __init__(self, topo: s.Topology, pos: Positions, names: Namespace,
                 damage: Damage | None = None) -> None:
        self.t = topo
        self.pos = pos
        self.names = names
        self.damage = damage or Damage()
        self.diags: list[Diagnostic] = []
        self._service_names: tuple[str, ...] | None = None
        self._assumed: set[str] | None = None
        # what a route's `via` and a flow's `from` may name: the kinds this file can have (a
        # file without virtual private gateways or on-premises networks is told of neither)
        hybrid_vpc = any(v.vpn_gateway is not None for v in topo.vpcs.values())
        self.route_targets = ROUTE_TARGETS | ({"vpn-gateway"} if hybrid_vpc else set())
        self.workload_kinds = WORKLOAD_KINDS if topo.on_premises else frozenset({"workload"})

    # --- helpers -----------------------------------------------------------------------------

    def err(self, code: DiagnosticCode, message: str, where: Location, hint: str | None = None) -> None:
        self.diags.append(error(code, message, where, hint))

    def warn(self, code: DiagnosticCode, message: str, where: Location, hint: str | None = None) -> None:
        self.diags.append(warning(code, message, where, hint))

    def line(self, path: Path) -> int:
        return self.pos.key(path).line

    def ref(self, name: str, path: Path, kinds: frozenset[str] | set[str], *,
            vpc: str | None = None, extra: tuple[str, ...] = ()) -> Entry | None:
        """Resolve a reference at `path` to an object of one of `kinds` (in `vpc` if given)."""
        entry = self.names.entries.get(name)
        # a name defined twice (reported as DUPLICATE_NAME): take the definition that fits
        defs = self.names.definitions.get(name, [])
        if len(defs) > 1:
            fitting = [d for d in defs if d.kind in kinds
                       and (vpc is None or d.vpc is None or d.vpc == vpc)]
            entry = fitting[0] if fitting else entry
        if entry is not None and entry.kind in kinds and (
                vpc is None or entry.vpc is None or entry.vpc == vpc):
            return entry  # most references: no place needed
        where = self.pos.value(path)
        if entry is None:
            if name not in self.damage.names:
                self.err(DiagnosticCode.UNKNOWN_REFERENCE, f"no {labels(kinds)} named `{name}`", where,
                         self.names.suggest(name, kinds, extra))
            return None
        if entry.kind not in kinds:
            self.err(DiagnosticCode.WRONG_KIND,
                     f"`{name}` is {article(label(entry.kind))} (line "
                     f"{self.names.location(entry).line}), but {article(labels(kinds))} is "
                     "needed here",
                     where, self.names.suggest(name, kinds, extra))
            return None
        if vpc is not None and entry.vpc is not None and entry.vpc != vpc:
            self.err(DiagnosticCode.OTHER_VPC,
                     f"{label(entry.kind)} `{name}` is in VPC `{entry.vpc}`, not in `{vpc}`", where,
                     f"use a {label(entry.kind)} of VPC `{vpc}`")
            return None
        return entry

    def assumed_services(self) -> set[str]:
        """Service names that endpoints of this file use and the catalogue does not list (each
        warned about at its endpoint); flows may go to them."""
        if self._assumed is None:  # once: every flow to an unknown service asks
            self._assumed = {ep.service for vpc in self.t.vpcs.values() for ep in vpc.endpoints.values()
                             if catalogue.service(ep.service) is None
                             and ep.service not in self.names.entries}
        return self._assumed

    def service_names(self) -> tuple[str, ...]:
        """AWS services and this file's endpoint services (one tuple, for the suggester)."""
        if self._service_names is None:
            self._service_names = (*catalogue.services(), *self.names.of_kind({"endpoint-service"}))
        return self._service_names

    def unique_items(self, items: Sequence[object], path: Path) -> None:
        """A list that names things (subnets, route tables, VPCs, ...) names each one once."""
        first: dict[object, int] = {}
        for i, item in enumerate(items):
            if item in first:
                self.err(DiagnosticCode.DUPLICATE_ITEM, f"`{item}` is listed twice in `{path[-1]}` (first at "
                         f"line {self.pos.value((*path, first[item])).line})",
                         self.pos.value((*path, i)), "remove the second one")
            else:
                first[item] = i

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
        HybridRules(self).run()
        return self.diags

    def check_vpc(self, vname: str, vpc: s.Vpc) -> None:
        vp: Path = ("vpcs", vname)
        cidrs = vpc.all_cidrs()
        nets = [net(c) for c in cidrs]
        cidr_paths: list[Path] = ([(*vp, "cidr")] if vpc.cidr is not None
                                  else [(*vp, "cidrs", i) for i in range(len(cidrs))])
        for n, p in zip(nets, cidr_paths, strict=True):
            # VPC blocks are /16 to /28: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
            if not 16 <= n.prefixlen <= 28:
                self.err(DiagnosticCode.CIDR_SIZE,
                         f"VPC block {n} is a /{n.prefixlen}; AWS allows /16 to /28",
                         self.pos.value(p), "use several blocks in `cidrs` for more addresses")
        for i, j in overlapping_pairs([(n, None) for n in nets]):
            later, earlier = max(i, j), min(i, j)
            self.err(DiagnosticCode.VPC_CIDR_OVERLAP,
                     f"VPC block {nets[later]} overlaps {nets[earlier]} of the "
                     "same VPC", self.pos.value(cidr_paths[later]))
        # subnets
        main_tables = [r for r, rt in vpc.route_tables.items() if rt.main]
        tables_damaged = self.damage.under((*vp, "route_tables"))
        snames = list(vpc.subnets)
        for sname, sub in vpc.subnets.items():
            sp: Path = (*vp, "subnets", sname)
            self.check_az(sub.az, vpc.region, (*sp, "az"))
            sn = net(sub.cidr)
            if not any(sn.subnet_of(n) for n in nets):
                self.err(DiagnosticCode.CIDR_OUTSIDE_VPC,
                         f"subnet block {sn} is not inside the VPC's "
                         f"{'block' if len(cidrs) == 1 else 'blocks'} ({', '.join(cidrs)})",
                         self.pos.value((*sp, "cidr")))
            elif not 16 <= sn.prefixlen <= 28:
                self.err(DiagnosticCode.CIDR_SIZE,
                         f"subnet block {sn} is a /{sn.prefixlen}; AWS allows /16 to "
                         "/28", self.pos.value((*sp, "cidr")))
            if sub.route_table is not None:
                self.ref(sub.route_table, (*sp, "route_table"), {"route-table"}, vpc=vname)
            elif not main_tables and not tables_damaged:
                self.err(DiagnosticCode.NO_MAIN_ROUTE_TABLE,
                         f"subnet `{sname}` has no `route_table` and VPC `{vname}` has no main "
                         "route table", self.pos.key(sp),
                         "set `route_table:` on the subnet, or `main: true` on one route table")
        subnet_nets = [(net(vpc.subnets[n].cidr), n) for n in snames]
        for i, j in overlapping_pairs(subnet_nets):
            later, earlier = max(i, j), min(i, j)
            (ln, lname), (en, ename) = subnet_nets[later], subnet_nets[earlier]
            self.err(DiagnosticCode.SUBNET_OVERLAP, f"subnet `{lname}` ({ln}) overlaps subnet `{ename}` "
                     f"({en}, line {self.line((*vp, 'subnets', ename))})",
                     self.pos.value((*vp, "subnets", lname, "cidr")),
                     "subnets of one VPC cannot share addresses")
        for extra in main_tables[1:]:
            self.err(DiagnosticCode.MAIN_ROUTE_TABLE,
                     f"VPC `{vname}` has a second main route table: `{main_tables[0]}` (line "
                     f"{self.line((*vp, 'route_tables', main_tables[0]))}) is main already",
                     self.pos.key((*vp, "route_tables", extra, "main")),
                     "a VPC has exactly one main route table")
        for rname, rt in vpc.route_tables.items():
            self.check_route_table(vname, rname, rt, nets)
        for nname, nat in vpc.nat_gateways.items():
            self.ref(nat.subnet, (*vp, "nat_gateways", nname, "subnet"), {"subnet"}, vpc=vname)
        for wname, wl in vpc.workloads.items():
            self.ref(wl.subnet, (*vp, "workloads", wname, "subnet"), {"subnet"}, vpc=vname)
        for ename, ep in vpc.endpoints.items():
            self.check_endpoint(vname, vpc, ename, ep)
        self.check_endpoint_conflicts(vname, vpc)

    def check_az(self, az: str, region: str, path: Path) -> None:
        """An AZ name is the Region plus a letter (eu-west-2a), or a Local Zone of the Region."""
        if re.fullmatch(re.escape(region) + r"([a-z]|-[a-z]+-\d+[a-z])", az):
            return
        where = self.pos.value(path)
        other = next((r for r in catalogue.regions() if re.fullmatch(
            re.escape(r) + r"([a-z]|-[a-z]+-\d+[a-z])", az)), None)
        if other is not None:
            self.err(DiagnosticCode.AZ_REGION, f"Availability Zone `{az}` is in Region {other}, not in the "
                     f"VPC's Region {region}", where, f"use {region}a, {region}b, ...")
        else:
            self.err(DiagnosticCode.AZ_REGION, f"`{az}` is not an Availability Zone of the VPC's Region "
                     f"{region}", where, f"AZ names are the Region and a letter: {region}a, "
                     f"{region}b, ...")

    def check_route_table(self, vname: str, rname: str, rt: s.RouteTable,
                          nets: list[IPv4Network]) -> None:
        rp: Path = ("vpcs", vname, "route_tables", rname)
        seen: dict[IPv4Network, int] = {}
        for i, route in enumerate(rt.routes):
            p: Path = (*rp, "routes", i)
            to = net(route.to)
            if to in nets:
                self.err(DiagnosticCode.LOCAL_ROUTE, f"a route to {to} repeats the VPC's own `local` route, "
                         "which is implicit", self.pos.value((*p, "to")), "remove this route")
            if to in seen:
                self.err(DiagnosticCode.DUPLICATE_ROUTE, f"route table `{rname}` already has a route to {to} "
                         f"(line {self.pos.value((*rp, 'routes', seen[to])).line})",
                         self.pos.value((*p, "to")), "a destination has one route per table")
            seen.setdefault(to, i)
            entry = self.ref(route.via, (*p, "via"), self.route_targets)
            if entry is None:
                continue
            where = self.pos.value((*p, "via"))
            if entry.kind == "vpn-gateway" and entry.vpc != vname:
                self.err(DiagnosticCode.VGW_NOT_ATTACHED, f"virtual private gateway `{route.via}` is "
                         f"attached to VPC `{entry.vpc}`, not to `{vname}`", where,
                         "a route can only target the VPC's own virtual private gateway")
            elif entry.kind in ("nat-gateway", "gwlb-endpoint", "internet-gateway") \
                    and entry.vpc != vname:
                self.err(DiagnosticCode.OTHER_VPC, f"{label(entry.kind)} `{route.via}` belongs to VPC "
                         f"`{entry.vpc}`, not to `{vname}`", where,
                         "a route can only target this VPC's own gateways and endpoints; reach "
                         "other VPCs through a peering or a transit gateway")
            elif entry.kind == "peering":
                peering = self.t.peerings[route.via]
                if vname not in (peering.requester, peering.accepter):
                    self.err(DiagnosticCode.PEERING_NOT_OURS, f"peering `{route.via}` connects "
                             f"`{peering.requester}` and `{peering.accepter}`, not `{vname}`", where)
            elif entry.kind == "transit-gateway":
                tgw = self.t.transit_gateways[route.via]
                damaged = self.damage.under(("transit_gateways", route.via, "attachments"))
                if not damaged and not any(a.vpc == vname for a in tgw.attachments.values()):
                    self.err(DiagnosticCode.TGW_NOT_ATTACHED, f"VPC `{vname}` routes to transit gateway "
                             f"`{route.via}` but is not attached to it", where,
                             f"add an attachment `vpc: {vname}` to transit gateway `{route.via}`")

    def check_endpoint(self, vname: str, vpc: s.Vpc, ename: str, ep: s.Endpoint) -> None:
        ep_path: Path = ("vpcs", vname, "endpoints", ename)
        where = self.pos.key(ep_path)
        aws = catalogue.service(ep.service)
        svc_entry = self.names.entries.get(ep.service)
        is_es = aws is None and svc_entry is not None and svc_entry.kind == "endpoint-service"

        def forbid(*keys: str, why: str = article(f"{ep.type} endpoint")) -> None:
            for key in keys:
                if getattr(ep, key) is not None:
                    self.err(DiagnosticCode.ENDPOINT_KEY, f"`{key}` does not apply to {why}",
                             self.pos.key((*ep_path, key)), "remove it")

        for key in ("subnets", "route_tables", "allow_from"):
            items = getattr(ep, key)
            if items:
                self.unique_items(items, (*ep_path, key))
        if aws is None and not is_es:
            if ep.service in self.damage.names:
                return
            if svc_entry is not None:
                self.err(DiagnosticCode.WRONG_KIND,
                         f"`{ep.service}` is {article(label(svc_entry.kind))}; an endpoint's "
                         "`service` is an AWS service or an endpoint service",
                         self.pos.value((*ep_path, "service")))
                return
            # a service newer than the catalogue (or a typo): a warning, never an error, so that
            # an imported estate validates; it is analysed as catalogue.assumed() describes
            close = self.names.suggester.closest(ep.service, self.service_names())
            self.warn(DiagnosticCode.UNKNOWN_SERVICE,
                      f"`{ep.service}` is not in vpcdocs' AWS service "
                      "catalogue nor an endpoint service of this file; it is taken as an AWS "
                      "service with interface endpoints and private DNS",
                      self.pos.value((*ep_path, "service")),
                      f"did you mean `{close}`?" if close else None)
            aws = catalogue.assumed(ep.service)
        if ep.type == "gateway":
            forbid("subnets", "private_dns", "private_dns_inbound_only", "allow_from",
                   "service_region", "principal", "accepted")
            if aws is None or not aws.gateway:
                self.err(DiagnosticCode.ENDPOINT_TYPE, f"`{ep.service}` has no gateway endpoints; only "
                         f"{' and '.join(catalogue.gateway_services())} do",
                         self.pos.value((*ep_path, "type")),
                         "use `type: interface`" if aws is not None and aws.interface else None)
            if ep.route_tables is None:
                self.err(DiagnosticCode.MISSING_KEY, f"gateway endpoint `{ename}` needs `route_tables`: the "
                         "route tables that get its prefix-list route", where)
            for i, rt in enumerate(ep.route_tables or ()):
                self.ref(rt, (*ep_path, "route_tables", i), {"route-table"}, vpc=vname)
            return
        forbid("route_tables", why=article(f"{ep.type} endpoint (only gateway endpoints have "
                                           "them)"))
        if not ep.subnets:
            self.err(DiagnosticCode.MISSING_KEY, f"{ep.type} endpoint `{ename}` needs `subnets`: the subnets "
                     "that hold its network interfaces, at most one per Availability Zone", where)
        azs: dict[str, str] = {}
        for i, sname in enumerate(ep.subnets or ()):
            entry = self.ref(sname, (*ep_path, "subnets", i), {"subnet"}, vpc=vname)
            if entry is None or sname not in vpc.subnets:
                continue
            az = vpc.subnets[sname].az
            if az in azs and azs[az] != sname:
                self.err(DiagnosticCode.ENDPOINT_AZ,
                         f"subnets `{azs[az]}` and `{sname}` are both in {az}; an "
                         "endpoint has at most one subnet per Availability Zone",
                         self.pos.value((*ep_path, "subnets", i)), "keep one subnet per AZ")
            azs.setdefault(az, sname)
        if ep.type == "gateway-load-balancer":
            forbid("private_dns", "private_dns_inbound_only", "allow_from")
            # facts §3.1: a GWLB endpoint is in exactly one subnet
            if len(ep.subnets or ()) > 1:
                self.err(DiagnosticCode.ENDPOINT_AZ,
                         "a gateway-load-balancer endpoint is in exactly one subnet",
                         self.pos.key((*ep_path, "subnets")), "create one endpoint per AZ")
            if not is_es:
                self.err(DiagnosticCode.ENDPOINT_TYPE, f"a gateway-load-balancer endpoint needs an endpoint "
                         f"service behind a Gateway Load Balancer; `{ep.service}` is an AWS service",
                         self.pos.value((*ep_path, "service")))
            elif self.t.endpoint_services[ep.service].load_balancer.type != "gateway":
                self.err(DiagnosticCode.ENDPOINT_TYPE, f"endpoint service `{ep.service}` is behind a Network "
                         "Load Balancer; use `type: interface`", self.pos.value((*ep_path, "type")))
        else:
            if aws is not None and not aws.interface:
                self.err(DiagnosticCode.ENDPOINT_TYPE, f"`{ep.service}` has no interface endpoints",
                         self.pos.value((*ep_path, "type")), "use `type: gateway`")
            if is_es and self.t.endpoint_services[ep.service].load_balancer.type != "network":
                self.err(DiagnosticCode.ENDPOINT_TYPE, f"endpoint service `{ep.service}` is behind a Gateway "
                         "Load Balancer; use `type: gateway-load-balancer`",
                         self.pos.value((*ep_path, "type")))
        if aws is not None:
            self.check_aws_endpoint(vname, vpc, ename, ep, aws)
        else:
            self.check_service_endpoint(vpc, ep, ep_path)
        if ep.type != "interface":
            return
        private_dns = defaults.private_dns(self.t, ep)
        # "private DNS only for inbound endpoints" (facts §2.6): S3 and DynamoDB only, needs
        # private DNS, and needs a gateway endpoint of the same service in the VPC.
        if ep.private_dns_inbound_only is not None:
            if ep.service not in ("s3", "dynamodb") or aws is None:
                self.err(DiagnosticCode.ENDPOINT_KEY, "`private_dns_inbound_only` applies only to S3 and "
                         "DynamoDB interface endpoints",
                         self.pos.key((*ep_path, "private_dns_inbound_only")), "remove it")
            elif not private_dns:
                self.err(DiagnosticCode.ENDPOINT_KEY, "`private_dns_inbound_only` needs private DNS, which "
                         f"is off for `{ename}`",
                         self.pos.key((*ep_path, "private_dns_inbound_only")),
                         "remove it, or set `private_dns: true`")
        if aws is not None and ep.service in ("s3", "dynamodb") \
                and defaults.private_dns_inbound_only(self.t, ep) \
                and not self.damage.under(("vpcs", vname, "endpoints")):
            has_gw = any(o.type == "gateway" and o.service == ep.service
                         for o in vpc.endpoints.values())
            if not has_gw:
                explicit = ep.private_dns_inbound_only is not None
                self.err(DiagnosticCode.INBOUND_ONLY_NEEDS_GATEWAY,
                         f"{aws.title} interface endpoint `{ename}` has private DNS for inbound "
                         f"resolver endpoints only{'' if explicit else ' (the default)'}, which "
                         f"AWS refuses without a gateway endpoint for {ep.service} in VPC "
                         f"`{vname}`",
                         self.pos.key((*ep_path, "private_dns_inbound_only")) if explicit
                         else where,
                         f"add a gateway endpoint for {ep.service} to the VPC, or set "
                         "`private_dns_inbound_only: false`")
        if private_dns and not (vpc.dns_support and vpc.dns_hostnames):
            off = "dns_support" if not vpc.dns_support else "dns_hostnames"
            self.warn(DiagnosticCode.PRIVATE_DNS_OFF,
                      f"private DNS of endpoint `{ename}` needs `dns_support` "
                      f"and `dns_hostnames` on, but VPC `{vname}` has `{off}: false`; the "
                      "service's name will not resolve to the endpoint",
                      self.pos.value((*ep_path, "private_dns")) if ep.private_dns is not None
                      else where, "turn both on, or set `private_dns: false`")

    def check_aws_endpoint(self, vname: str, vpc: s.Vpc, ename: str, ep: s.Endpoint,
                           aws: catalogue.Service) -> None:
        ep_path: Path = ("vpcs", vname, "endpoints", ename)
        if ep.service_region is not None and ep.service_region != vpc.region \
                and not aws.cross_region and not aws.assumed:
            self.err(DiagnosticCode.CROSS_REGION_SERVICE,
                     f"`{ep.service}` has no cross-Region interface "
                     f"endpoints; those that do: {', '.join(catalogue.cross_region_services())}",
                     self.pos.value((*ep_path, "service_region")),
                     f"create the endpoint in a VPC in {ep.service_region} and reach it over "
                     "peering or a transit gateway")
        if ep.type == "interface":
            for key in ("principal", "accepted"):
                if getattr(ep, key) is not None:
                    self.err(DiagnosticCode.ENDPOINT_KEY,
                             f"`{key}` applies to endpoints of endpoint services, "
                             f"not to the AWS service `{ep.service}`",
                             self.pos.key((*ep_path, key)), "remove it")
            if ep.private_dns and not aws.private_dns:
                self.err(DiagnosticCode.PRIVATE_DNS, f"`{ep.service}` interface endpoints do not offer "
                         "private DNS", self.pos.value((*ep_path, "private_dns")),
                         "set `private_dns: false`")

    def check_service_endpoint(self, vpc: s.Vpc, ep: s.Endpoint, ep_path: Path) -> None:
        svc = self.t.endpoint_services[ep.service]
        svc_vpc = self.t.vpcs.get(svc.vpc)
        if svc_vpc is None:
            return
        if svc_vpc.region != vpc.region and ep.service_region is None:
            self.err(DiagnosticCode.SERVICE_REGION, f"endpoint service `{ep.service}` is in "
                     f"{svc_vpc.region}; an endpoint in {vpc.region} must say so with "
                     f"`service_region: {svc_vpc.region}`", self.pos.key(ep_path),
                     f"add `service_region: {svc_vpc.region}`")
        elif ep.service_region is not None and ep.service_region != svc_vpc.region:
            self.err(DiagnosticCode.SERVICE_REGION, f"endpoint service `{ep.service}` is in "
                     f"{svc_vpc.region}, not in {ep.service_region}",
                     self.pos.value((*ep_path, "service_region")),
                     f"write `service_region: {svc_vpc.region}`")
        elif svc_vpc.region != vpc.region and vpc.region not in svc.supported_regions:
            # facts §2.8 / §3.2: the provider lists the Regions consumers may connect from. A
            # warning: the file describes a real (failing) connection, and the path analysis
            # reports its flows as REGION_NOT_SUPPORTED (paths-json.md)
            self.warn(DiagnosticCode.UNSUPPORTED_REGION, f"endpoint service `{ep.service}` does not accept "
                      f"endpoints from {vpc.region}: its `supported_regions` do not list it, so "
                      "flows through this endpoint fail", self.pos.key(ep_path),
                      f"add {vpc.region} to `supported_regions` of `{ep.service}` (line "
                      f"{self.line(('endpoint_services', ep.service))})")
        if ep.type == "interface" and ep.private_dns and svc.private_dns_name is None:
            self.err(DiagnosticCode.PRIVATE_DNS, f"endpoint service `{ep.service}` has no "
                     "`private_dns_name`, so its endpoints cannot enable private DNS",
                     self.pos.value((*ep_path, "private_dns")),
                     "set `private_dns: false`, or give the service a `private_dns_name`")

    def check_endpoint_conflicts(self, vname: str, vpc: s.Vpc) -> None:
        """Endpoints of one VPC that AWS cannot have side by side."""
        vp: Path = ("vpcs", vname)
        # facts §1.2: one route table cannot hold two endpoint routes to the same service
        gw_tables: dict[tuple[str, str], str] = {}
        # two interface endpoints with private DNS for one service and Region: the second
        # private hosted zone conflicts with the first, and AWS refuses it
        dns_names: dict[tuple[str, str], str] = {}
        for ename, ep in vpc.endpoints.items():
            ep_path: Path = (*vp, "endpoints", ename)
            if ep.type == "gateway":
                for i, rt in enumerate(ep.route_tables or ()):
                    first = gw_tables.get((ep.service, rt))
                    if first is not None and first != ename:
                        self.err(DiagnosticCode.GATEWAY_ROUTE_CONFLICT,
                                 f"route table `{rt}` already gets the "
                                 f"route for {ep.service} from gateway endpoint `{first}`; a "
                                 "route table holds one endpoint route per service",
                                 self.pos.value((*ep_path, "route_tables", i)),
                                 "give each gateway endpoint of a service its own route tables")
                    gw_tables.setdefault((ep.service, rt), ename)
            elif ep.type == "interface" and defaults.private_dns(self.t, ep):
                key = (ep.service, defaults.service_region(self.t, vpc, ep))
                first = dns_names.get(key)
                if first is not None:
                    self.err(DiagnosticCode.PRIVATE_DNS_CONFLICT, f"endpoints `{first}` and `{ename}` both "
                             f"turn on private DNS for `{key[0]}` in {key[1]} in VPC `{vname}`; "
                             "AWS allows one", self.pos.key(ep_path),
                             "set `private_dns: false` on one of them")
                dns_names.setdefault(key, ename)

    def check_peerings(self) -> None:
        pairs: dict[frozenset[str], str] = {}
        for pname, pe in self.t.peerings.items():
            pp: Path = ("peerings", pname)
            a = self.ref(pe.requester, (*pp, "requester"), {"vpc"})
            b = self.ref(pe.accepter, (*pp, "accepter"), {"vpc"})
            if a is None or b is None:
                continue
            if pe.requester == pe.accepter:
                self.err(DiagnosticCode.PEERING_SELF, f"peering `{pname}` connects VPC `{pe.requester}` with "
                         "itself", self.pos.key(pp), "a peering connects two different VPCs")
                continue
            pair = frozenset((pe.requester, pe.accepter))
            if pair in pairs:
                self.err(DiagnosticCode.DUPLICATE_PEERING, f"VPCs `{pe.requester}` and `{pe.accepter}` are "
                         f"already peered by `{pairs[pair]}` (line "
                         f"{self.line(('peerings', pairs[pair]))})", self.pos.key(pp),
                         "AWS allows one peering per pair of VPCs")
            pairs.setdefault(pair, pname)
            # facts §4.1: no peering between VPCs with overlapping CIDRs
            for x in self.t.vpcs[pe.requester].all_cidrs():
                for y in self.t.vpcs[pe.accepter].all_cidrs():
                    if net(x).overlaps(net(y)):
                        self.err(DiagnosticCode.PEERING_OVERLAP, f"peering `{pname}` connects overlapping "
                                 f"VPCs: `{pe.requester}` has {x} and `{pe.accepter}` has {y}",
                                 self.pos.key(pp),
                                 "AWS refuses a peering between VPCs whose blocks overlap")

    def check_transit_gateways(self) -> None:
        for tname, tgw in self.t.transit_gateways.items():
            self.check_transit_gateway(tname, tgw)

    def check_transit_gateway(self, tname: str, tgw: s.TransitGateway) -> None:
        tp: Path = ("transit_gateways", tname)
        attached: list[tuple[str, str]] = []
        seen_vpc: dict[str, str] = {}
        for aname, att in tgw.attachments.items():
            ap: Path = (*tp, "attachments", aname)
            if att.route_table is not None:
                rt = self.ref(att.route_table, (*ap, "route_table"), {"tgw-route-table"})
                if rt is not None and rt.owner != tname:
                    self.err(DiagnosticCode.OTHER_TGW, f"route table `{att.route_table}` belongs to transit "
                             f"gateway `{rt.owner}`, not to `{tname}`",
                             self.pos.value((*ap, "route_table")))
            if att.vpc is not None:
                if att.subnets:
                    self.unique_items(att.subnets, (*ap, "subnets"))
                if self.ref(att.vpc, (*ap, "vpc"), {"vpc"}) is None:
                    continue
                vpc = self.t.vpcs[att.vpc]
                if vpc.region != tgw.region:
                    self.err(DiagnosticCode.TGW_REGION, f"VPC `{att.vpc}` is in {vpc.region}; transit "
                             f"gateway `{tname}` is in {tgw.region}", self.pos.value((*ap, "vpc")),
                             "a transit gateway attaches VPCs of its own Region; peer transit "
                             "gateways across Regions")
                if att.vpc in seen_vpc:
                    self.err(DiagnosticCode.TGW_DUPLICATE_ATTACHMENT, f"VPC `{att.vpc}` is attached to "
                             f"`{tname}` twice (`{seen_vpc[att.vpc]}` and `{aname}`)",
                             self.pos.key(ap), "one attachment per VPC and transit gateway")
                else:
                    seen_vpc[att.vpc] = aname
                    attached.append((att.vpc, aname))
                azs: dict[str, str] = {}
                for i, sname in enumerate(att.subnets or ()):
                    if self.ref(sname, (*ap, "subnets", i), {"subnet"}, vpc=att.vpc) is None:
                        continue
                    if sname not in vpc.subnets:
                        continue
                    az = vpc.subnets[sname].az
                    if az in azs and azs[az] != sname:
                        self.err(DiagnosticCode.TGW_ATTACHMENT_AZ, f"subnets `{azs[az]}` and `{sname}` are "
                                 f"both in {az}; a VPC attachment has one subnet per AZ",
                                 self.pos.value((*ap, "subnets", i)))
                    azs.setdefault(az, sname)
            elif att.peer is not None:
                self.check_tgw_peer(tname, aname, att, ap)
        # facts §4: VPCs on one transit gateway with overlapping blocks cannot reach each other
        blocks = [(net(c), (v, a)) for v, a in attached for c in self.t.vpcs[v].all_cidrs()]
        for i, j in overlapping_pairs(blocks):
            if blocks[i][1][0] == blocks[j][1][0]:
                continue  # one VPC's own blocks: VPC_CIDR_OVERLAP
            # report at the attachment written later, naming the other
            lines = [self.line((*tp, "attachments", blocks[k][1][1])) for k in (i, j)]
            later, earlier = (i, j) if lines[0] >= lines[1] else (j, i)
            (bl, (vl, al)), (be, (ve, _)) = blocks[later], blocks[earlier]
            self.warn(DiagnosticCode.TGW_OVERLAP, f"VPCs `{vl}` ({bl}) and `{ve}` ({be}) on transit gateway "
                      f"`{tname}` overlap; the transit gateway cannot route between them",
                      self.pos.key((*tp, "attachments", al)),
                      "give the VPCs distinct blocks if they must talk to each other")
        for rname, trt in tgw.route_tables.items():
            self.check_tgw_route_table(tname, tgw, rname, trt)

    def check_tgw_peer(self, tname: str, aname: str, att: s.TgwAttachment, ap: Path) -> None:
        assert att.peer is not None
        peer = self.ref(att.peer, (*ap, "peer"), {"transit-gateway"})
        if peer is None:
            return
        if att.peer == tname:
            self.err(DiagnosticCode.TGW_PEER_SELF, f"transit gateway `{tname}` cannot peer with itself",
                     self.pos.value((*ap, "peer")))
            return
        other = [o for o in self.t.transit_gateways[att.peer].attachments.values()
                 if o.peer == tname]
        if not other:
            if not self.damage.under(("transit_gateways", att.peer, "attachments")):
                self.err(DiagnosticCode.TGW_PEER_ONE_SIDED, f"transit gateway `{att.peer}` has no "
                         f"peering attachment back to `{tname}`", self.pos.key(ap),
                         f"a TGW peering is declared on both sides: add an attachment "
                         f"`peer: {tname}` to `{att.peer}`")
        elif other[0].status != att.status and self.pos.key(ap) > self.tgw_peer_loc(att.peer, tname):
            self.err(DiagnosticCode.TGW_PEER_STATUS, f"the two sides of the peering between `{tname}` and "
                     f"`{att.peer}` disagree: `{aname}` says {att.status}, the other side (line "
                     f"{self.tgw_peer_loc(att.peer, tname).line}) says {other[0].status}",
                     self.pos.key(ap),
                     "both attachments of one TGW peering have the same `status`")

    def tgw_peer_loc(self, tgw: str, peer: str) -> Location:
        """Where transit gateway `tgw` declares its (first) peering attachment to `peer`."""
        for aname, att in self.t.transit_gateways[tgw].attachments.items():
            if att.peer == peer:
                return self.pos.key(("transit_gateways", tgw, "attachments", aname))
        return self.pos.key(("transit_gateways", tgw))

    def check_tgw_route_table(self, tname: str, tgw: s.TransitGateway, rname: str,
                              trt: s.TgwRouteTable) -> None:
        rp: Path = ("transit_gateways", tname, "route_tables", rname)
        self.unique_items(trt.propagations, (*rp, "propagations"))
        for i, prop in enumerate(trt.propagations):
            e = self.ref(prop, (*rp, "propagations", i), {"tgw-attachment"})
            if e is None:
                continue
            if e.owner != tname:
                self.err(DiagnosticCode.OTHER_TGW, f"attachment `{prop}` belongs to transit gateway "
                         f"`{e.owner}`, not to `{tname}`", self.pos.value((*rp, "propagations", i)))
            elif tgw.attachments[prop].peer is not None:
                self.err(DiagnosticCode.PROPAGATE_PEERING, f"`{prop}` is a peering attachment; routes do not "
                         "propagate across a transit gateway peering",
                         self.pos.value((*rp, "propagations", i)),
                         "add a static route via it instead")
        seen: dict[IPv4Network, int] = {}
        for i, route in enumerate(trt.routes):
            p: Path = (*rp, "routes", i)
            to = net(route.to)
            if to in seen:
                self.err(DiagnosticCode.DUPLICATE_ROUTE, f"route table `{rname}` already has a static "
                         f"route to {to} (line {self.pos.value((*rp, 'routes', seen[to])).line})",
                         self.pos.value((*p, "to")), "a destination has one route per table")
            seen.setdefault(to, i)
            if route.via is not None and route.blackhole:
                self.err(DiagnosticCode.TGW_ROUTE, "a route has either `via` or `blackhole: true`, not both",
                         self.pos.key((*p, "blackhole")), "remove one of them")
            elif route.via is None and not route.blackhole:
                self.err(DiagnosticCode.TGW_ROUTE, f"the route to {to} needs `via` (an attachment) or "
                         "`blackhole: true`", self.pos.value(p))
            elif route.via is not None:
                e = self.ref(route.via, (*p, "via"), {"tgw-attachment"})
                if e is not None and e.owner != tname:
                    self.err(DiagnosticCode.OTHER_TGW, f"attachment `{route.via}` belongs to transit gateway "
                             f"`{e.owner}`, not to `{tname}`", self.pos.value((*p, "via")))

    def check_endpoint_services(self) -> None:
        aws_names = catalogue.services()
        for ename, svc in self.t.endpoint_services.items():
            sp: Path = ("endpoint_services", ename)
            if ename in aws_names:
                self.err(DiagnosticCode.AMBIGUOUS_NAME, f"endpoint service `{ename}` has the name of an AWS "
                         "service; an endpoint's `service` and a flow's `to` could not tell them "
                         "apart", self.pos.key(sp), "rename the endpoint service")
            lb = svc.load_balancer
            lp: Path = (*sp, "load_balancer")
            self.unique_items(lb.subnets, (*lp, "subnets"))
            self.unique_items(lb.targets, (*lp, "targets"))
            self.unique_items(svc.allowed_principals, (*sp, "allowed_principals"))
            self.unique_items(svc.supported_regions, (*sp, "supported_regions"))
            for i, target in enumerate(lb.targets):
                self.ref(target, (*lp, "targets", i), {"workload"})
            if svc.private_dns_name is not None and lb.type == "gateway":
                self.err(DiagnosticCode.PRIVATE_DNS, "an endpoint service behind a Gateway Load Balancer "
                         "cannot have a private DNS name",
                         self.pos.key((*sp, "private_dns_name")), "remove `private_dns_name`")
            # an open service (`*` and no acceptance) is a finding of the analysis:
            # ENDPOINT_SERVICE_OPEN (vpcdocs.analysis.pricing.findings)
            if self.ref(svc.vpc, (*sp, "vpc"), {"vpc"}) is None:
                continue
            vpc = self.t.vpcs[svc.vpc]
            azs: dict[str, str] = {}
            for i, sname in enumerate(lb.subnets):
                if self.ref(sname, (*lp, "subnets", i), {"subnet"}, vpc=svc.vpc) is None:
                    continue
                if sname not in vpc.subnets:
                    continue
                az = vpc.subnets[sname].az
                # a load balancer has one subnet per Availability Zone
                # https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#availability-zones
                if az in azs and azs[az] != sname:
                    self.err(DiagnosticCode.LOAD_BALANCER_AZ,
                             f"subnets `{azs[az]}` and `{sname}` are both in "
                             f"{az}; a load balancer has one subnet per Availability Zone",
                             self.pos.value((*lp, "subnets", i)))
                azs.setdefault(az, sname)

    def check_hosted_zones(self) -> None:
        domains = service_domains()
        # (VPC, domain) -> the zone or endpoint that already answers for it there
        answered: dict[tuple[str, str], str] = {}
        for vname, vpc in self.t.vpcs.items():
            for ename, ep in vpc.endpoints.items():
                aws = catalogue.service(ep.service)
                if aws is not None and ep.type == "interface" \
                        and defaults.private_dns(self.t, ep):
                    region = defaults.service_region(self.t, vpc, ep)
                    answered.setdefault((vname, aws.dns_name(region).lower()),
                                        f"the private DNS of endpoint `{ename}`")
        for zname, zone in self.t.hosted_zones.items():
            zp: Path = ("hosted_zones", zname)
            domain = zone.domain.rstrip(".").lower()
            target = self.ref(zone.alias_to, (*zp, "alias_to"), {"interface-endpoint"})
            if target is not None and target.vpc is not None and domain in domains:
                svc, region = domains[domain]
                vpc = self.t.vpcs[target.vpc]
                ep = vpc.endpoints[zone.alias_to]
                ep_region = defaults.service_region(self.t, vpc, ep)
                if (ep.service, ep_region) != (svc, region):
                    self.warn(DiagnosticCode.ZONE_TARGET, f"hosted zone `{zname}` answers for {svc} in "
                              f"{region}, but endpoint `{zone.alias_to}` reaches {ep.service} in "
                              f"{ep_region}", self.pos.value((*zp, "alias_to")),
                              f"alias it to an interface endpoint for {svc} in {region}")
            self.unique_items(zone.vpcs, (*zp, "vpcs"))
            for i, vname in enumerate(zone.vpcs):
                if vname in zone.vpcs[:i]:
                    continue  # DUPLICATE_ITEM
                if self.ref(vname, (*zp, "vpcs", i), {"vpc"}) is None:
                    continue
                vpc = self.t.vpcs[vname]
                where = self.pos.value((*zp, "vpcs", i))
                first = answered.get((vname, domain))
                if first is not None:
                    # Route 53 refuses two private zones of one name in one VPC
                    # (ConflictingDomainExists), and an endpoint's private DNS is such a zone
                    self.err(DiagnosticCode.ZONE_CONFLICT, f"VPC `{vname}` already has a private zone for "
                             f"{domain}: {first}", where,
                             "associate one zone per name with a VPC; turn the endpoint's private "
                             "DNS off if this zone replaces it")
                else:
                    answered[(vname, domain)] = f"hosted zone `{zname}`"
                if not (vpc.dns_support and vpc.dns_hostnames):
                    self.warn(DiagnosticCode.PRIVATE_DNS_OFF, f"VPC `{vname}` has `dns_support` or "
                              f"`dns_hostnames` off, so hosted zone `{zname}` does not answer "
                              "there", where,
                              "turn both on in the VPC")

    def check_flows(self) -> None:
        services = tuple(catalogue.services())
        hybrid = HybridRules(self)
        for fname, flow in (self.t.flows or {}).items():
            fp: Path = ("flows", fname)
            self.ref(flow.source, (*fp, "from"), self.workload_kinds)
            target = self.names.entries.get(flow.to)
            to_aws = catalogue.service(flow.to) is not None or (
                target is None and flow.to in self.assumed_services())
            if flow.to == flow.source:
                self.err(DiagnosticCode.FLOW_SELF, f"flow `{fname}` goes from `{flow.source}` to itself",
                         self.pos.value((*fp, "to")))
            target_kind: str | None = None
            if target is not None and target.kind in WORKLOAD_KINDS and to_aws:
                self.err(DiagnosticCode.AMBIGUOUS_NAME,
                         f"`{flow.to}` is both {article(label(target.kind))} (line "
                         f"{self.names.location(target).line}) and an AWS service",
                         self.pos.value((*fp, "to")), "rename the workload")
            elif target is not None and target.kind in (*WORKLOAD_KINDS, "endpoint-service"):
                target_kind = target.kind
                if flow.region is not None:
                    self.err(DiagnosticCode.FLOW_REGION, f"`region` is only for flows to AWS services; "
                             f"`{flow.to}` is {article(label(target.kind))}",
                             self.pos.key((*fp, "region")), "remove it; the flow goes to the "
                             f"{label(target.kind)}'s own Region")
            elif not to_aws and flow.to not in self.damage.names:
                kinds = {"workload", "endpoint-service"}
                if target is not None:
                    self.err(DiagnosticCode.WRONG_KIND,
                             f"`{flow.to}` is {article(label(target.kind))}; a flow goes "
                             "to a workload, an endpoint service or an AWS service",
                             self.pos.value((*fp, "to")))
                else:
                    self.err(DiagnosticCode.UNKNOWN_REFERENCE,
                             f"no workload, endpoint service or AWS service "
                             f"named `{flow.to}`", self.pos.value((*fp, "to")),
                             self.names.suggest(flow.to, kinds | self.workload_kinds,
                                                services))
            elif to_aws:
                target_kind = "service"
            hybrid.check_flow(fname, flow, target_kind)
            if flow.via_endpoint is not None:
                self.check_via_endpoint(fname, flow, fp)

    def check_via_endpoint(self, fname: str, flow: s.Flow, fp: Path) -> None:
        assert flow.via_endpoint is not None
        e = self.ref(flow.via_endpoint, (*fp, "via_endpoint"), {"interface-endpoint"})
        if e is None or e.vpc is None:
            return
        vpc = self.t.vpcs[e.vpc]
        ep = vpc.endpoints[flow.via_endpoint]
        where = self.pos.value((*fp, "via_endpoint"))
        if ep.service != flow.to:
            self.err(DiagnosticCode.VIA_ENDPOINT_SERVICE, f"endpoint `{flow.via_endpoint}` reaches "
                     f"`{ep.service}`, but flow `{fname}` goes to `{flow.to}`", where)
            return
        region = defaults.service_region(self.t, vpc, ep)
        if flow.region is not None and flow.region != region:
            self.err(DiagnosticCode.VIA_ENDPOINT_SERVICE, f"endpoint `{flow.via_endpoint}` reaches "
                     f"`{ep.service}` in {region}, but flow `{fname}` says `region: "
                     f"{flow.region}`", self.pos.value((*fp, "region")),
                     "remove `region`; with `via_endpoint` it is the endpoint's")

    def check_pricing(self) -> None:
        if self.t.pricing is None:
            return
        keys = price_keys()
        if not keys:
            return
        for region, values in self.t.pricing.regions.items():
            for key in values:
                if key not in keys:
                    close = self.names.suggester.closest(key, sorted(keys))
                    self.err(DiagnosticCode.UNKNOWN_PRICE_KEY, f"`{key}` is not a key of the price table",
                             self.pos.key(("pricing", "regions", region, key)),
                             f"did you mean `{close}`?" if close else
                             f"keys: {', '.join(sorted(keys))}")


def check(topo: s.Topology, pos: Positions, damage: Damage | None = None,
          suggester: Suggester | None = None) -> tuple[Namespace, list[Diagnostic]]:
    names = Namespace(topo, pos, suggester)
    diags = list(names.diagnostics)
    diags.extend(Checker(topo, pos, names, damage).run())
    return names, diags


def overlapping(a: Iterable[str], b: Iterable[str]) -> bool:
    return any(net(x).overlaps(net(y)) for x in a for y in b)
