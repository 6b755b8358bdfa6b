"""The hybrid objects of an imported design: virtual private gateways, VPN connections and the
on-premises networks behind them, Direct Connect gateways, security groups, network ACLs,
endpoint policies, Route 53 Resolver endpoints and rules, customer-managed prefix lists
(topology-format-hybrid.md).

AWS facts used here (aws-networking-facts-hybrid.md and the AWS API references cited):
* A customer gateway (EC2 API, `CustomerGateway`) holds the device's public IP and BGP ASN, never
  the address ranges behind it. The ranges of an on-premises network are therefore read from what
  AWS has: a static VPN's static routes (`VpnConnection.Routes`), the routes a virtual private
  gateway propagates into VPC route tables (`Route.Origin = EnableVgwRoutePropagation`) and the
  routes a transit gateway learned from a VPN attachment. A customer gateway whose ranges appear
  nowhere is left out, with a note: vpcdocs does not invent address ranges.
* One customer gateway is one on-premises network (a site's device); its VPN connections are the
  network's connections. The Direct Connect side of a site (its virtual interfaces and what it
  announces) is not in the Direct Connect gateway APIs read here: Direct Connect gateways and
  their associations are written, the `direct-connect` connections are the user's to add.
* A Direct Connect gateway association with a transit gateway creates the transit gateway's
  `direct-connect-gateway` attachment (Direct Connect API, `CreateDirectConnectGatewayAssociation`);
  the format declares both, so an attachment the input does not hold is written for it.
* The NACL rule numbered 32767 is the `*` rule AWS adds to every NACL (VPC guide, "Network ACL
  rules"); the format adds it implicitly.
* A security group rule's protocol `-1` is every protocol; 6, 17 and 1 are tcp, udp and icmp
  (EC2 API, `IpPermission.IpProtocol`).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import ipv4_cidr, is_region
from vpcdocs.importers.awsnames import parse_service_name as parse
from vpcdocs.importers.design import Ctx, comment
from vpcdocs.importers.design_links import _status
from vpcdocs.importers.document import Collection, Entry
from vpcdocs.importers.policy import NotSmall, small_form
from vpcdocs.loader import catalogue
from vpcdocs.loader.schema import DNS_RE

_PROTOCOLS = {"-1": "all", "all": "all", "tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp",
              "icmp": "icmp", "1": "icmp"}


def _net_key(cidr: str) -> tuple[int, int]:
    net = ipaddress.ip_network(cidr)
    return (int(net.network_address), net.prefixlen)


def _cidrs(values: list[str]) -> list[str]:
    out = {c for c in (ipv4_cidr(v) for v in values) if c}
    return sorted(out, key=_net_key)


# --------------------------------------------------------------------------- naming


def name_gateways(ctx: Ctx) -> None:
    """Virtual private gateways attached to a written VPC (before the VPC routes that name them)."""
    for key in sorted(ctx.est.vpn_gateways):
        vgw = ctx.est.vpn_gateways[key]
        if ctx.key(vgw.vpc) in ctx.vpc_entries:
            ctx.give(vgw, "vgw")


def _vgw_vpc(ctx: Ctx, vgw_key: str | None) -> str | None:
    vgw = ctx.est.vpn_gateways.get(vgw_key or "")
    if vgw is None or vgw_key not in ctx.names:
        return None
    return ctx.key(vgw.vpc)


def _sg_vpc(ctx: Ctx, sg: e.SecurityGroup) -> str | None:
    vkey = ctx.key(sg.vpc)
    return vkey if vkey in ctx.vpc_entries else None


# --------------------------------------------------------------------------- the whole pass


def add(ctx: Ctx, root: dict[str, object]) -> None:
    """Add the hybrid keys to the VPCs and the hybrid collections to the root."""
    for key in sorted(ctx.est.security_groups):
        sg = ctx.est.security_groups[key]
        if _sg_vpc(ctx, sg) is not None:
            ctx.give(sg, "sg")
    for key in sorted(ctx.est.network_acls):
        nacl = ctx.est.network_acls[key]
        if ctx.key(nacl.vpc) in ctx.vpc_entries and nacl.entries_known:
            ctx.give(nacl, "nacl")
    prefix_lists = _prefix_lists(ctx)
    for vkey in sorted(ctx.vpc_entries):
        _vpc_keys(ctx, vkey, prefix_lists)
    _endpoint_groups_and_policies(ctx)
    _workload_groups(ctx)
    resolver_endpoints = _resolver_endpoints(ctx)
    tgws = root.get("transit_gateways")
    assert isinstance(tgws, dict)
    on_prem = _on_premises(ctx, tgws)
    dxgws = _dx_gateways(ctx, tgws)
    rules = _resolver_rules(ctx, resolver_endpoints)
    for key, coll in (("direct_connect_gateways", dxgws), ("on_premises", on_prem),
                      ("resolver_rules", rules), ("prefix_lists", prefix_lists)):
        root[key] = coll
    s = ctx.summary.imported
    for key, label in (("security_groups", "security groups"), ("network_acls", "network ACLs"),
                       ("resolver_endpoints", "Resolver endpoints")):
        s[label] += sum(len(v.values.get(key, {})) for v in ctx.vpc_entries.values())
    s["virtual private gateways"] += sum("vpn_gateway" in v.values
                                         for v in ctx.vpc_entries.values())
    s["on-premises networks"] += len(on_prem)
    s["VPN connections"] += sum(len(n.values.get("connections", {})) for n in on_prem.values())
    s["Direct Connect gateways"] += len(dxgws)
    s["Resolver rules"] += len(rules)
    s["prefix lists"] += len(prefix_lists)


def _put_after(values: dict[str, object], after: str, key: str, value: object) -> None:
    """Insert `key` right after `after` (or at the end), keeping the other keys' order."""
    items = list(values.items())
    values.clear()
    placed = False
    for k, v in items:
        values[k] = v
        if k == after:
            values[key] = value
            placed = True
    if not placed:
        values[key] = value


