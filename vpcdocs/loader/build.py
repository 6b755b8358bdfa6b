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


def _sorted(d: dict[str, T]) -> dict[str, T]:
    return {k: d[k] for k in sorted(d)}


def _net(c: str) -> ipaddress.IPv4Network:
    return s.network(c)


class Builder:
    def __init__(self, topo: s.Topology, pos: Positions) -> None:
        self.t = topo
        self.pos = pos
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

    def loc(self, path: Path) -> Location:
        return self.pos.key(path)

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
            vpcs[vname] = m.Vpc(
                name=vname, region=vpc.region, account=vpc.account,
                cidrs=tuple(_net(c) for c in vpc.all_cidrs()),
                dns_support=vpc.dns_support, dns_hostnames=vpc.dns_hostnames,
                internet_gateway=vpc.internet_gateway,
                subnets=tuple(sorted(vpc.subnets)), route_tables=tuple(sorted(vpc.route_tables)),
                main_route_table=main, nat_gateways=tuple(sorted(vpc.nat_gateways)),
                endpoints=tuple(sorted(vpc.endpoints)), workloads=tuple(sorted(vpc.workloads)),
                loc=self.loc(vp),
            )
            if vpc.internet_gateway:
                igws[vpc.internet_gateway] = m.InternetGateway(
                    vpc.internet_gateway, vname, self.pos.value((*vp, "internet_gateway")))
            for sname, sub in vpc.subnets.items():
                subnets[sname] = m.Subnet(
                    name=sname, vpc=vname, az=sub.az, cidr=_net(sub.cidr),
                    route_table=sub.route_table or main,
                    explicit_route_table=sub.route_table is not None,
                    loc=self.loc((*vp, "subnets", sname)),
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
                    loc=self.loc(rp),
                )
            for nname, nat in vpc.nat_gateways.items():
                nats[nname] = m.NatGateway(nname, vname, nat.subnet,
                                           self.loc((*vp, "nat_gateways", nname)))
            for wname, wl in vpc.workloads.items():
                wls[wname] = m.Workload(wname, vname, wl.subnet, wl.kind, wl.count, wl.public_ip,
                                        self.loc((*vp, "workloads", wname)))
            for ename, ep in vpc.endpoints.items():
                eps[ename] = self.endpoint(vname, vpc, ename, ep)
        tgws: dict[str, m.TransitGateway] = {}
        atts: dict[str, m.TgwAttachment] = {}
        trts: dict[str, m.TgwRouteTable] = {}
        for tname, tgw in t.transit_gateways.items():
            tp: Path = ("transit_gateways", tname)
            tgws[tname] = m.TransitGateway(tname, tgw.region, tuple(sorted(tgw.attachments)),
                                           tuple(sorted(tgw.route_tables)), self.loc(tp))
            for aname, att in tgw.attachments.items():
                atts[aname] = m.TgwAttachment(
                    name=aname, tgw=tname, vpc=att.vpc,
                    subnets=tuple(sorted(att.subnets or (), key=lambda n: (
                        subnets[n].az if n in subnets else "", n))),
                    peer=att.peer, route_table=att.route_table, status=m.Status(att.status),
                    loc=self.loc((*tp, "attachments", aname)),
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
            )
        zones = {
            zname: m.HostedZone(zname, z.domain.rstrip(".").lower(), z.alias_to,
                                tuple(sorted(z.vpcs)), self.loc(("hosted_zones", zname)))
            for zname, z in t.hosted_zones.items()
        }
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
        )

    def flows(self, wls: Mapping[str, m.Workload], eps: Mapping[str, m.Endpoint],
              services: Mapping[str, m.EndpointService],
              vpcs: Mapping[str, m.Vpc]) -> dict[str, m.Flow]:
        out: dict[str, m.Flow] = {}
        if self.t.flows is None:
            targets = sorted({e.service for e in eps.values()})
            for wname in sorted(wls):
                for target in targets:
                    kind = (m.TargetKind.ENDPOINT_SERVICE if target in services
                            else m.TargetKind.SERVICE)
                    region = (services[target].region if target in services
                              else vpcs[wls[wname].vpc].region)
                    fname = f"{wname}-to-{target}"
                    out[fname] = m.Flow(fname, wname, target, kind, region, None, 0.0, None, True,
                                        self.loc(("vpcs", wls[wname].vpc, "workloads", wname)))
            return out
        for fname, f in self.t.flows.items():
            if f.to in wls:
                kind, region = m.TargetKind.WORKLOAD, vpcs[wls[f.to].vpc].region
            elif f.to in services:
                kind, region = m.TargetKind.ENDPOINT_SERVICE, services[f.to].region
            else:
                kind = m.TargetKind.SERVICE
                if f.region is not None:
                    region = f.region
                elif f.via_endpoint is not None:
                    region = eps[f.via_endpoint].service_region
                else:
                    region = vpcs[wls[f.source].vpc].region
            out[fname] = m.Flow(fname, f.source, f.to, kind, region, f.via_endpoint,
                                float(f.gb_per_month), f.description, False,
                                self.loc(("flows", fname)))
        return out
