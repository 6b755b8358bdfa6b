"""The links of an imported design: peerings, transit gateways, endpoint services, endpoints,
routes and hosted zones (`design.py` has the VPCs and what is only inside one).

AWS facts used here (aws-networking-facts.md and the AWS docs cited):
* A transit gateway attachment is associated with, and propagates to, the transit gateway's
  default route table when the gateway's default association/propagation is on and the
  attachment does not turn it off (Transit Gateway guide, "Transit gateway route tables").
* A transit gateway peering attachment is one AWS object seen from both gateways; the format
  declares it on each (`peer:`), so it becomes two attachments.
* Routes AWS adds itself (the `local` route, a gateway endpoint's prefix-list route) are implicit
  in the format; propagated routes are given by `propagations`.
"""

from __future__ import annotations

import ipaddress

from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import (
    ServiceRef,
    endpoint_id_in,
    ipv4_cidr,
    is_account,
    is_region,
)
from vpcdocs.importers.awsnames import parse_service_name as parse
from vpcdocs.importers.design import GONE, ROUTE_KINDS, Ctx, comment, in_vpc
from vpcdocs.importers.document import Collection, Entry
from vpcdocs.loader import catalogue
from vpcdocs.loader.schema import DNS_RE, NAME_PATTERN, PRINCIPAL_RE

PENDING = {"pending-acceptance", "pendingacceptance", "initiating-request", "initiatingrequest",
           "initiating", "provisioning", "pending"}


def _net_key(route: dict[str, object]) -> tuple[int, int]:
    net = ipaddress.ip_network(str(route["to"]))
    return (int(net.network_address), net.prefixlen)


# --------------------------------------------------------------------------- peerings


def _status(code: str | None, accepted: bool) -> str | None:
    """active | pending | None (gone)."""
    low = (code or "").lower()
    if low in GONE:
        return None
    if low in PENDING and not accepted:
        return "pending"
    return "active"


def stub_vpc(ctx: Ctx, vkey: str, info: dict[str, object], vpcs: Collection,
             why: str) -> bool:
    """A VPC outside the input, written from what the source says of it (Region and CIDR)."""
    if vkey in ctx.vpc_region:
        return True
    region, cidr = info.get("region"), ipv4_cidr(info.get("cidr"))
    if not is_region(region) or cidr is None:
        return False
    assert isinstance(region, str)
    obj = e.Vpc(vkey, str(info.get("origin", "")), label=str(info.get("id") or vkey))
    name = ctx.give(obj, "vpc")
    values: dict[str, object] = {"region": region}
    account = info.get("account")
    if is_account(account):
        values["account"] = account
    values["cidr"] = cidr
    entry = Entry(values, f"{comment(obj)}: stub for {why}, outside the input",
                  frozenset({"region", "account", "cidr"}))
    for coll in ("subnets", "route_tables", "nat_gateways", "endpoints", "workloads"):
        entry.values[coll] = {}
    vpcs[name] = entry
    ctx.vpc_region[vkey] = region
    ctx.vpc_cidrs[vkey] = [cidr]
    ctx.vpc_entries[vkey] = entry
    ctx.summary.stubs.append(f"VPC `{name}` ({info.get('id') or vkey}, {why}): only its Region "
                             "and CIDR are known")
    return True


def peerings(ctx: Ctx, vpcs: Collection) -> Collection:
    out: Collection = {}
    pairs: set[frozenset[str]] = set()
    for key in sorted(ctx.est.peerings):
        p = ctx.est.peerings[key]
        status = _status(p.status, p.accepted)
        if status is None:
            ctx.skip("peerings (deleted, rejected, failed or expired)")
            continue
        req, acc = ctx.key(p.requester), ctx.key(p.accepter)
        ok = True
        for vkey, info in ((req, p.requester_info), (acc, p.accepter_info)):
            if vkey is None or not stub_vpc(ctx, vkey, {**info, "origin": p.origin}, vpcs,
                                            f"the other side of peering {p.label or key}"):
                ok = False
        if not ok or req is None or acc is None:
            ctx.summary.note(f"peering {p.label or key}: a VPC it connects is outside the input "
                             "and the input does not give its Region and CIDR: left out")
            continue
        pair = frozenset((req, acc))
        if pair in pairs or req == acc:
            ctx.summary.note(f"peering {p.label or key} repeats another peering of the same VPCs:"
                             " left out")
            continue
        pairs.add(pair)
        name = ctx.give(p, "pcx")
        values: dict[str, object] = {"requester": ctx.names[req], "accepter": ctx.names[acc]}
        if status == "pending":
            values["status"] = "pending"
        out[name] = Entry(values, comment(p), frozenset({"requester", "accepter", "status"}),
                          flow=True)
        ctx.peerings_written.add(key)
    return out