def _own(entry: Entry, *keys: str) -> None:
    entry.owned = entry.owned | frozenset(keys)


# --------------------------------------------------------------------------- VPC keys


def _vpc_keys(ctx: Ctx, vkey: str, prefix_lists: Collection) -> None:
    entry = ctx.vpc_entries[vkey]
    # a key is the import's only when the source reads that kind of object (a re-import of an
    # older snapshot without VPN gateways keeps a hand-written `vpn_gateway`); collections are
    # always given (empty: nothing imported), so that imported objects gone from the source go
    if ctx.est.vpn_gateways:
        _own(entry, "vpn_gateway")
    vgws = sorted(k for k, v in ctx.est.vpn_gateways.items()
                  if ctx.key(v.vpc) == vkey and k in ctx.names)
    if vgws:
        after = "internet_gateway" if "internet_gateway" in entry.values else (
            "cidrs" if "cidrs" in entry.values else "cidr")
        _put_after(entry.values, after, "vpn_gateway", ctx.names[vgws[0]])
        tables = entry.values.get("route_tables")
        assert isinstance(tables, dict)
        for rkey, props in sorted(ctx.est.vgw_propagations.items()):
            rkey = ctx.key(rkey) or rkey
            name = ctx.names.get(rkey)
            if name in tables and any(ctx.key(p) == vgws[0] for p in props):
                table = tables[name]
                _put_after(table.values, "main" if "main" in table.values else "", "propagate",
                           True)
                table.values = {k: table.values[k] for k in
                                ("main", "propagate", "routes") if k in table.values}
        for table in tables.values():
            _own(table, "propagate")
    groups: Collection = {}
    for key in sorted(ctx.est.security_groups):
        sg = ctx.est.security_groups[key]
        if _sg_vpc(ctx, sg) != vkey:
            continue
        values: dict[str, object] = {"inbound": _sg_rules(ctx, sg, sg.ingress, vkey,
                                                          prefix_lists)}
        if sg.egress_known:
            values["outbound"] = _sg_rules(ctx, sg, sg.egress, vkey, prefix_lists)
            if values["outbound"] == [{"protocol": "all", "cidr": "0.0.0.0/0"}]:
                del values["outbound"]  # AWS's default rule: the format's absent `outbound`
        else:
            ctx.summary.note(f"security group {sg.label or key}: the input does not list its "
                             "outbound rules: AWS's default (allow all) is assumed")
        groups[ctx.names[key]] = Entry(values, comment(sg), frozenset({"inbound", "outbound"}))
    entry.values["security_groups"] = groups
    nacls: Collection = {}
    default_nacl: str | None = None
    for key in sorted(ctx.est.network_acls):
        nacl = ctx.est.network_acls[key]
        if ctx.key(nacl.vpc) != vkey:
            continue
        if not nacl.entries_known:
            ctx.summary.note(f"network ACL {nacl.label or key}: the input lists none of its "
                             "rules (AWS always lists at least the `*` rules): left out (its "
                             "subnets are treated as open)")
            continue
        if key not in ctx.names:
            continue
        values = {}
        if nacl.is_default and default_nacl is None:
            values["default"] = True
            default_nacl = key
        for direction, egress in (("inbound", False), ("outbound", True)):
            values[direction] = _nacl_rules(ctx, nacl, egress)
        nacls[ctx.names[key]] = Entry(values, comment(nacl),
                                      frozenset({"default", "inbound", "outbound"}))
    entry.values["network_acls"] = nacls
    entry.values["resolver_endpoints"] = {}  # filled by _resolver_endpoints
    if nacls:
        subnets = entry.values.get("subnets")
        assert isinstance(subnets, dict)
        for sub_entry in subnets.values():
            _own(sub_entry, "network_acl")
        for key in sorted(ctx.est.network_acls):
            if key not in ctx.names or ctx.names[key] not in nacls or key == default_nacl:
                continue
            for sub in ctx.est.network_acls[key].subnets:
                sname = ctx.names.get(ctx.key(sub) or "")
                if sname in subnets and "network_acl" not in subnets[sname].values:
                    subnets[sname].values["network_acl"] = ctx.names[key]


