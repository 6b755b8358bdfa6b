"""Rules across objects for hybrid networks, security groups, network ACLs, endpoint policies and
the flow keys that go with them (topology-format-hybrid.md, "Errors and warnings added").

Called by `semantic.Checker` (it passes itself as `c`: its `ref`, `err`, `warn`, positions and
namespace), so every problem is located and reported with the others, all at once. The AWS rules
behind each check are cited from aws-networking-facts-hybrid.md (§10-§20).
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING

from vpcdocs.codes import DiagnosticCode
from vpcdocs.loader import catalogue, defaults
from vpcdocs.loader import schema as s
from vpcdocs.loader.names import article
from vpcdocs.loader.yamlsrc import Path

if TYPE_CHECKING:
    from vpcdocs.loader.semantic import Checker


MANAGED_LISTS = ("dynamodb", "s3")  # AWS-managed prefix lists of gateway services (facts §1.2)


def net(cidr: str) -> IPv4Network:
    return s.network(cidr)


def _any_overlap(a: Iterable[IPv4Network], b: Iterable[IPv4Network]) -> tuple[IPv4Network,
                                                                                IPv4Network] | None:
    bs = list(b)
    for x in a:
        for y in bs:
            if x.overlaps(y):
                return x, y
    return None


class HybridRules:
    """The hybrid rules of one file; `run()` adds their diagnostics to the checker's list."""

    def __init__(self, c: Checker) -> None:
        self.c = c
        self.t = c.t

    # --- small lookups ----------------------------------------------------------------------

    def vgw_vpc(self, name: str) -> str | None:
        """The VPC a virtual private gateway is attached to."""
        for vname, vpc in self.t.vpcs.items():
            if vpc.vpn_gateway == name:
                return vname
        return None

    def gateway_region(self, name: str) -> str | None:
        vpc = self.vgw_vpc(name)
        if vpc is not None:
            return self.t.vpcs[vpc].region
        tgw = self.t.transit_gateways.get(name)
        return tgw.region if tgw is not None else None

    def vpc_cidrs(self, vname: str) -> list[IPv4Network]:
        return [net(x) for x in self.t.vpcs[vname].all_cidrs()]

    def tgw_vpcs(self, tgw: str) -> list[str]:
        t = self.t.transit_gateways.get(tgw)
        if t is None:
            return []
        return [a.vpc for a in t.attachments.values() if a.vpc in self.t.vpcs]

    def connection(self, name: str) -> tuple[str, s.Connection] | None:
        for nname, onp in self.t.on_premises.items():
            if name in onp.connections:
                return nname, onp.connections[name]
        return None

    def peered_same_region(self, a: str, b: str) -> bool:
        """An active peering between two VPCs of one Region (facts §14.4)."""
        if self.t.vpcs[a].region != self.t.vpcs[b].region:
            return False
        return any({p.requester, p.accepter} == {a, b} and p.status == "active"
                   for p in self.t.peerings.values())

    def tgw_referencing(self, a: str, b: str) -> bool:
        """Both VPCs on one transit gateway with security group referencing on it and on both
        VPC attachments (facts §12.6)."""
        for tgw in self.t.transit_gateways.values():
            if not tgw.security_group_referencing:
                continue
            atts = {att.vpc: att for att in tgw.attachments.values() if att.vpc is not None}
            if a in atts and b in atts and all(
                    atts[v].security_group_referencing is not False for v in (a, b)):
                return True
        return False

    # --- the rules ---------------------------------------------------------------------------

    def run(self) -> None:
        for vname, vpc in self.t.vpcs.items():
            self.check_vpc(vname, vpc)
        for tname, tgw in self.t.transit_gateways.items():
            self.check_tgw(tname, tgw)
        for sname, svc in self.t.endpoint_services.items():
            self.check_load_balancer(sname, svc)
        for nname, onp in self.t.on_premises.items():
            self.check_network(nname, onp)
        self.check_network_overlaps()
        self.check_dx_gateways()
        self.check_resolver_rules()
        for lname, pl in self.t.prefix_lists.items():
            self.c.unique_items(pl.cidrs, ("prefix_lists", lname, "cidrs"))

    # VPCs ------------------------------------------------------------------------------------

    def check_vpc(self, vname: str, vpc: s.Vpc) -> None:
        c = self.c
        vp: Path = ("vpcs", vname)
        for rname, rt in vpc.route_tables.items():
            if rt.propagate and vpc.vpn_gateway is None:
                c.err(DiagnosticCode.PROPAGATE_NO_VGW, f"route table `{rname}` propagates routes, but VPC "
                      f"`{vname}` has no virtual private gateway", c.pos.key(
                          (*vp, "route_tables", rname, "propagate")),
                      "set `vpn_gateway:` on the VPC, or remove `propagate: true`")
        for sname, sub in vpc.subnets.items():
            if sub.network_acl is not None:
                c.ref(sub.network_acl, (*vp, "subnets", sname, "network_acl"), {"network-acl"},
                      vpc=vname)
        defaults_ = [n for n, a in vpc.network_acls.items() if a.default]
        for extra in defaults_[1:]:
            c.err(DiagnosticCode.DEFAULT_NACL, f"VPC `{vname}` has a second default network ACL: "
                  f"`{defaults_[0]}` (line {c.line((*vp, 'network_acls', defaults_[0]))}) is the "
                  "default already", c.pos.key((*vp, "network_acls", extra, "default")),
                  "a VPC has one default network ACL")
        for aname, acl in vpc.network_acls.items():
            for direction in ("inbound", "outbound"):
                seen: dict[int, int] = {}
                for i, rule in enumerate(getattr(acl, direction)):
                    p: Path = (*vp, "network_acls", aname, direction, i, "rule")
                    if rule.rule in seen:
                        first = c.pos.value((*vp, "network_acls", aname, direction,
                                             seen[rule.rule])).line
                        c.err(DiagnosticCode.NACL_RULE_NUMBER,
                              f"rule number {rule.rule} is used twice in the {direction} rules "
                              f"of `{aname}` (first at line {first})",
                              c.pos.value(p), "rule numbers are unique per direction")
                    seen.setdefault(rule.rule, i)
        for gname, group in vpc.security_groups.items():
            self.check_group(vname, vpc, gname, group)
        for wname, wl in vpc.workloads.items():
            self.group_list(vname, wl.security_groups, (*vp, "workloads", wname))
        for ename, ep in vpc.endpoints.items():
            self.check_endpoint(vname, vpc, ename, ep)
        for rname, rep in vpc.resolver_endpoints.items():
            self.check_resolver_endpoint(vname, vpc, rname, rep)

    def group_list(self, vname: str, groups: list[str] | None, owner: Path) -> None:
        if not groups:
            return
        path: Path = (*owner, "security_groups")
        self.c.unique_items(groups, path)
        for i, g in enumerate(groups):
            self.c.ref(g, (*path, i), {"security-group"}, vpc=vname)

    def check_group(self, vname: str, vpc: s.Vpc, gname: str, group: s.SecurityGroup) -> None:
        gp: Path = ("vpcs", vname, "security_groups", gname)
        for direction in ("inbound", "outbound"):
            for i, rule in enumerate(getattr(group, direction) or ()):
                rp: Path = (*gp, direction, i)
                if rule.prefix_list is not None:
                    self.check_prefix_list(vpc, rule.prefix_list, (*rp, "prefix_list"))
                if rule.security_group is not None:
                    self.check_reference(vname, rule.security_group, direction,
                                         (*rp, "security_group"))

    def check_prefix_list(self, vpc: s.Vpc, name: str, path: Path) -> None:
        c = self.c
        where = c.pos.value(path)
        entry = c.names.entries.get(name)
        aws = catalogue.service(name)
        if entry is not None and entry.kind == "prefix-list" and aws is not None:
            c.err(DiagnosticCode.AMBIGUOUS_NAME, f"`{name}` is both a prefix list of this file (line "
                  f"{c.names.location(entry).line}) and an AWS service", where,
                  "rename the prefix list")
            return
        if aws is not None:
            if name not in MANAGED_LISTS:
                c.err(DiagnosticCode.PREFIX_LIST_REGION, f"`{name}` has no AWS-managed prefix list; only "
                      f"{' and '.join(MANAGED_LISTS)} do", where,
                      "name a prefix list of this file, or use `cidr`")
            return
        found = c.ref(name, path, {"prefix-list"}, extra=MANAGED_LISTS)
        if found is None:
            return
        pl = self.t.prefix_lists[name]
        if pl.region != vpc.region:
            c.err(DiagnosticCode.PREFIX_LIST_REGION, f"prefix list `{name}` is in {pl.region}; this security "
                  f"group's VPC is in {vpc.region}", where,
                  "a security group uses prefix lists of its own Region")

    def check_reference(self, vname: str, other: str, direction: str, path: Path) -> None:
        """Which groups a rule may name (facts §14.4, §12.6)."""
        c = self.c
        entry = c.ref(other, path, {"security-group"})
        if entry is None or entry.vpc is None or entry.vpc == vname:
            return
        if self.peered_same_region(vname, entry.vpc):
            return
        if direction == "inbound" and self.tgw_referencing(vname, entry.vpc):
            return
        why = ("a peering across Regions" if any(
            {p.requester, p.accepter} == {vname, entry.vpc} for p in self.t.peerings.values())
            and self.t.vpcs[vname].region != self.t.vpcs[entry.vpc].region else "")
        c.err(DiagnosticCode.SG_REFERENCE_SCOPE, f"security group `{other}` is in VPC `{entry.vpc}`; a rule "
              f"of `{vname}` may name it only across an active peering in one Region, or "
              "(inbound) a transit gateway with security group referencing on"
              + (f" (this is {why})" if why else ""),
              c.pos.value(path), "name the other VPC's block with `cidr` instead")

    def check_endpoint(self, vname: str, vpc: s.Vpc, ename: str, ep: s.Endpoint) -> None:
        c = self.c
        ep_path: Path = ("vpcs", vname, "endpoints", ename)
        if ep.security_groups is not None:
            if ep.type != "interface":
                c.err(DiagnosticCode.SG_NOT_SUPPORTED, f"{article(ep.type + ' endpoint')} has no security "
                      "groups", c.pos.key((*ep_path, "security_groups")), "remove them")
            else:
                self.group_list(vname, ep.security_groups, ep_path)
        if ep.policy is None:
            return
        where = c.pos.key((*ep_path, "policy"))
        aws = catalogue.service(ep.service)
        if ep.type == "gateway-load-balancer":
            c.err(DiagnosticCode.POLICY_NOT_SUPPORTED, "a Gateway Load Balancer endpoint takes no endpoint "
                  "policy", where, "remove `policy`")
            return
        if aws is None:
            if ep.service in self.t.endpoint_services:
                c.err(DiagnosticCode.POLICY_NOT_SUPPORTED, f"an endpoint to endpoint service `{ep.service}` "
                      "always allows full access; it takes no policy", where, "remove `policy`")
            else:
                c.err(DiagnosticCode.POLICY_NOT_SUPPORTED, f"`{ep.service}` is not known to support endpoint "
                      "policies", where, "remove `policy`")
            return
        if not aws.endpoint_policy:
            c.err(DiagnosticCode.POLICY_NOT_SUPPORTED, f"{aws.title} endpoints do not support endpoint "
                  "policies", where, "remove `policy`")
            return
        pp: Path = (*ep_path, "policy")
        c.unique_items(ep.policy.principals, (*pp, "principals"))
        c.unique_items(ep.policy.resources, (*pp, "resources"))
        for i, res in enumerate(ep.policy.resources):
            if res != "*" and not res.startswith("arn:") and ep.service != "s3":
                c.err(DiagnosticCode.POLICY_RESOURCE, f"`{res}` is a bucket name, which only S3 endpoints "
                      "take", c.pos.value((*pp, "resources", i)),
                      f"write an ARN of {aws.title}, or *")

    def check_resolver_endpoint(self, vname: str, vpc: s.Vpc, rname: str,
                                rep: s.ResolverEndpoint) -> None:
        c = self.c
        rp: Path = ("vpcs", vname, "resolver_endpoints", rname)
        self.group_list(vname, rep.security_groups, rp)
        c.unique_items(rep.subnets, (*rp, "subnets"))
        azs: set[str] = set()
        good = 0
        for i, sname in enumerate(rep.subnets):
            entry = c.names.entries.get(sname)
            if entry is not None and entry.kind == "subnet" and entry.vpc not in (None, vname):
                c.err(DiagnosticCode.RESOLVER_ENDPOINT_SUBNETS,
                      f"subnet `{sname}` is in VPC `{entry.vpc}`, not "
                      f"in `{vname}`", c.pos.value((*rp, "subnets", i)),
                      "a Resolver endpoint's ENIs are in subnets of its own VPC")
                continue
            if c.ref(sname, (*rp, "subnets", i), {"subnet"}, vpc=vname) is None:
                continue
            if sname in vpc.subnets:
                azs.add(vpc.subnets[sname].az)
                good += 1
        distinct = len(set(rep.subnets))
        if distinct < 2:
            c.err(DiagnosticCode.RESOLVER_ENDPOINT_SUBNETS, f"Resolver endpoint `{rname}` needs at least two "
                  f"subnets (one ENI each); it has {distinct}", c.pos.key(rp),
                  "list two subnets, in different Availability Zones")
        elif good == distinct and len(azs) == 1:
            c.warn(DiagnosticCode.RESOLVER_ENDPOINT_AZ, f"every subnet of Resolver endpoint `{rname}` is in "
                   f"{next(iter(azs))}", c.pos.key((*rp, "subnets")),
                   "AWS recommends ENIs in two Availability Zones")

    # transit gateways and load balancers -----------------------------------------------------

    def check_tgw(self, tname: str, tgw: s.TransitGateway) -> None:
        c = self.c
        tp: Path = ("transit_gateways", tname)
        vpn_names: dict[str, str] = {}
        dx_names: dict[str, str] = {}
        for aname, att in tgw.attachments.items():
            ap: Path = (*tp, "attachments", aname)
            if att.vpn is not None:
                entry = c.ref(att.vpn, (*ap, "vpn"), {"vpn-connection"})
                if entry is None:
                    continue
                found = self.connection(att.vpn)
                if found is not None and found[1].gateway != tname:
                    c.err(DiagnosticCode.VPN_NOT_ATTACHED, f"VPN connection `{att.vpn}` goes to "
                          f"`{found[1].gateway}`, not to transit gateway `{tname}`",
                          c.pos.value((*ap, "vpn")),
                          f"set `gateway: {tname}` on the connection, or remove this attachment")
                elif att.vpn in vpn_names:
                    c.err(DiagnosticCode.VPN_NOT_ATTACHED, f"VPN connection `{att.vpn}` is attached twice "
                          f"(`{vpn_names[att.vpn]}` and `{aname}`)", c.pos.key(ap),
                          "one attachment per VPN connection")
                vpn_names.setdefault(att.vpn, aname)
            elif att.direct_connect_gateway is not None:
                dx = att.direct_connect_gateway
                if c.ref(dx, (*ap, "direct_connect_gateway"), {"direct-connect-gateway"}) is None:
                    continue
                gw = self.t.direct_connect_gateways[dx]
                if not any(a.gateway == tname for a in gw.associations):
                    c.err(DiagnosticCode.DXGW_NOT_ATTACHED,
                          f"Direct Connect gateway `{dx}` has no association "
                          f"with transit gateway `{tname}`", c.pos.value(
                              (*ap, "direct_connect_gateway")),
                          f"add `{{gateway: {tname}, allowed_prefixes: [...]}}` to the "
                          f"associations of `{dx}`")
                elif dx in dx_names:
                    c.err(DiagnosticCode.DXGW_NOT_ATTACHED,
                          f"Direct Connect gateway `{dx}` is attached twice "
                          f"(`{dx_names[dx]}` and `{aname}`)", c.pos.key(ap),
                          "one attachment per Direct Connect gateway")
                dx_names.setdefault(dx, aname)
        for rname, trt in tgw.route_tables.items():
            for i, prop in enumerate(trt.propagations):
                prop_att = tgw.attachments.get(prop)
                if prop_att is None or prop_att.vpn is None:
                    continue
                found = self.connection(prop_att.vpn)
                if found is not None and found[1].routing == "static":
                    c.warn(DiagnosticCode.PROPAGATE_STATIC_VPN,
                           f"`{prop}` attaches static VPN `{prop_att.vpn}`, "
                           "which announces nothing: propagating it installs no route",
                           c.pos.value((*tp, "route_tables", rname, "propagations", i)),
                           f"add static routes via `{prop}` for the site's prefixes instead")

    def check_load_balancer(self, sname: str, svc: s.EndpointService) -> None:
        lb = svc.load_balancer
        lp: Path = ("endpoint_services", sname, "load_balancer")
        if lb.security_groups is None:
            return
        if lb.type == "gateway":
            self.c.err(DiagnosticCode.SG_NOT_SUPPORTED, "a Gateway Load Balancer has no security groups",
                       self.c.pos.key((*lp, "security_groups")), "remove them")
            return
        if svc.vpc in self.t.vpcs:
            self.group_list(svc.vpc, lb.security_groups, lp)

    # on-premises networks --------------------------------------------------------------------

    def check_network(self, nname: str, onp: s.OnPremises) -> None:
        c = self.c
        np_: Path = ("on_premises", nname)
        c.unique_items(onp.cidrs, (*np_, "cidrs"))
        blocks = [net(x) for x in onp.cidrs]

        def inside(value: IPv4Network) -> bool:
            return any(value.subnet_of(b) for b in blocks)

        if onp.dns_server is not None:
            addr = IPv4Network(f"{IPv4Address(onp.dns_server)}/32")
            if not inside(addr):
                c.err(DiagnosticCode.CIDR_OUTSIDE_NETWORK, f"DNS server {onp.dns_server} is not inside the "
                      f"network's blocks ({', '.join(onp.cidrs)})",
                      c.pos.value((*np_, "dns_server")))
        for wname, wl in onp.workloads.items():
            if wl.cidr is not None and not inside(net(wl.cidr)):
                c.err(DiagnosticCode.CIDR_OUTSIDE_NETWORK, f"workload block {wl.cidr} is not inside the "
                      f"network's blocks ({', '.join(onp.cidrs)})",
                      c.pos.value((*np_, "workloads", wname, "cidr")))
        for cname, conn in onp.connections.items():
            self.check_connection(nname, onp, cname, conn)
        seen: dict[IPv4Network, int] = {}
        for i, route in enumerate(onp.routes):
            p: Path = (*np_, "routes", i)
            to = net(route.to)
            if to in seen:
                c.err(DiagnosticCode.DUPLICATE_ROUTE, f"network `{nname}` already has a route to {to} (line "
                      f"{c.pos.value((*np_, 'routes', seen[to])).line})", c.pos.value((*p, "to")),
                      "a destination has one route")
            seen.setdefault(to, i)
            if route.via == "internet":
                continue  # (a connection named `internet` is AMBIGUOUS_NAME at its key)
            entry = c.ref(route.via, (*p, "via"), {"vpn-connection", "dx-connection"},
                          extra=("internet",))
            if entry is not None and entry.owner != nname:
                c.err(DiagnosticCode.ROUTE_ON_PREMISES, f"connection `{route.via}` belongs to network "
                      f"`{entry.owner}`, not to `{nname}`", c.pos.value((*p, "via")),
                      "a site routes over its own connections")
        domains: dict[str, int] = {}
        for i, fwd in enumerate(onp.dns_forwarders):
            p = (*np_, "dns_forwarders", i)
            domain = fwd.domain.rstrip(".").lower()
            if domain in domains:
                c.err(DiagnosticCode.FORWARDER_CONFLICT, f"network `{nname}` already forwards {domain} (line "
                      f"{c.pos.key((*np_, 'dns_forwarders', domains[domain])).line})",
                      c.pos.value((*p, "domain")), "one forwarder per domain")
            domains.setdefault(domain, i)
            entry = c.ref(fwd.to, (*p, "to"), {"resolver-endpoint"})
            if entry is not None and entry.vpc is not None:
                rep = self.t.vpcs[entry.vpc].resolver_endpoints[fwd.to]
                if rep.direction != "inbound":
                    c.err(DiagnosticCode.RESOLVER_DIRECTION, f"Resolver endpoint `{fwd.to}` is outbound; a "
                          "site forwards queries to an inbound endpoint",
                          c.pos.value((*p, "to")), "name a `direction: inbound` endpoint")

    def check_connection(self, nname: str, onp: s.OnPremises, cname: str,
                         conn: s.Connection) -> None:
        c = self.c
        cp: Path = ("on_premises", nname, "connections", cname)
        if cname == "internet":
            c.err(DiagnosticCode.AMBIGUOUS_NAME, "a connection named `internet` cannot be told apart from a "
                  "route's `via: internet`", c.pos.key(cp), "rename the connection")
        kinds = ({"vpn-gateway", "transit-gateway"} if conn.type == "vpn"
                 else {"direct-connect-gateway"})
        entry = c.ref(conn.gateway, (*cp, "gateway"), kinds)
        if conn.type != "vpn":
            return
        routing = conn.routing or "bgp"
        to_tgw = entry is not None and entry.kind == "transit-gateway"
        to_vgw = entry is not None and entry.kind == "vpn-gateway"
        if routing == "static" and conn.advertise is not None:
            c.err(DiagnosticCode.VPN_ROUTING, "a static VPN announces nothing: `advertise` is for BGP",
                  c.pos.key((*cp, "advertise")),
                  "list the site's prefixes in `static_routes`" if not to_tgw else
                  "add static routes to the transit gateway route table instead")
        if conn.static_routes is not None and (routing == "bgp" or to_tgw):
            why = ("a VPN to a transit gateway takes static routes in the transit gateway route "
                   "table" if to_tgw else "a BGP VPN learns the site's prefixes from `advertise`")
            c.err(DiagnosticCode.VPN_ROUTING, f"`static_routes` do not apply here: {why}",
                  c.pos.key((*cp, "static_routes")), "remove them")
        if routing == "static" and to_vgw and conn.static_routes is None:
            c.err(DiagnosticCode.VPN_ROUTING, "a static VPN to a virtual private gateway needs "
                  "`static_routes`: the site's prefixes", c.pos.key(cp),
                  "add `static_routes: [...]`, or use `routing: bgp`")
        if entry is None:
            return
        region = self.gateway_region(conn.gateway)
        if region is not None and region != onp.region:
            c.err(DiagnosticCode.ON_PREMISES_REGION, f"`{conn.gateway}` is in {region}; network `{nname}` "
                  f"meets AWS in {onp.region}", c.pos.value((*cp, "gateway")),
                  "a VPN connection lands in its network's Region; use a gateway there, or "
                  "change `region`")
        if to_tgw and not c.damage.under(("transit_gateways", conn.gateway, "attachments")):
            tgw = self.t.transit_gateways[conn.gateway]
            n = sum(1 for a in tgw.attachments.values() if a.vpn == cname)
            if n == 0:
                c.err(DiagnosticCode.VPN_NOT_ATTACHED, f"VPN connection `{cname}` goes to transit gateway "
                      f"`{conn.gateway}`, which has no `vpn: {cname}` attachment",
                      c.pos.value((*cp, "gateway")),
                      f"add an attachment `{{vpn: {cname}, route_table: ...}}` to "
                      f"`{conn.gateway}`")

    def reached_vpcs(self, onp: s.OnPremises) -> list[str]:
        """The VPCs one of the network's connections reaches (topology-format-hybrid.md)."""
        out: list[str] = []

        def via_gateway(gw: str) -> None:
            vpc = self.vgw_vpc(gw)
            if vpc is not None:
                out.append(vpc)
            out.extend(self.tgw_vpcs(gw))

        for conn in onp.connections.values():
            if conn.type == "vpn":
                via_gateway(conn.gateway)
            else:
                dx = self.t.direct_connect_gateways.get(conn.gateway)
                for assoc in dx.associations if dx is not None else ():
                    via_gateway(assoc.gateway)
        return sorted(set(out))

    def check_network_overlaps(self) -> None:
        c = self.c
        names = list(self.t.on_premises)
        for i, a in enumerate(names):
            onp = self.t.on_premises[a]
            mine = [net(x) for x in onp.cidrs]
            for b in names[:i]:
                hit = _any_overlap(mine, [net(x) for x in self.t.on_premises[b].cidrs])
                if hit is not None:
                    c.warn(DiagnosticCode.ON_PREMISES_OVERLAP, f"on-premises network `{a}` ({hit[0]}) "
                           f"overlaps network `{b}` ({hit[1]})", c.pos.key(("on_premises", a)),
                           "AWS recommends distinct ranges for networks that share AWS")
            for vname in self.reached_vpcs(onp):
                hit = _any_overlap(mine, self.vpc_cidrs(vname))
                if hit is not None:
                    c.warn(DiagnosticCode.ON_PREMISES_OVERLAP, f"on-premises network `{a}` ({hit[0]}) "
                           f"overlaps VPC `{vname}` ({hit[1]}), which its connections reach",
                           c.pos.key(("on_premises", a)),
                           "AWS recommends distinct ranges for networks and the VPCs they "
                           "reach; addresses in both are routed to the VPC's side only")

    # Direct Connect gateways ------------------------------------------------------------------

    def check_dx_gateways(self) -> None:
        c = self.c
        vgw_owner: dict[str, tuple[str, int]] = {}
        for gname, gw in self.t.direct_connect_gateways.items():
            gp: Path = ("direct_connect_gateways", gname)
            kinds: dict[str, int] = {}
            vpcs: list[tuple[str, int]] = []
            for i, assoc in enumerate(gw.associations):
                ap: Path = (*gp, "associations", i)
                entry = c.ref(assoc.gateway, (*ap, "gateway"), {"vpn-gateway", "transit-gateway"})
                if entry is None:
                    continue
                kinds.setdefault(entry.kind, i)
                if entry.kind == "transit-gateway":
                    if assoc.allowed_prefixes is None:
                        c.err(DiagnosticCode.DXGW_ALLOWED_PREFIXES, f"the association with transit gateway "
                              f"`{assoc.gateway}` needs `allowed_prefixes`: what the site learns",
                              c.pos.key(ap), "list the prefixes to announce, e.g. the VPCs' "
                              "blocks or a summary")
                    tgw = self.t.transit_gateways[assoc.gateway]
                    if not c.damage.under(("transit_gateways", assoc.gateway, "attachments")) \
                            and sum(1 for a in tgw.attachments.values()
                                    if a.direct_connect_gateway == gname) == 0:
                        c.err(DiagnosticCode.DXGW_NOT_ATTACHED, f"transit gateway `{assoc.gateway}` has no "
                              f"`direct_connect_gateway: {gname}` attachment",
                              c.pos.value((*ap, "gateway")),
                              f"add an attachment `{{direct_connect_gateway: {gname}, "
                              f"route_table: ...}}` to `{assoc.gateway}`")
                    continue
                first = vgw_owner.get(assoc.gateway)
                if first is not None:
                    c.err(DiagnosticCode.DXGW_DUPLICATE, f"virtual private gateway `{assoc.gateway}` is "
                          f"already associated with Direct Connect gateway `{first[0]}`",
                          c.pos.value((*ap, "gateway")),
                          "a virtual private gateway has one Direct Connect gateway")
                else:
                    vgw_owner[assoc.gateway] = (gname, i)
                vpc = self.vgw_vpc(assoc.gateway)
                if vpc is not None:
                    vpcs.append((vpc, i))
            if len(kinds) > 1:
                later = max(kinds.values())
                c.err(DiagnosticCode.DXGW_MIXED, f"Direct Connect gateway `{gname}` is associated with both "
                      "virtual private gateways and transit gateways",
                      c.pos.key((*gp, "associations", later)),
                      "use one Direct Connect gateway for each kind")
            for j, (vb, ib) in enumerate(vpcs):
                for va, _ in vpcs[:j]:
                    if va == vb:
                        continue
                    hit = _any_overlap(self.vpc_cidrs(vb), self.vpc_cidrs(va))
                    if hit is not None:
                        c.err(DiagnosticCode.DXGW_OVERLAP, f"VPCs `{vb}` ({hit[0]}) and `{va}` ({hit[1]}) "
                              f"behind Direct Connect gateway `{gname}` overlap",
                              c.pos.key((*gp, "associations", ib)),
                              "VPCs behind one Direct Connect gateway need distinct blocks")
                        break

    # Resolver rules ---------------------------------------------------------------------------

    def check_resolver_rules(self) -> None:
        c = self.c
        seen: dict[tuple[str, str], str] = {}
        for rname, rule in self.t.resolver_rules.items():
            rp: Path = ("resolver_rules", rname)
            domain = rule.domain.rstrip(".").lower()
            entry = c.ref(rule.endpoint, (*rp, "endpoint"), {"resolver-endpoint"})
            region: str | None = None
            if entry is not None and entry.vpc is not None:
                rep = self.t.vpcs[entry.vpc].resolver_endpoints[rule.endpoint]
                region = self.t.vpcs[entry.vpc].region
                if rep.direction != "outbound":
                    c.err(DiagnosticCode.RESOLVER_DIRECTION,
                          f"Resolver endpoint `{rule.endpoint}` is inbound; a "
                          "rule sends queries out through an outbound endpoint",
                          c.pos.value((*rp, "endpoint")), "name a `direction: outbound` endpoint")
            if rule.targets is None:
                networks = [n for n, onp in self.t.on_premises.items() if onp.dns_domain is not None
                            and defaults.under_domain(onp.dns_domain, domain)]
                if len(networks) != 1:
                    why = ("no on-premises network has a `dns_domain` at or under it" if not networks
                           else f"several networks do ({', '.join(networks)})")
                    c.err(DiagnosticCode.MISSING_KEY, f"Resolver rule `{rname}` needs `targets`: {why}",
                          c.pos.key(rp), "list the DNS servers' addresses in `targets`")
            c.unique_items(rule.vpcs, (*rp, "vpcs"))
            for i, vname in enumerate(rule.vpcs):
                if vname in rule.vpcs[:i] or c.ref(vname, (*rp, "vpcs", i), {"vpc"}) is None:
                    continue
                where = c.pos.value((*rp, "vpcs", i))
                if region is not None and self.t.vpcs[vname].region != region:
                    c.err(DiagnosticCode.RESOLVER_RULE_REGION, f"VPC `{vname}` is in "
                          f"{self.t.vpcs[vname].region}; rule `{rname}` and its endpoint are in "
                          f"{region}", where, "rules are Regional: copy the rule to an outbound "
                          "endpoint in that Region")
                first = seen.get((vname, domain))
                if first is not None:
                    c.err(DiagnosticCode.RESOLVER_RULE_CONFLICT,
                          f"VPC `{vname}` already has rule `{first}` for "
                          f"{domain}", where, "associate one rule per domain with a VPC")
                else:
                    seen[(vname, domain)] = rname

    # flows ------------------------------------------------------------------------------------

    def check_flow(self, fname: str, flow: s.Flow, target_kind: str | None) -> None:
        """The hybrid keys of a flow; `target_kind`: what `to` names (a kind, `service`, or
        None when unknown)."""
        c = self.c
        fp: Path = ("flows", fname)
        src = c.names.entries.get(flow.source)
        if src is not None and src.kind == "on-premises-workload" \
                and target_kind == "on-premises-workload":
            c.err(DiagnosticCode.FLOW_ON_PREMISES_BOTH, f"flow `{fname}` goes between two on-premises "
                  "workloads; vpcdocs does not route between sites", c.pos.key(fp),
                  "analyse each site's flows to AWS instead")
        if flow.protocol == "udp" and target_kind in ("service", "endpoint-service"):
            c.err(DiagnosticCode.FLOW_PROTOCOL, f"`{flow.to}` is reached over TCP; `protocol: udp` is for "
                  "flows to workloads", c.pos.value((*fp, "protocol")), "remove it")
        if flow.resource is not None:
            where = c.pos.value((*fp, "resource"))
            if target_kind != "service":
                c.err(DiagnosticCode.FLOW_RESOURCE, "`resource` is for flows to AWS services (endpoint "
                      "policies)", where, "remove it")
            elif not flow.resource.startswith("arn:") and flow.to != "s3":
                c.err(DiagnosticCode.FLOW_RESOURCE,
                      f"`{flow.resource}` is a bucket form, which only flows to "
                      "s3 take", where, f"write the ARN of the {flow.to} resource")
            elif not flow.resource.startswith("arn:") and not defaults.bucket_form(flow.resource):
                c.err(DiagnosticCode.FLOW_RESOURCE, f"`{flow.resource}` is neither an ARN nor a bucket name "
                      "(B) or object (B/key)", where, "write arn:aws:s3:::bucket/key")

