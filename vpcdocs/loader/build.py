"""Build the frozen `vpcdocs.model.Topology` from a schema- and rule-checked document.

Every default of topology-format.md is resolved here, once, so later stages never re-derive them:
effective route tables, endpoint service regions, private DNS, acceptance, principals, flow regions
and the default flows when `flows` is absent. All mappings are sorted by name, so the order of keys
in the file never changes any output.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import TypeVar

from vpcdocs import model as m
from vpcdocs.diagnostics import Location
from vpcdocs.loader import defaults
from vpcdocs.loader import schema as s
from vpcdocs.loader.yamlsrc import Path, Positions

T = TypeVar("T")
# a flow's protocol by its name, without an Enum call per flow (100,000 in a large estate)
_PROTOCOLS = {p.value: p for p in m.Protocol}


def _sorted(d: dict[str, T]) -> dict[str, T]:
    return {k: d[k] for k in sorted(d)}


def _net(c: str) -> ipaddress.IPv4Network:
    return s.network(c)


class Builder:
    def __init__(self, topo: s.Topology, pos: Positions) -> None:
        self.t = topo
        self.pos = pos
        self.vgws: dict[str, m.VpnGateway] = {}
        self.groups: dict[str, m.SecurityGroup] = {}
        self.acls: dict[str, m.NetworkAcl] = {}
        self.reps: dict[str, m.ResolverEndpoint] = {}
        self.networks: dict[str, m.OnPremisesNetwork] = {}
        self.onprem: dict[str, m.OnPremisesWorkload] = {}
        self.conns: dict[str, m.Connection] = {}
        self.dxgws: dict[str, m.DirectConnectGateway] = {}
        self.rules: dict[str, m.ResolverRule] = {}
        self.plists: dict[str, m.PrefixList] = {}
        self.kinds: dict[str, str] = {}  # name -> route target kind (or "vpc")
        for vname, vpc in topo.vpcs.items():
            if vpc.internet_gateway:
                self.kinds[vpc.internet_gateway] = "internet-gateway"
            for n in vpc.nat_gateways:
                self.kinds[n] = "nat-gateway"
            for n, ep in vpc.endpoints.items():
                if ep.type == "gateway-load-balancer":
                    self.kinds[n] = "gwlb-endpoint"
            self.kinds.setdefault(vname, "vpc")
        for n in topo.peerings:
            self.kinds[n] = "peering"
        for n in topo.transit_gateways:
            self.kinds[n] = "transit-gateway"
        for vpc in topo.vpcs.values():
            if vpc.vpn_gateway:
                self.kinds[vpc.vpn_gateway] = "vpn-gateway"

    def loc(self, path: Path) -> Location:
        return self.pos.key(path)

    # --- hybrid networks and filters (topology-format-hybrid.md) ------------------------------

    def filters(self, vname: str, vpc: s.Vpc) -> None:
        """The VPC's security groups, NACLs and Resolver endpoints."""
        vp: Path = ("vpcs", vname)
        for gname, g in vpc.security_groups.items():
            gp: Path = (*vp, "security_groups", gname)
            outbound = (tuple(self.sg_rule(r, (*gp, "outbound", i))
                              for i, r in enumerate(g.outbound))
                        if g.outbound is not None else
                        (m.SgRule(m.Protocol.ALL, None, _net("0.0.0.0/0"), None, None,
                                  self.loc(gp)),))
            self.groups[gname] = m.SecurityGroup(
                gname, vname, tuple(self.sg_rule(r, (*gp, "inbound", i))
                                    for i, r in enumerate(g.inbound)),
                outbound, self.loc(gp), outbound_default=g.outbound is None)
        for aname, acl in vpc.network_acls.items():
            ap: Path = (*vp, "network_acls", aname)
            self.acls[aname] = m.NetworkAcl(
                aname, vname, acl.default,
                self.nacl_rules(acl.inbound, (*ap, "inbound")),
                self.nacl_rules(acl.outbound, (*ap, "outbound")), self.loc(ap))
        for rname, rep in vpc.resolver_endpoints.items():
            subs = sorted(dict.fromkeys(rep.subnets), key=lambda n: (
                vpc.subnets[n].az if n in vpc.subnets else "", n))
            self.reps[rname] = m.ResolverEndpoint(
                rname, vname, m.ResolverDirection(rep.direction), tuple(subs),
                tuple(rep.security_groups or ()), self.loc((*vp, "resolver_endpoints", rname)),
                groups_stated=rep.security_groups is not None)

    def sg_rule(self, r: s.SgRule, path: Path) -> m.SgRule:
        return m.SgRule(m.Protocol(r.protocol),
                        s.port_range(r.ports) if r.ports is not None else None,
                        _net(r.cidr) if r.cidr is not None else None, r.prefix_list,
                        r.security_group, self.loc(path))

    def nacl_rules(self, rules: list[s.NaclRule], path: Path) -> tuple[m.NaclRule, ...]:
        out = [m.NaclRule(r.rule, r.action == "allow", m.Protocol(r.protocol),
                          s.port_range(r.ports) if r.ports is not None else None, _net(r.cidr),
                          self.loc((*path, i)))
               for i, r in enumerate(rules)]
        return tuple(sorted(out, key=lambda r: r.number))

    def hybrid(self, vpcs: Mapping[str, m.Vpc]) -> None:
        t = self.t
        for nname, onp in t.on_premises.items():
            np_: Path = ("on_premises", nname)
            blocks = tuple(_net(c) for c in onp.cidrs)
            for cname, conn in onp.connections.items():
                vpn = conn.type == "vpn"
                routing = m.VpnRouting(conn.routing or "bgp") if vpn else None
                if routing is m.VpnRouting.STATIC:
                    advertise: tuple[ipaddress.IPv4Network, ...] = ()
                elif conn.advertise is not None:
                    advertise = tuple(_net(c) for c in conn.advertise)
                else:
                    advertise = blocks
                self.conns[cname] = m.Connection(
                    cname, nname, m.ConnectionType(conn.type), conn.gateway, routing,
                    tuple(_net(c) for c in conn.static_routes or ()), advertise,
                    self.loc((*np_, "connections", cname)))
            for wname, wl in onp.workloads.items():
                self.onprem[wname] = m.OnPremisesWorkload(
                    wname, nname, _net(wl.cidr) if wl.cidr is not None else blocks[0], wl.kind,
                    wl.count, wl.principal, self.loc((*np_, "workloads", wname)))
            server = (ipaddress.IPv4Network(f"{onp.dns_server}/32") if onp.dns_server is not None
                      else blocks[0])
            self.networks[nname] = m.OnPremisesNetwork(
                name=nname, region=onp.region, cidrs=blocks,
                dns_domain=onp.dns_domain.rstrip(".").lower() if onp.dns_domain else None,
                dns_server=server, connections=tuple(sorted(onp.connections)),
                routes=tuple(m.OnPremisesRoute(_net(r.to), r.via, self.loc((*np_, "routes", i)))
                             for i, r in enumerate(onp.routes)),
                dns_forwarders=tuple(
                    m.DnsForwarder(f.domain.rstrip(".").lower(), f.to,
                                   self.loc((*np_, "dns_forwarders", i)))
                    for i, f in enumerate(onp.dns_forwarders)),
                workloads=tuple(sorted(onp.workloads)), loc=self.loc(np_))
        for gname, gw in t.direct_connect_gateways.items():
            gp: Path = ("direct_connect_gateways", gname)
            assocs = []
            for i, a in enumerate(gw.associations):
                if a.allowed_prefixes is not None:
                    allowed = tuple(_net(c) for c in a.allowed_prefixes)
                else:  # a VGW association: the VPC's blocks (vpcdocs assumes, facts §11.5)
                    vgw = self.vgws.get(a.gateway)
                    allowed = vpcs[vgw.vpc].cidrs if vgw is not None else ()
                assocs.append(m.DxAssociation(a.gateway, allowed,
                                              self.loc((*gp, "associations", i))))
            self.dxgws[gname] = m.DirectConnectGateway(gname, tuple(assocs), self.loc(gp))
        for rname, rule in t.resolver_rules.items():
            domain = rule.domain.rstrip(".").lower()
            if rule.targets is not None:
                targets = tuple(ipaddress.IPv4Network(f"{a}/32") for a in rule.targets)
            else:
                targets = tuple(n.dns_server for n in self.networks.values()
                                if n.dns_domain is not None
                                and defaults.under_domain(n.dns_domain, domain))
            self.rules[rname] = m.ResolverRule(rname, domain, rule.endpoint, targets,
                                               tuple(sorted(rule.vpcs)),
                                               self.loc(("resolver_rules", rname)))
        for lname, pl in t.prefix_lists.items():
            self.plists[lname] = m.PrefixList(lname, pl.region,
                                              tuple(_net(c) for c in pl.cidrs),
                                              self.loc(("prefix_lists", lname)))

    def build(self) -> m.Topology:
        t = self.t
        vpcs: dict[str, m.Vpc] = {}
        subnets: dict[str, m.Subnet] = {}
        rts: dict[str, m.RouteTable] = {}
        nats: dict[str, m.NatGateway] = {}
        igws: dict[str, m.InternetGateway] = {}
        eps: dict[str, m.Endpoint] = {}
        wls: dict[str, m.Workload] = {}
        for vname, vpc in t.vpcs.items():
            vp: Path = ("vpcs", vname)
            main = next((r for r, rt in sorted(vpc.route_tables.items()) if rt.main), None)
            default_acl = next((a for a, acl in sorted(vpc.network_acls.items()) if acl.default),
                               None)
            vpcs[vname] = m.Vpc(
                name=vname, region=vpc.region, account=vpc.account,
                cidrs=tuple(_net(c) for c in vpc.all_cidrs()),
                dns_support=vpc.dns_support, dns_hostnames=vpc.dns_hostnames,
                internet_gateway=vpc.internet_gateway,
                subnets=tuple(sorted(vpc.subnets)), route_tables=tuple(sorted(vpc.route_tables)),
                main_route_table=main, nat_gateways=tuple(sorted(vpc.nat_gateways)),
                endpoints=tuple(sorted(vpc.endpoints)), workloads=tuple(sorted(vpc.workloads)),
                loc=self.loc(vp), vpn_gateway=vpc.vpn_gateway,
                security_groups=tuple(sorted(vpc.security_groups)),
                network_acls=tuple(sorted(vpc.network_acls)), default_network_acl=default_acl,
                resolver_endpoints=tuple(sorted(vpc.resolver_endpoints)),
            )
            if vpc.vpn_gateway:
                self.vgws[vpc.vpn_gateway] = m.VpnGateway(
                    vpc.vpn_gateway, vname, self.pos.value((*vp, "vpn_gateway")))
            self.filters(vname, vpc)
            if vpc.internet_gateway:
                igws[vpc.internet_gateway] = m.InternetGateway(
                    vpc.internet_gateway, vname, self.pos.value((*vp, "internet_gateway")))
            for sname, sub in vpc.subnets.items():
                subnets[sname] = m.Subnet(
                    name=sname, vpc=vname, az=sub.az, cidr=_net(sub.cidr),
                    route_table=sub.route_table or main,
                    explicit_route_table=sub.route_table is not None,
                    loc=self.loc((*vp, "subnets", sname)),
                    network_acl=sub.network_acl or default_acl,
                )
            for rname, rt in vpc.route_tables.items():
                rp: Path = (*vp, "route_tables", rname)
                rts[rname] = m.RouteTable(
                    name=rname, vpc=vname, main=rt.main,
                    routes=tuple(
                        m.Route(_net(r.to), r.via, m.RouteTarget(self.kinds[r.via]),
                                self.pos.key((*rp, "routes", i)))
                        for i, r in enumerate(rt.routes)
                    ),
                    loc=self.loc(rp), propagate=rt.propagate,
                )
            for nname, nat in vpc.nat_gateways.items():
                nats[nname] = m.NatGateway(nname, vname, nat.subnet,
                                           self.loc((*vp, "nat_gateways", nname)))
            for wname, wl in vpc.workloads.items():
                wls[wname] = m.Workload(wname, vname, wl.subnet, wl.kind, wl.count, wl.public_ip,
                                        self.loc((*vp, "workloads", wname)),
                                        tuple(wl.security_groups or ()), wl.principal)
            for ename, ep in vpc.endpoints.items():
                eps[ename] = self.endpoint(vname, vpc, ename, ep)
        tgws: dict[str, m.TransitGateway] = {}
        atts: dict[str, m.TgwAttachment] = {}
        trts: dict[str, m.TgwRouteTable] = {}
        for tname, tgw in t.transit_gateways.items():
            tp: Path = ("transit_gateways", tname)
            tgws[tname] = m.TransitGateway(tname, tgw.region, tuple(sorted(tgw.attachments)),
                                           tuple(sorted(tgw.route_tables)), self.loc(tp),
                                           tgw.security_group_referencing)
            for aname, att in tgw.attachments.items():
                atts[aname] = m.TgwAttachment(
                    name=aname, tgw=tname, vpc=att.vpc,
                    subnets=tuple(sorted(att.subnets or (), key=lambda n: (
                        subnets[n].az if n in subnets else "", n))),
                    peer=att.peer, route_table=att.route_table, status=m.Status(att.status),
                    loc=self.loc((*tp, "attachments", aname)), vpn=att.vpn,
                    direct_connect_gateway=att.direct_connect_gateway,
                    security_group_referencing=att.security_group_referencing is not False,
                )
            for rname, trt in tgw.route_tables.items():
                rp = (*tp, "route_tables", rname)
                trts[rname] = m.TgwRouteTable(
                    name=rname, tgw=tname, propagations=tuple(sorted(trt.propagations)),
                    routes=tuple(m.TgwRoute(_net(r.to), r.via, r.blackhole,
                                            self.pos.key((*rp, "routes", i)))
                                 for i, r in enumerate(trt.routes)),
                    loc=self.loc(rp),
                )
        services: dict[str, m.EndpointService] = {}
        lbs: dict[str, m.LoadBalancer] = {}
        for ename, svc in t.endpoint_services.items():
            sp: Path = ("endpoint_services", ename)
            lb = svc.load_balancer
            services[ename] = m.EndpointService(
                name=ename, vpc=svc.vpc, region=t.vpcs[svc.vpc].region, load_balancer=lb.name,
                acceptance_required=svc.acceptance_required,
                allowed_principals=tuple(sorted(svc.allowed_principals)),
                supported_regions=tuple(sorted(svc.supported_regions)),
                private_dns_name=svc.private_dns_name, loc=self.loc(sp),
            )
            lbs[lb.name] = m.LoadBalancer(
                name=lb.name, service=ename, vpc=svc.vpc, type=m.LoadBalancerType(lb.type),
                subnets=tuple(sorted(lb.subnets)), targets=tuple(sorted(lb.targets)),
                loc=self.pos.value((*sp, "load_balancer", "name")),
                security_groups=tuple(lb.security_groups or ()),
                enforce_security_groups_on_privatelink=lb.enforce_security_groups_on_privatelink,
            )
        zones = {
            zname: m.HostedZone(zname, z.domain.rstrip(".").lower(), z.alias_to,
                                tuple(sorted(z.vpcs)), self.loc(("hosted_zones", zname)))
            for zname, z in t.hosted_zones.items()
        }
        self.hybrid(vpcs)
        flows = self.flows(wls, eps, services, vpcs)
        pricing = t.pricing
        return m.Topology(
            source=self.pos.file, title=t.title, description=t.description,
            accounts=_sorted(dict(t.accounts)), vpcs=_sorted(vpcs), subnets=_sorted(subnets),
            route_tables=_sorted(rts), nat_gateways=_sorted(nats),
            internet_gateways=_sorted(igws), endpoints=_sorted(eps), workloads=_sorted(wls),
            peerings=_sorted({
                n: m.Peering(n, p.requester, p.accepter, m.Status(p.status),
                             self.loc(("peerings", n)))
                for n, p in t.peerings.items()
            }),
            transit_gateways=_sorted(tgws), tgw_attachments=_sorted(atts),
            tgw_route_tables=_sorted(trts), endpoint_services=_sorted(services),
            load_balancers=_sorted(lbs), hosted_zones=_sorted(zones), flows=_sorted(flows),
            flows_declared=t.flows is not None,
            pricing_as_of=pricing.as_of if pricing else None,
            pricing_overrides=_sorted({r: dict(sorted(v.items()))
                                       for r, v in pricing.regions.items()}) if pricing else {},
            on_premises=_sorted(self.networks), onprem_workloads=_sorted(self.onprem),
            connections=_sorted(self.conns), vpn_gateways=_sorted(self.vgws),
            direct_connect_gateways=_sorted(self.dxgws),
            resolver_endpoints=_sorted(self.reps), resolver_rules=_sorted(self.rules),
            security_groups=_sorted(self.groups), network_acls=_sorted(self.acls),
            prefix_lists=_sorted(self.plists),
        )

    def endpoint(self, vname: str, vpc: s.Vpc, ename: str, ep: s.Endpoint) -> m.Endpoint:
        aws = defaults.aws_service(self.t, ep.service)
        subs = sorted(ep.subnets or (), key=lambda n: (vpc.subnets[n].az, n)
                      if n in vpc.subnets else ("", n))
        return m.Endpoint(
            name=ename, vpc=vname, type=m.EndpointType(ep.type), service=ep.service,
            service_kind=m.TargetKind.SERVICE if aws is not None else m.TargetKind.ENDPOINT_SERVICE,
            service_region=defaults.service_region(self.t, vpc, ep),
            route_tables=tuple(sorted(ep.route_tables or ())),
            subnets=tuple(subs), private_dns=defaults.private_dns(self.t, ep),
            private_dns_inbound_only=defaults.private_dns_inbound_only(self.t, ep),
            allow_from=tuple(_net(c) for c in ep.allow_from) if ep.allow_from is not None else None,
            principal=defaults.principal(vpc, ep), accepted=defaults.accepted(self.t, ep),
            loc=self.loc(("vpcs", vname, "endpoints", ename)),
            security_groups=tuple(ep.security_groups or ()),
            policy=m.EndpointPolicy(
                tuple(ep.policy.principals), defaults.policy_resources(ep.service,
                                                                       ep.policy.resources),
                self.loc(("vpcs", vname, "endpoints", ename, "policy")))
            if ep.policy is not None else None,
        )

    def flows(self, wls: Mapping[str, m.Workload], eps: Mapping[str, m.Endpoint],
              services: Mapping[str, m.EndpointService],
              vpcs: Mapping[str, m.Vpc]) -> dict[str, m.Flow]:
        out: dict[str, m.Flow] = {}

        def source_region(name: str) -> str:
            if name in wls:
                return vpcs[wls[name].vpc].region
            return self.networks[self.onprem[name].network].region

        def source_principal(name: str) -> str | None:
            if name in wls:
                return wls[name].principal
            return self.onprem[name].principal

        if self.t.flows is None:
            targets = sorted({e.service for e in eps.values()})
            for wname in sorted([*wls, *self.onprem]):
                for target in targets:
                    kind = (m.TargetKind.ENDPOINT_SERVICE if target in services
                            else m.TargetKind.SERVICE)
                    region = (services[target].region if target in services
                              else source_region(wname))
                    fname = f"{wname}-to-{target}"
                    where = (self.loc(("vpcs", wls[wname].vpc, "workloads", wname)) if wname in wls
                             else self.onprem[wname].loc)
                    out[fname] = m.Flow(fname, wname, target, kind, region, None, 0.0, None, True,
                                        where, principal=source_principal(wname))
            return out
        for fname, f in self.t.flows.items():
            if f.to in wls:
                kind, region = m.TargetKind.WORKLOAD, vpcs[wls[f.to].vpc].region
            elif f.to in self.onprem:
                kind, region = (m.TargetKind.WORKLOAD,
                                self.networks[self.onprem[f.to].network].region)
            elif f.to in services:
                kind, region = m.TargetKind.ENDPOINT_SERVICE, services[f.to].region
            else:
                kind = m.TargetKind.SERVICE
                if f.region is not None:
                    region = f.region
                elif f.via_endpoint is not None:
                    region = eps[f.via_endpoint].service_region
                else:
                    region = source_region(f.source)
            out[fname] = m.Flow(fname, f.source, f.to, kind, region, f.via_endpoint,
                                float(f.gb_per_month), f.description, False,
                                self.loc(("flows", fname)), port=f.port,
                                protocol=_PROTOCOLS.get(f.protocol) or m.Protocol(f.protocol),
                                resource=defaults.flow_resource(f.to, f.resource),
                                principal=f.principal or source_principal(f.source))
        return out