def _ports(proto: str, lo: int | None, hi: int | None) -> int | str | None:
    if proto not in ("tcp", "udp"):
        return None
    if lo is None or lo < 0:
        lo, hi = 0, 65535
    if hi is None or hi < 0:
        hi = 65535
    return lo if lo == hi else f"{lo}-{hi}"


def _sg_rules(ctx: Ctx, sg: e.SecurityGroup, rules: list[e.SgRule], vkey: str,
              prefix_lists: Collection) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    what = f"security group {sg.label or sg.key}"
    for rule in rules:
        proto = _PROTOCOLS.get(rule.protocol.lower())
        if proto is None:
            ctx.summary.note(f"{what}: a rule for IP protocol {rule.protocol} has no place in the "
                             "format (tcp, udp, icmp, all): left out")
            ctx.partial_groups.add(sg.key)
            continue
        head: dict[str, object] = {"protocol": proto}
        ports = _ports(proto, rule.from_port, rule.to_port)
        if ports is not None:
            head["ports"] = ports
        for cidr in rule.cidrs:
            v4 = ipv4_cidr(cidr)
            if v4 is None:
                ctx.not_read("IPv6 security group rule")
                continue
            out.append({**head, "cidr": v4})
        for ref in rule.others:
            target = {"security_group": ctx.names[sg.key]} if ref == "self" else \
                _sg_target(ctx, ref, vkey, prefix_lists)
            if target is None:
                ctx.summary.note(f"{what}: a rule names {ref}, which is not in the design (another "
                                 "VPC, outside the input, or an IPv6 list): rule left out, and "
                                 "the group is not attached to anything (unrestricted, as "
                                 "before security groups were read)")
                ctx.partial_groups.add(sg.key)
                continue
            out.append({**head, **target})
    unique: list[dict[str, object]] = []
    for rule_dict in out:
        if rule_dict not in unique:
            unique.append(rule_dict)
    return unique