# --------------------------------------------------------------------------- transit gateways


def _tgw_region(ctx: Ctx, tgw: e.TransitGateway) -> str | None:
    if tgw.region:
        return tgw.region
    for att in ctx.est.tgw_vpc_attachments.values():
        if ctx.key(att.tgw) == tgw.key and ctx.key(att.vpc) in ctx.vpc_region:
            return ctx.vpc_region[ctx.key(att.vpc) or ""]
    return None


def transit_gateways(ctx: Ctx) -> Collection:
    est = ctx.est
    tgws: dict[str, str] = {}  # key -> region
    for key in sorted(est.transit_gateways):
        region = _tgw_region(ctx, est.transit_gateways[key])
        if region is None:
            ctx.summary.note(f"transit gateway {est.transit_gateways[key].label or key}: its "
                             "Region is not in the input: left out")
            continue
        tgws[key] = region
    # peering attachments: both sides, stubs for a gateway outside the input
    peer_sides: dict[tuple[str, str], tuple[str, str, str | None]] = {}
    stubs: dict[str, e.TransitGateway] = {}
    peerings: list[tuple[e.TgwPeering, str, str, str]] = []
    for key in sorted(est.tgw_peerings):
        p = est.tgw_peerings[key]
        status = _status(p.status, p.accepted)
        if status is None:
            ctx.skip("transit gateway peering attachments (deleted, rejected or failed)")
            continue
        if p.status is None and not p.accepted:
            status = "pending"
            ctx.summary.note(f"transit gateway peering {p.label or key}: no accepter in the input,"
                             " written as pending")
        req, acc = ctx.key(p.requester_tgw), ctx.key(p.accepter_tgw)
        if req is None or acc is None:
            continue
        for side, region in ((req, p.requester_region), (acc, p.accepter_region)):
            if side not in tgws and side not in stubs and is_region(region):
                assert region is not None
                stubs[side] = e.TransitGateway(side, p.origin, label=side, region=region)
        if (req not in tgws and req not in stubs) or (acc not in tgws and acc not in stubs):
            ctx.summary.note(f"transit gateway peering {p.label or key}: a transit gateway it "
                             "connects is outside the input: left out")
            continue
        if req not in tgws and acc not in tgws:
            continue
        peerings.append((p, req, acc, status))
    for key, stub in sorted(stubs.items()):
        tgws[key] = stub.region or ""
    for key in tgws:
        ctx.give(est.transit_gateways.get(key) or stubs[key], "tgw")
    # VPC attachments
    atts: dict[str, e.TgwVpcAttachment] = {}
    for key in sorted(est.tgw_vpc_attachments):
        att = est.tgw_vpc_attachments[key]
        tkey, vkey = ctx.key(att.tgw) or "", ctx.key(att.vpc) or ""
        if tkey not in tgws or vkey not in ctx.vpc_region:
            continue
        if ctx.vpc_region[vkey] != tgws[tkey]:
            continue
        if not any(ctx.subnet_vpc.get(ctx.key(x) or "") == vkey for x in att.subnets):
            ctx.summary.note(f"transit gateway attachment {att.label or key}: its subnets are not "
                             "in the input: left out")
            continue
        atts[key] = att
        ctx.give(att, "att")
        ctx.tgw_attached.setdefault(vkey, set()).add(tkey)
    for p, req, acc, _ in peerings:
        base = p.tag_name or p.label or p.key
        for side, other in ((req, acc), (acc, req)):
            stand_in = e.Obj(f"{p.key}@{side}", p.origin,
                             tag_name=base if side == req else f"{base}-accepter", label=p.key)
            name = ctx.give(stand_in, "att")
            peer_sides[(p.key, side)] = (name, other, None)
    # route tables (and the default ones that the input does not hold)
    rts = {k: rt for k, rt in sorted(est.tgw_route_tables.items()) if ctx.key(rt.tgw) in tgws}
    default_rt: dict[str, tuple[str | None, str | None]] = {}
    for tkey in tgws:
        tgw = est.transit_gateways.get(tkey)
        if tgw is None:
            continue
        assoc = ctx.key(tgw.default_association_rt) if tgw.auto_association else None
        prop = ctx.key(tgw.default_propagation_rt) if tgw.auto_propagation else None
        default_rt[tkey] = (assoc, prop)
        for rkey in (assoc, prop):
            if rkey is not None and rkey not in rts:
                rts[rkey] = e.TgwRouteTable(rkey, tgw.origin, label=f"{ctx.names[tkey]}-default-rt",
                                            tgw=tkey)
                ctx.summary.stubs.append(f"default route table of transit gateway "
                                         f"`{ctx.names[tkey]}` (not in the input; its associations"
                                         " and propagations follow the gateway's defaults)")
    for rkey in sorted(rts):
        ctx.give(rts[rkey], "tgw-rt")
    assoc_of: dict[tuple[str, str], str] = {}
    for a in est.tgw_associations:
        rkey = ctx.key(a.route_table)
        if rkey in rts:
            tkey = ctx.key(rts[rkey or ""].tgw) or ""
            assoc_of.setdefault((ctx.key(a.attachment) or "", tkey), rkey or "")
    props: dict[str, list[str]] = {}
    for a in est.tgw_propagations:
        rkey = ctx.key(a.route_table)
        akey = ctx.key(a.attachment) or ""
        if rkey in rts and akey in atts and ctx.key(atts[akey].tgw) == ctx.key(rts[rkey or ""].tgw):
            props.setdefault(rkey or "", []).append(akey)
    # the entries
    out: Collection = {}
    tgw_entries: dict[str, Entry] = {}
    for tkey, region in tgws.items():
        tgw = est.transit_gateways.get(tkey) or stubs[tkey]
        text = comment(tgw) if tkey in est.transit_gateways else (
            f"{comment(tgw)}: stub for the peer of a transit gateway peering, outside the input")
        entry = Entry({"region": region, "attachments": {}, "route_tables": {}}, text,
                      frozenset({"region"}))
        tgw_entries[tkey] = entry
        out[ctx.names[tkey]] = entry
    for akey, att in atts.items():
        tkey, vkey = ctx.key(att.tgw) or "", ctx.key(att.vpc) or ""
        subs = sorted({s for s in (ctx.key(x) for x in att.subnets)
                       if s is not None and ctx.subnet_vpc.get(s) == vkey},
                      key=lambda s: (ctx.subnet_az[s], ctx.names[s]))
        subs = _one_per_az(ctx, subs)
        values: dict[str, object] = {"vpc": ctx.names[vkey], "subnets": [ctx.names[s] for s in subs]}
        rkey = assoc_of.get((akey, tkey))
        assoc_default, prop_default = default_rt.get(tkey, (None, None))
        if rkey is None and att.default_association is not False and assoc_default is not None:
            rkey = assoc_default
        if rkey is not None:
            values["route_table"] = ctx.names[rkey]
        if att.default_propagation is not False and prop_default is not None:
            props.setdefault(prop_default, [])
            if akey not in props[prop_default]:
                props[prop_default].append(akey)
        tgw_entries[tkey].values["attachments"][ctx.names[akey]] = Entry(
            values, comment(att), frozenset({"vpc", "subnets", "route_table", "status"}),
            flow=True)
    for p, req, acc, status in peerings:
        for side in (req, acc):
            name, other, _ = peer_sides[(p.key, side)]
            values = {"peer": ctx.names[other]}
            rkey = assoc_of.get((p.key, side))
            if rkey is not None:
                values["route_table"] = ctx.names[rkey]
            if status == "pending":
                values["status"] = "pending"
            text = comment(p, "the accepter's side" if side == acc else "")
            tgw_entries[side].values["attachments"][name] = Entry(
                values, text, frozenset({"peer", "route_table", "status"}), flow=True)
    for rkey, rt in rts.items():
        tkey = ctx.key(rt.tgw) or ""
        routes: list[dict[str, object]] = []
        seen: set[str] = set()
        for r in (x for x in est.tgw_routes if ctx.key(x.route_table) == rkey):
            dest = ipv4_cidr(r.dest)
            if dest is None:
                ctx.not_read("transit gateway route to an IPv6 block or prefix list")
                continue
            if dest in seen:
                continue
            if r.blackhole:
                routes.append({"to": dest, "blackhole": True})
            else:
                akey = ctx.key(r.attachment) or ""
                via = ctx.names.get(akey) if akey in atts else None
                if via is None and (akey, tkey) in peer_sides:
                    via = peer_sides[(akey, tkey)][0]
                if via is None and (akey in est.tgw_other_attachments or akey in est.vpn_connections):
                    continue  # a VPN or Direct Connect gateway attachment: design_hybrid's
                if via is None:
                    ctx.not_read("transit gateway route to an attachment the format has no place "
                                 "for (VPN, Direct Connect, Connect) or outside the input")
                    continue
                routes.append({"to": dest, "via": via})
            seen.add(dest)
        values = {"propagations": sorted(ctx.names[a] for a in dict.fromkeys(props.get(rkey, []))),
                  "routes": sorted(routes, key=_net_key)}
        text = comment(rt) if rkey in est.tgw_route_tables else (
            f"{comment(rt)}: stub: the transit gateway's default route table, not in the input")
        tgw_entries[tkey].values["route_tables"][ctx.names[rkey]] = Entry(
            values, text, frozenset({"propagations", "routes"}))
    return out