def _sg_target(ctx: Ctx, ref: str, vkey: str, prefix_lists: Collection) -> dict[str, str] | None:
    ref = ref.rsplit("/", 1)[-1]  # a cross-account reference is written `account/sg-…`
    key = ctx.key(ref) or ref
    pl = ctx.est.prefix_lists.get(key)
    if pl is not None or ref.startswith("pl-"):
        if pl is not None and pl.aws_managed:
            service = parse(pl.name or "").service
            if service in ("s3", "dynamodb"):
                return {"prefix_list": service}
            return None
        name = ctx.names.get(key)
        if name in prefix_lists:
            return {"prefix_list": name}
        return None
    sg = ctx.est.security_groups.get(key)
    if sg is not None and key in ctx.names and (_sg_vpc(ctx, sg) == vkey or _peered_here(
            ctx, vkey, _sg_vpc(ctx, sg))):
        return {"security_group": ctx.names[key]}
    return None


def _peered_here(ctx: Ctx, vkey: str, other: str | None) -> bool:
    """A group of a VPC peered with this one in the same Region by an active peering: AWS lets
    rules name it (VPC peering guide, "Update your security groups to reference peer security
    groups"; topology-format-hybrid.md)."""
    if other is None or ctx.vpc_region.get(other) != ctx.vpc_region.get(vkey):
        return False
    for key in ctx.peerings_written:
        p = ctx.est.peerings[key]
        if {ctx.key(p.requester), ctx.key(p.accepter)} == {vkey, other} and \
                _status(p.status, p.accepted) == "active":
            return True
    return False


def _nacl_rules(ctx: Ctx, nacl: e.NetworkAcl, egress: bool) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    seen: set[int] = set()
    what = f"network ACL {nacl.label or nacl.key}"
    for entry in sorted(nacl.entries, key=lambda x: x.number):
        if entry.egress != egress or entry.number in seen:
            continue
        if entry.number == 32767:
            continue  # the `*` rule: implicit in the format
        if not 1 <= entry.number <= 32766:
            ctx.summary.note(f"{what}: rule {entry.number} is outside 1-32766: left out")
            continue
        if entry.cidr is None or ipv4_cidr(entry.cidr) is None:
            ctx.not_read("IPv6 network ACL rule")
            continue
        proto = _PROTOCOLS.get(entry.protocol.lower())
        if proto is None:
            ctx.summary.note(f"{what}: rule {entry.number} is for IP protocol {entry.protocol}, "
                             "which the format has no place for: left out")
            continue
        rule: dict[str, object] = {"rule": entry.number,
                                   "action": "allow" if entry.allow else "deny",
                                   "protocol": proto}
        ports = _ports(proto, entry.from_port, entry.to_port)
        if ports is not None:
            rule["ports"] = ports
        rule["cidr"] = ipv4_cidr(entry.cidr)
        seen.add(entry.number)
        out.append(rule)
    return out


# --------------------------------------------------------------------------- endpoints, workloads


def _group_names(ctx: Ctx, refs: list[str], vkey: str) -> list[str] | None:
    names = []
    for ref in refs:
        key = ctx.key(ref) or ref
        sg = ctx.est.security_groups.get(key)
        if sg is None or key not in ctx.names or _sg_vpc(ctx, sg) != vkey or \
                key in ctx.partial_groups:
            return None
        names.append(ctx.names[key])
    return sorted(dict.fromkeys(names))


def _endpoint_groups_and_policies(ctx: Ctx) -> None:
    for key in sorted(ctx.endpoint_vpc):
        vkey = ctx.endpoint_vpc[key]
        ep = ctx.est.endpoints[key]
        endpoints = ctx.vpc_entries[vkey].values.get("endpoints")
        assert isinstance(endpoints, dict)
        entry = endpoints.get(ctx.names.get(key, ""))
        if entry is None:
            continue
        if ep.security_groups is not None:
            _own(entry, "security_groups")
        kind = ctx.endpoint_kind.get(key)
        if kind == "interface" and ep.security_groups:
            names = _group_names(ctx, ep.security_groups, vkey)
            if names:
                entry.values.pop("allow_from", None)
                entry.values["security_groups"] = names
                stale = f"endpoint {ep.label or key}: security group "  # allow_from's note
                ctx.summary.notes[:] = [n for n in ctx.summary.notes if not n.startswith(stale)]
        if ep.policy is None or kind not in ("gateway", "interface"):
            continue
        try:
            form = small_form(ep.policy)
        except NotSmall as why:
            ctx.summary.note(f"endpoint {ep.label or key}: its policy cannot be written in the "
                             f"format's small form ({why}): left out (full access assumed)")
            continue
        _own(entry, "policy")  # the source's policy: written, or full access (no `policy`)
        if form is None:
            continue
        service = catalogue.service(ctx.endpoint_service.get(key, ""))
        if service is None or not service.endpoint_policy:
            ctx.summary.note(f"endpoint {ep.label or key}: a policy on a service vpcdocs does not "
                             "know to take one: left out")
            continue
        entry.values["policy"] = form


def _workload_groups(ctx: Ctx) -> None:
    for key in sorted(ctx.workloads_of):
        wl = ctx.est.workloads[key]
        if not wl.security_groups:
            continue
        for name in ctx.workloads_of[key]:
            vkey = ctx.workload_vpc[name]
            workloads = ctx.vpc_entries[vkey].values.get("workloads")
            assert isinstance(workloads, dict)
            names = _group_names(ctx, wl.security_groups, vkey)
            if name in workloads:
                _own(workloads[name], "security_groups")
            if names and name in workloads:
                workloads[name].values["security_groups"] = names


# --------------------------------------------------------------------------- Resolver


def _resolver_endpoints(ctx: Ctx) -> dict[str, tuple[str, str]]:
    """Resolver endpoint key -> (direction, VPC key), for those written."""
    written: dict[str, tuple[str, str]] = {}
    for key in sorted(ctx.est.resolver_endpoints):
        rep = ctx.est.resolver_endpoints[key]
        vkey = ctx.key(rep.vpc) or next((ctx.subnet_vpc[s] for s in (ctx.key(x) or "" for x in
                                                                     rep.subnets)
                                         if s in ctx.subnet_vpc), "")
        if vkey not in ctx.vpc_entries:
            continue
        direction = rep.direction.lower()
        subs = sorted({s for s in (ctx.key(x) for x in rep.subnets)
                       if s is not None and ctx.subnet_vpc.get(s) == vkey},
                      key=lambda s: (ctx.subnet_az[s], ctx.names[s]))
        if direction not in ("inbound", "outbound") or len(subs) < 2:
            ctx.summary.note(f"Resolver endpoint {rep.label or key}: its direction or its two "
                             "subnets are not in the input (list-resolver-endpoint-ip-addresses): "
                             "left out")
            continue
        values: dict[str, object] = {"direction": direction,
                                     "subnets": [ctx.names[s] for s in subs]}
        if rep.security_groups:
            names = _group_names(ctx, rep.security_groups, vkey)
            if names:
                values["security_groups"] = names
        name = ctx.give(rep, "rslvr")
        entry = ctx.vpc_entries[vkey]
        coll = entry.values["resolver_endpoints"]
        assert isinstance(coll, dict)
        coll[name] = Entry(values, comment(rep), frozenset({"direction", "subnets",
                                                           "security_groups"}), flow=True)
        written[key] = (direction, vkey)
    return written


def _resolver_rules(ctx: Ctx, endpoints: dict[str, tuple[str, str]]) -> Collection:
    out: Collection = {}
    for key in sorted(ctx.est.resolver_rules):
        rule = ctx.est.resolver_rules[key]
        if rule.rule_type.upper() != "FORWARD":
            ctx.not_read(f"Resolver rule of type {rule.rule_type} (system and recursive rules "
                         "are AWS's own resolution)")
            continue
        ekey = ctx.key(rule.endpoint) or ""
        domain = rule.domain.rstrip(".").lower()
        targets = [t for t in rule.targets if _ipv4(t)]
        direction, evpc = endpoints.get(ekey, ("", ""))
        if direction != "outbound" or not targets or not DNS_RE.fullmatch(domain):
            ctx.summary.note(f"Resolver rule {rule.label or key}: its outbound endpoint, target "
                             "addresses or domain are not in the input: left out")
            continue
        region = ctx.vpc_region.get(evpc)
        vpcs = sorted({ctx.names[v] for v in (ctx.key(x) for x in rule.vpcs)
                       if v in ctx.vpc_entries and ctx.vpc_region.get(v) == region})
        name = ctx.give(rule, "rule")
        values: dict[str, object] = {"domain": domain, "endpoint": ctx.names[ekey],
                                     "targets": targets}
        if vpcs:
            values["vpcs"] = vpcs
        out[name] = Entry(values, comment(rule), frozenset({"domain", "endpoint", "targets",
                                                           "vpcs"}))
    return out