# --------------------------------------------------------------------------- endpoint services


def endpoint_services(ctx: Ctx) -> Collection:
    est = ctx.est
    out: Collection = {}
    used_lbs: set[str] = set()
    for key in sorted(est.endpoint_services):
        svc = est.endpoint_services[key]
        lb = None
        for ref in svc.load_balancers:
            cand = est.load_balancers.get(ctx.key(ref) or "")
            if cand is not None and cand.type in ("network", "gateway") and cand.key not in used_lbs:
                lb = cand
                break
        subs = [s for s in (ctx.key(x) for x in (lb.subnets if lb else [])) if s in ctx.subnet_vpc]
        if lb is None or not subs:
            ctx.summary.note(f"endpoint service {svc.label or key}: its network or gateway load "
                             "balancer (and subnets) are not in the input: left out")
            continue
        used_lbs.add(lb.key)
        vkey: str = ctx.subnet_vpc[subs[0] or ""]
        subs = sorted({s for s in subs if s is not None and ctx.subnet_vpc[s] == vkey},
                      key=lambda s: (ctx.subnet_az[s], ctx.names[s]))
        subs = _one_per_az(ctx, subs)
        name = ctx.give(svc, "svc")
        lb_name = ctx.give(lb, "nlb" if lb.type == "network" else "gwlb", lb.name)
        targets: list[str] = []
        for tg in est.target_groups.values():
            if lb.key not in {ctx.key(x) for x in tg.load_balancers}:
                continue
            for t in tg.targets:
                names = ctx.workloads_of.get(ctx.key(t) or "") or _by_ip(ctx, t)
                targets.extend(n for n in names if ctx.workload_vpc.get(n) == vkey)
        lb_values: dict[str, object] = {"name": lb_name, "type": lb.type,
                                        "subnets": [ctx.names[s] for s in subs],
                                        "targets": sorted(dict.fromkeys(targets))}
        values: dict[str, object] = {"vpc": ctx.names[vkey], "load_balancer": lb_values}
        if svc.acceptance_required is False:
            values["acceptance_required"] = False
        principals = sorted({p for p in svc.principals if p == "*" or PRINCIPAL_RE.fullmatch(p)})
        bad = sorted(set(svc.principals) - set(principals))
        if bad:
            ctx.summary.note(f"endpoint service {name}: allowed principals that are not account, "
                             f"role or user ARNs are not written: {', '.join(bad)}")
        if principals:
            values["allowed_principals"] = principals
        home = ctx.vpc_region[vkey]
        regions = sorted({r for r in svc.supported_regions if is_region(r) and r != home})
        if regions:
            values["supported_regions"] = regions
        dns = (svc.private_dns_name or "").rstrip(".")
        if dns and lb.type == "network" and DNS_RE.fullmatch(dns):
            values["private_dns_name"] = dns
            ctx.es_private_dns.add(key)
        entry = Entry(values, comment(svc), frozenset(
            {"vpc", "load_balancer", "acceptance_required", "allowed_principals",
             "supported_regions", "private_dns_name"}))
        out[name] = entry
        ctx.es_written.add(key)
    return out