def _ipv4(value: str) -> bool:
    try:
        return ipaddress.ip_address(value).version == 4
    except ValueError:
        return False


# --------------------------------------------------------------------------- prefix lists


def _prefix_lists(ctx: Ctx) -> Collection:
    out: Collection = {}
    for key in sorted(ctx.est.prefix_lists):
        pl = ctx.est.prefix_lists[key]
        if pl.aws_managed:
            continue  # AWS's lists (S3, DynamoDB) are named by their service
        cidrs = _cidrs(pl.cidrs)
        if not pl.entries_known or not cidrs or not is_region(pl.region):
            ctx.summary.note(f"prefix list {pl.label or key}: its entries or Region are not in "
                             "the input (get-managed-prefix-list-entries, IPv4 only): left out")
            continue
        name = ctx.give(pl, "pl")
        out[name] = Entry({"region": pl.region, "cidrs": cidrs}, comment(pl),
                          frozenset({"region", "cidrs"}), flow=True)
    return out


# --------------------------------------------------------------------------- VPN, on premises


def _vpn_gateway_name(ctx: Ctx, vpn: e.VpnConnection, tgw_names: set[str]) -> tuple[str, str,
                                                                                      str] | None:
    """(gateway name, 'vgw'|'tgw', Region) of a VPN connection, when its gateway is written."""
    vgw = ctx.key(vpn.vpn_gateway)
    if vgw:
        vkey = _vgw_vpc(ctx, vgw)
        if vkey is None:
            return None
        return ctx.names[vgw or ""], "vgw", ctx.vpc_region[vkey]
    tgw = ctx.key(vpn.transit_gateway)
    if tgw and ctx.names.get(tgw) in tgw_names:
        region = ctx.est.transit_gateways[tgw].region if tgw in ctx.est.transit_gateways else None
        return ctx.names[tgw], "tgw", region or vpn.region or ""
    return None


def _other_attachment(ctx: Ctx, kind: str, resource: str, tgw: str) -> str | None:
    for akey in sorted(ctx.est.tgw_other_attachments):
        att = ctx.est.tgw_other_attachments[akey]
        if att.kind == kind and ctx.key(att.resource) == resource and ctx.key(att.tgw) == tgw:
            return akey
    return None


def _on_premises(ctx: Ctx, tgws: dict[str, Any]) -> Collection:
    est = ctx.est
    tgw_names = set(tgws)
    by_cgw: dict[str, list[str]] = {}
    for key in sorted(est.vpn_connections):
        vpn = est.vpn_connections[key]
        by_cgw.setdefault(ctx.key(vpn.customer_gateway) or f"{key}#site", []).append(key)
    out: Collection = {}
    for ckey in sorted(by_cgw):
        cgw = est.customer_gateways.get(ckey)
        conns: dict[str, list[str]] = {}
        plans: list[tuple[e.VpnConnection, dict[str, object], str, str | None]] = []
        cidrs: list[str] = []
        region = None
        for vkey in by_cgw[ckey]:
            vpn = est.vpn_connections[vkey]
            gw = _vpn_gateway_name(ctx, vpn, tgw_names)
            if gw is None:
                ctx.summary.note(f"VPN connection {vpn.label or vkey}: its virtual private or "
                                 "transit gateway is not in the design: left out")
                continue
            gname, gkind, gregion = gw
            if region is not None and gregion != region:
                ctx.summary.note(f"VPN connection {vpn.label or vkey}: its gateway is in another "
                                 "Region than the other connections of its customer gateway: "
                                 "left out")
                continue
            region = gregion
            values: dict[str, object] = {"type": "vpn", "gateway": gname}
            static = vpn.static_routes_only is True
            learned: list[str] = []
            att = None
            if gkind == "tgw":
                att = _other_attachment(ctx, "vpn", vkey, ctx.key(vpn.transit_gateway) or "")
                if att is None:
                    ctx.summary.note(f"VPN connection {vpn.label or vkey}: its transit gateway "
                                     "attachment is not in the input: left out")
                    continue
                learned = est.learned.get(att, [])
                if static:
                    learned = [r.dest for r in est.tgw_routes
                               if ctx.key(r.attachment) in (att, vkey) and not r.blackhole]
            elif static:
                learned = vpn.static_routes
            else:
                learned = est.learned.get(ctx.key(vpn.vpn_gateway) or "", [])
            if static:
                values["routing"] = "static"
                if gkind == "vgw":
                    values["static_routes"] = _cidrs(learned)
            mine = _cidrs(learned)
            cidrs.extend(mine)
            plans.append((vpn, values, gkind, att))
            conns[vkey] = mine
        cidrs = _cidrs(cidrs)
        if not plans:
            continue
        label = (cgw.tag_name or cgw.label if cgw else None) or ckey
        if not cidrs or (any(p[2] == "vgw" and p[1].get("routing") == "static"
                             and not p[1].get("static_routes") for p in plans)):
            ctx.summary.note(f"customer gateway {label}: AWS's API does not say which address "
                             "ranges are behind it (no static routes, no learned routes in the "
                             "input): its on-premises network and VPN connections are left out; "
                             "write them by hand (docs/hybrid.md)")
            continue
        site = cgw or e.CustomerGateway(ckey, plans[0][0].origin, label=f"{label}-site")
        name = ctx.give(site, "site")
        connections: Collection = {}
        for vpn, values, _kind, att in plans:
            mine = conns[vpn.key]
            if values.get("routing") != "static" and mine and mine != cidrs:
                values["advertise"] = mine
            cname = ctx.give(vpn, "vpn")
            connections[cname] = Entry(values, comment(vpn),
                                       frozenset({"type", "gateway", "routing", "static_routes",
                                                  "advertise"}), flow=True)
            if att is not None:
                _tgw_attachment(ctx, tgws, att, {"vpn": cname})
        text = comment(site) if cgw else f"{comment(site)}: the site behind VPN connections " \
                                          "whose customer gateway is not in the input"
        out[name] = Entry({"region": region, "cidrs": cidrs, "connections": connections}, text,
                          frozenset({"region", "cidrs"}))
        if cgw is None:
            ctx.summary.stubs.append(f"on-premises network `{name}` (its customer gateway is not "
                                     "in the input)")
    if out:
        ctx.summary.note("on-premises networks are read from customer gateways and VPN "
                         "connections; their ranges from static and learned routes (AWS's API "
                         "holds no list of on-premises ranges); Direct Connect connections, "
                         "routes, DNS and workloads of a site are yours to add")
    return out