def _one_per_az(ctx: Ctx, subnets: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for s in subnets:
        if ctx.subnet_az[s] not in seen:
            seen.add(ctx.subnet_az[s])
            out.append(s)
    return out


def _by_ip(ctx: Ctx, target: str) -> list[str]:
    for key, wl in ctx.est.workloads.items():
        if wl.private_ip and wl.private_ip == target:
            return ctx.workloads_of.get(key, [])
    return []


# --------------------------------------------------------------------------- endpoints


_TYPES = {"gateway": "gateway", "interface": "interface",
          "gatewayloadbalancer": "gateway-load-balancer"}


def endpoints(ctx: Ctx) -> None:
    est = ctx.est
    s3_gateway = {ctx.key(ep.vpc) for ep in est.endpoints.values()
                  if ep.type.lower() == "gateway" and parse(ep.service_name).service == "s3"}
    for key in sorted(est.endpoints):
        ep = est.endpoints[key]
        vkey = ctx.key(ep.vpc) or ""
        if vkey not in ctx.vpc_entries:
            continue
        if (ep.state or "").lower() in GONE:
            ctx.skip("endpoints (deleted, rejected, failed or expired)")
            continue
        kind = _TYPES.get(ep.type.lower().replace("_", ""))
        if kind is None:
            ctx.not_read(f"VPC endpoint of type {ep.type}")
            continue
        ref = parse(ep.service_name)
        region = ctx.vpc_region[vkey]
        service_region = ep.service_region if is_region(ep.service_region) else None
        private_default = True
        es_key = ctx.es_by_service_name.get(ep.service_name) or (
            ctx.es_by_service_name.get(ref.endpoint_service) if ref.endpoint_service else None)
        if es_key is not None and ref.endpoint_service is None:
            ref = ServiceRef(None, es_key, ref.region)
        if ref.endpoint_service is not None:
            if es_key is None or es_key not in ctx.es_written:
                ctx.summary.note(f"endpoint {ep.label or key} reaches {ep.service_name}, an "
                                 "endpoint service outside the input: left out")
                continue
            service = ctx.names[es_key]
            svc_region = ctx.vpc_region[ctx.key(_service_vpc(ctx, es_key)) or ""]
            service_region = svc_region if svc_region != region else None
            private_default = es_key in ctx.es_private_dns
        else:
            service = ref.service or ""
            if not _valid_name(service):
                ctx.summary.note(f"endpoint {ep.label or key}: service name {ep.service_name} "
                                 "is not one the format can hold: left out")
                continue
            if service_region is None and ref.region and ref.region != region:
                service_region = ref.region
            if service_region == region:
                service_region = None
            known = catalogue.service(service)
            private_default = known.private_dns if known is not None else True
        values: dict[str, object] = {"type": kind, "service": service}
        owned = {"type", "service", "service_region", "route_tables", "subnets", "private_dns",
                 "private_dns_inbound_only", "accepted"}
        if service_region:
            values["service_region"] = service_region
        if kind == "gateway":
            values["route_tables"] = sorted(ctx.names[r] for r in
                                            (ctx.key(x) for x in ep.route_tables)
                                            if r in ctx.names and r in est.route_tables
                                            and ctx.key(est.route_tables[r].vpc) == vkey)
        else:
            subs = sorted({s for s in (ctx.key(x) for x in ep.subnets)
                           if s is not None and ctx.subnet_vpc.get(s) == vkey},
                          key=lambda s: (ctx.subnet_az[s], ctx.names[s]))
            if not subs:
                ctx.summary.note(f"endpoint {ep.label or key}: its subnets are not in the input: "
                                 "left out")
                continue
            values["subnets"] = [ctx.names[s] for s in subs]
        if kind == "interface":
            dns = ep.private_dns if ep.private_dns is not None else private_default
            if ref.endpoint_service is not None and not private_default:
                dns = False  # a service without a private DNS name offers none (AWS refuses it)
            if dns != private_default:
                values["private_dns"] = dns
            if dns and service in ("s3", "dynamodb") and ref.endpoint_service is None:
                inbound = ep.inbound_only
                if inbound is None and service == "s3" and vkey not in s3_gateway:
                    inbound = False  # AWS turns it on only alongside a gateway endpoint
                default = service == "s3"
                if inbound is not None and inbound != default:
                    values["private_dns_inbound_only"] = inbound
            allow = _allow_from(ctx, ep)
            if allow is not None:
                values["allow_from"] = allow
                owned.add("allow_from")
            if ref.endpoint_service is not None and (ep.state or "").lower() == "available":
                values["accepted"] = True
        name = ctx.give(ep, "vpce")
        ctx.vpc_entries[vkey].values["endpoints"][name] = Entry(values, comment(ep),
                                                               frozenset(owned))
        ctx.endpoint_kind[key] = kind
        ctx.endpoint_vpc[key] = vkey
        ctx.endpoint_service[key] = service


def _service_vpc(ctx: Ctx, es_key: str) -> str | None:
    svc = ctx.est.endpoint_services[es_key]
    for ref in svc.load_balancers:
        lb = ctx.est.load_balancers.get(ctx.key(ref) or "")
        if lb is not None:
            for s in lb.subnets:
                if ctx.key(s) in ctx.subnet_vpc:
                    return ctx.subnet_vpc[ctx.key(s) or ""]
    return None


def _valid_name(name: str) -> bool:
    import re

    return re.fullmatch(NAME_PATTERN, name) is not None


def _covers_https(rule: e.SgRule) -> bool:
    proto = rule.protocol.lower()
    if proto in ("-1", "all"):
        return True
    if proto not in ("tcp", "6"):
        return False
    lo = rule.from_port if rule.from_port is not None else 0
    hi = rule.to_port if rule.to_port is not None else 65535
    return lo <= 443 <= hi or (lo == 0 and hi in (0, -1))


def _allow_from(ctx: Ctx, ep: e.Endpoint) -> list[str] | None:
    """The IPv4 blocks the endpoint's security groups admit on 443; None when unknown (no groups
    in the input) or not expressible as blocks (a rule admits another group or a prefix list)."""
    if ep.security_groups is None or not ep.security_groups:
        return None
    cidrs: set[str] = set()
    for ref in ep.security_groups:
        sg = ctx.est.security_groups.get(ctx.key(ref) or "")
        if sg is None:
            return None
        for rule in sg.ingress:
            if not _covers_https(rule):
                continue
            if rule.others:
                ctx.summary.note(f"endpoint {ep.label or ep.key}: security group {sg.label or sg.key}"
                                 " admits other security groups or prefix lists, which the format "
                                 "cannot state as blocks: `allow_from` left out (allowed, an "
                                 "assumption)")
                return None
            cidrs.update(c for c in (ipv4_cidr(x) for x in rule.cidrs) if c)
    return sorted(cidrs, key=lambda c: _net_key({"to": c}))


# --------------------------------------------------------------------------- VPC routes


def vpc_routes(ctx: Ctx) -> None:
    est = ctx.est
    for key in sorted(est.route_tables):
        rt = est.route_tables[key]
        vkey = ctx.key(rt.vpc) or ""
        if key not in ctx.names or vkey not in ctx.vpc_entries:
            continue
        routes: list[dict[str, object]] = []
        seen: set[str] = set()
        for r in rt.routes:
            via = _route_target(ctx, vkey, r)
            if via is None:
                continue
            dest = ipv4_cidr(r.dest) or ""
            if dest in seen:
                continue
            seen.add(dest)
            routes.append({"to": dest, "via": via})
        table = ctx.vpc_entries[vkey].values["route_tables"][ctx.names[key]]
        table.values["routes"] = sorted(routes, key=_net_key)


def _route_target(ctx: Ctx, vkey: str, r: e.Route) -> str | None:
    kind = r.kind
    if kind == "local":
        return None
    if r.dest.startswith("pl-"):
        target = ctx.key(r.target)
        if kind == "vpce" and ctx.endpoint_kind.get(target or "") == "gateway":
            return None
        if kind == "vpce" and target in ctx.est.endpoints and \
                ctx.est.endpoints[target or ""].type.lower() == "gateway":
            return None
        ctx.not_read(ROUTE_KINDS["prefix-list"])
        return None
    dest = ipv4_cidr(r.dest)
    if dest is None:
        ctx.not_read(ROUTE_KINDS["ipv6"] if ":" in r.dest else ROUTE_KINDS["other"])
        return None
    if in_vpc(dest, ctx.vpc_cidrs[vkey]):
        return None
    target = ctx.key(r.target) or ""
    if kind == "blackhole":
        ctx.not_read(ROUTE_KINDS["blackhole"])
        return None
    if kind == "igw":
        igw = ctx.est.internet_gateways.get(target)
        if igw is not None and ctx.key(igw.vpc) == vkey and target in ctx.names:
            return ctx.names[target]
    elif kind == "nat":
        nat = ctx.est.nat_gateways.get(target)
        if nat is not None and not nat.public:
            ctx.not_read(ROUTE_KINDS["nat-private"])
            return None
        if target in ctx.names and nat is not None:
            return ctx.names[target]
    elif kind == "pcx":
        p = ctx.est.peerings.get(target)
        if target in ctx.peerings_written and p is not None and vkey in (
                ctx.key(p.requester), ctx.key(p.accepter)):
            return ctx.names[target]
    elif kind == "tgw":
        if target in ctx.names and target in ctx.tgw_attached.get(vkey, set()):
            return ctx.names[target]
    elif kind == "vpce":
        if ctx.endpoint_kind.get(target) == "gateway-load-balancer":
            return ctx.names[target]
    elif kind == "vgw":
        vgw = ctx.est.vpn_gateways.get(target)
        if vgw is not None and target in ctx.names and ctx.key(vgw.vpc) == vkey:
            return ctx.names[target]
    elif kind in ROUTE_KINDS:
        ctx.not_read(ROUTE_KINDS[kind])
        return None
    else:
        ctx.not_read(ROUTE_KINDS["other"])
        return None
    ctx.summary.note(f"route {dest} -> {r.target} in {ctx.names.get(vkey, vkey)}: its target is "
                     "not in the design (outside the input, or left out): route left out")
    return None


# --------------------------------------------------------------------------- hosted zones


def hosted_zones(ctx: Ctx) -> Collection:
    est = ctx.est
    out: Collection = {}
    records: dict[str, list[e.AliasRecord]] = {}
    for rec in est.alias_records:
        records.setdefault(ctx.key(rec.zone) or rec.zone, []).append(rec)
    for key in sorted(est.hosted_zones):
        zone = est.hosted_zones[key]
        if not zone.private:
            ctx.not_read("public hosted zone")
            continue
        domain = zone.domain.rstrip(".").lower()
        best: tuple[int, str] | None = None
        for rec in records.get(key, []):
            target = ctx.key(rec.target) or ""
            if target not in est.endpoints:
                found = endpoint_id_in(rec.target)
                target = ctx.key(found) or "" if found else ""
            if ctx.endpoint_kind.get(target) != "interface":
                continue
            name = rec.name.rstrip(".").lower()
            rank = 0 if name == domain else 1 if name == "*." + domain else 2
            if best is None or (rank, target) < best:
                best = (rank, target)
        if best is None:
            ctx.not_read("private hosted zone without an alias to an interface endpoint")
            continue
        vpcs = sorted({ctx.names[v] for v in (ctx.key(x) for x in zone.vpcs)
                       if v in ctx.vpc_region})
        if not vpcs or not DNS_RE.fullmatch(domain):
            ctx.summary.note(f"hosted zone {zone.label or key}: no associated VPC in the input "
                             "(or not a DNS name): left out")
            continue
        name = ctx.give(zone, "zone")
        out[name] = Entry({"domain": domain, "alias_to": ctx.names[best[1]], "vpcs": vpcs},
                          comment(zone), frozenset({"domain", "alias_to", "vpcs"}))
    return out