def _tgw_attachment(ctx: Ctx, tgws: dict[str, Any], akey: str, values: dict[str, object]) -> str:
    """Write a VPN or Direct Connect gateway attachment on its transit gateway: its route table
    (the association in the input, else the gateway's default), its propagations and the static
    routes that name it."""
    est = ctx.est
    att = est.tgw_other_attachments.get(akey)
    tkey = ctx.key(att.tgw) if att is not None else ctx.key(akey.split("@", 1)[1])
    tgw_obj = est.transit_gateways.get(tkey or "")
    tgw_entry = tgws[ctx.names[tkey or ""]]
    target = values.get("vpn") or values.get("direct_connect_gateway")
    stand_in = att or e.Obj(akey, tgw_obj.origin if tgw_obj else "", label=f"att-{target}")
    name = ctx.give(stand_in, "att", f"att-{target}")
    ctx.summary.imported["TGW attachments"] += 1
    tables = tgw_entry.values["route_tables"]
    mine = {akey, ctx.key(att.resource) if att is not None else akey}
    table_key = next((ctx.key(a.route_table) for a in est.tgw_associations
                      if ctx.key(a.attachment) in mine and ctx.names.get(ctx.key(a.route_table)
                                                                          or "") in tables), None)
    if table_key is None and tgw_obj is not None and tgw_obj.auto_association:
        table_key = ctx.key(tgw_obj.default_association_rt)
    props = {ctx.key(a.route_table) for a in est.tgw_propagations if ctx.key(a.attachment) in mine}
    if tgw_obj is not None and tgw_obj.auto_propagation and tgw_obj.default_propagation_rt:
        props.add(ctx.key(tgw_obj.default_propagation_rt))
    if table_key is not None and ctx.names.get(table_key) in tables:
        values["route_table"] = ctx.names[table_key]
    tgw_entry.values["attachments"][name] = Entry(
        values, comment(stand_in) if att else f"{comment(stand_in)}: created by the Direct "
        "Connect gateway association", frozenset({*values}), flow=True)
    for rkey in sorted(p for p in props if p is not None):
        table = tables.get(ctx.names.get(rkey, ""))
        if table is not None and name not in table.values["propagations"]:
            table.values["propagations"] = sorted([*table.values["propagations"], name])
    for r in est.tgw_routes:
        table = tables.get(ctx.names.get(ctx.key(r.route_table) or "", ""))
        dest = ipv4_cidr(r.dest)
        if table is None or ctx.key(r.attachment) not in mine or dest is None or r.blackhole:
            continue
        routes = table.values["routes"]
        if not any(x["to"] == dest for x in routes):
            routes.append({"to": dest, "via": name})
            routes.sort(key=lambda x: _net_key(str(x["to"])))
    return name


# --------------------------------------------------------------------------- Direct Connect


def _dx_gateways(ctx: Ctx, tgws: dict[str, Any]) -> Collection:
    est = ctx.est
    by_dx: dict[str, list[e.DxAssociation]] = {}
    for a in est.dx_associations:
        by_dx.setdefault(ctx.key(a.dx_gateway) or a.dx_gateway, []).append(a)
    out: Collection = {}
    for dkey in sorted(by_dx):
        assocs: list[dict[str, object]] = []
        pending_tgw: list[str] = []
        for a in sorted(by_dx[dkey], key=lambda x: ctx.key(x.gateway) or ""):
            gkey = ctx.key(a.gateway) or a.gateway
            allowed = _cidrs(a.allowed_prefixes or [])
            vkey = _vgw_vpc(ctx, gkey)
            if vkey is not None:
                item: dict[str, object] = {"gateway": ctx.names[gkey]}
                if a.allowed_prefixes is not None and allowed and allowed != _cidrs(
                        ctx.vpc_cidrs[vkey]):
                    item["allowed_prefixes"] = allowed
                assocs.append(item)
            elif ctx.names.get(gkey) in tgws:
                if not allowed:
                    ctx.summary.note(f"Direct Connect gateway association {dkey} -> {gkey}: its "
                                     "allowed prefixes are not in the input (required for a "
                                     "transit gateway): left out")
                    continue
                assocs.append({"gateway": ctx.names[gkey], "allowed_prefixes": allowed})
                pending_tgw.append(gkey)
            else:
                ctx.summary.note(f"Direct Connect gateway association {dkey} -> {gkey}: the "
                                 "gateway is not in the design: left out")
        if not assocs:
            continue
        if pending_tgw and len(pending_tgw) != len(assocs):
            ctx.summary.note(f"Direct Connect gateway {dkey} is associated with both virtual "
                             "private and transit gateways: left out")
            continue
        dx = est.dx_gateways.get(dkey) or e.DxGateway(dkey, by_dx[dkey][0].origin, label=dkey)
        name = ctx.give(dx, "dxgw")
        for tkey in pending_tgw:
            akey = _other_attachment(ctx, "direct-connect-gateway", dkey, tkey) or f"{dkey}@{tkey}"
            _tgw_attachment(ctx, tgws, akey, {"direct_connect_gateway": name})
        out[name] = Entry({"associations": assocs}, comment(dx), frozenset({"associations"}))
    if out:
        ctx.summary.note("Direct Connect gateways are read with their associations; the "
                         "on-premises side (virtual interfaces and what each site announces) is "
                         "not in these APIs: add a `type: direct-connect` connection to your "
                         "on-premises network by hand")
    return out

