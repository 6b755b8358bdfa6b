"""Contexts of the region and VPC pages: subnets, route tables, gateways, transit gateways,
peerings and the flows that start in or pass through each. See context.py for what every page
gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.paths.routing import vpc_routes
from vpcdocs.model import RouteTarget, Topology
from vpcdocs.render.markdown import context_hybrid, layout
from vpcdocs.render.markdown.accounts import account_label
from vpcdocs.render.markdown.context import base
from vpcdocs.render.markdown.layout import DiagramRef, Ref
from vpcdocs.render.markdown.rows import (
    endpoint_row,
    flow_rows,
    resource_rows,
    service_row,
    vpc_row,
)

__all__ = ["peering_rows", "region_context", "tgw_view", "vpc_context"]


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class AttachmentRow:
    ref: Ref
    kind: str  # "VPC" | "peering"
    target: Ref
    target_region: str | None
    azs: tuple[str, ...]
    route_table: str | None
    status: str


@dataclass(frozen=True)
class TgwRouteRow:
    destination: str
    target: str  # attachment name, "blackhole", or "propagated from <att>"
    kind: str  # "static" | "propagated" | "blackhole"


@dataclass(frozen=True)
class TgwRouteTableRow:
    name: str
    associations: tuple[str, ...]
    propagations: tuple[str, ...]
    routes: tuple[TgwRouteRow, ...]


@dataclass(frozen=True)
class TgwView:
    ref: Ref
    region: str
    attachments: tuple[AttachmentRow, ...]
    route_tables: tuple[TgwRouteTableRow, ...]


@dataclass(frozen=True)
class PeeringRow:
    name: str
    requester: Ref
    requester_region: str
    accepter: Ref
    accepter_region: str
    status: str
    inter_region: bool


def tgw_view(design: Analysis, name: str) -> TgwView:
    topo = design.topology
    tgw = topo.transit_gateways[name]
    attachments = []
    for att_name in tgw.attachments:
        att = topo.tgw_attachments[att_name]
        if att.vpc is not None:
            target = layout.ref_for(topo, "vpc", att.vpc)
            target_region: str | None = topo.vpcs[att.vpc].region
            kind = "VPC"
        else:
            peer = att.peer or ""
            target = layout.ref_for(topo, "transit-gateway", peer)
            target_region = (
                topo.transit_gateways[peer].region if peer in topo.transit_gateways else None
            )
            kind = "TGW peering"
        attachments.append(
            AttachmentRow(
                ref=Ref(att_name, "tgw-attachment", None),
                kind=kind,
                target=target,
                target_region=target_region,
                azs=tuple(topo.subnets[s].az for s in att.subnets),
                route_table=att.route_table,
                status=att.status,
            )
        )
    tables = []
    for rt_name in tgw.route_tables:
        rt = topo.tgw_route_tables[rt_name]
        routes = []
        for att_name in rt.propagations:
            att = topo.tgw_attachments[att_name]
            if att.vpc is not None:
                for cidr in topo.vpcs[att.vpc].cidrs:
                    routes.append(TgwRouteRow(str(cidr), att_name, "propagated"))
        for route in rt.routes:
            if route.blackhole:
                routes.append(TgwRouteRow(str(route.to), "blackhole", "blackhole"))
            else:
                routes.append(TgwRouteRow(str(route.to), route.via or "", "static"))
        routes.sort(key=lambda r: (r.destination, r.kind))
        associations = tuple(
            a for a in tgw.attachments if topo.tgw_attachments[a].route_table == rt_name
        )
        tables.append(TgwRouteTableRow(rt_name, associations, rt.propagations, tuple(routes)))
    return TgwView(
        layout.ref_for(topo, "transit-gateway", name), tgw.region, tuple(attachments), tuple(tables)
    )


def peering_rows(topo: Topology, names: tuple[str, ...] | None = None) -> tuple[PeeringRow, ...]:
    rows = []
    for p in topo.peerings.values():
        if names is not None and p.name not in names:
            continue
        a, b = topo.vpcs[p.requester].region, topo.vpcs[p.accepter].region
        rows.append(
            PeeringRow(
                p.name,
                layout.ref_for(topo, "vpc", p.requester),
                a,
                layout.ref_for(topo, "vpc", p.accepter),
                b,
                p.status,
                a != b,
            )
        )
    return tuple(rows)


def region_context(
    design: Analysis, region: str, page_path: str, *, allow_html: bool,
    diagram: DiagramRef | None = None,
) -> dict[str, Any]:
    topo = design.topology
    vpcs = tuple(v for v in topo.vpcs if topo.vpcs[v].region == region)
    peerings = tuple(
        p.name
        for p in topo.peerings.values()
        if topo.vpcs[p.requester].region == region or topo.vpcs[p.accepter].region == region
    )
    context = base(design, page_path, allow_html=allow_html)
    resources = resource_rows(design, region)
    context.update(
        region=region,
        diagram=diagram,
        vpcs=tuple(vpc_row(topo, v) for v in vpcs),
        tgws=tuple(
            tgw_view(design, t)
            for t in topo.transit_gateways
            if topo.transit_gateways[t].region == region
        ),
        peerings=peering_rows(topo, peerings),
        endpoints=tuple(
            endpoint_row(design, e)
            for e in topo.endpoints
            if topo.vpcs[topo.endpoints[e].vpc].region == region
        ),
        services=tuple(
            service_row(topo, s)
            for s in topo.endpoint_services
            if topo.endpoint_services[s].region == region
        ),
        flows_from=flow_rows(design, design.flows_from_region(region)),
        flows_into=flow_rows(design, design.flows_through_region(region)),
        resources=resources,
        resources_usd=sum(r.monthly_usd for r in resources),
    )
    return context


# --------------------------------------------------------------------------- VPCs


@dataclass(frozen=True)
class SubnetRow:
    ref: Ref
    az: str
    cidr: str
    route_table: str | None
    main_table: bool
    public: bool
    workloads: tuple[Ref, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class RouteRow:
    destination: str
    target: Ref | None  # None for `local`
    target_text: str
    kind: str
    note: str


@dataclass(frozen=True)
class RouteTableView:
    ref: Ref
    main: bool
    routes: tuple[RouteRow, ...]
    subnets: tuple[Ref, ...]


@dataclass(frozen=True)
class WorkloadRow:
    ref: Ref
    kind: str
    count: int
    subnet: Ref
    az: str
    public_ip: bool


@dataclass(frozen=True)
class NatRow:
    ref: Ref
    subnet: Ref
    az: str
    fixed_usd: float


_TARGET_KINDS = {
    "local": "local",
    "gateway-endpoint": "gateway endpoint (prefix list)",
    "nat-gateway": "NAT gateway",
    "internet-gateway": "internet gateway",
    "peering": "VPC peering",
    "transit-gateway": "transit gateway",
    "gwlb-endpoint": "GWLB endpoint",
}


def _route_table_view(topo: Topology, table: str) -> RouteTableView:
    routes = []
    for route in vpc_routes(topo, table):
        kind = route.target_kind
        if kind == "local":
            target: Ref | None = None
            note = "implicit: the VPC's own addresses"
        else:
            ref_kind = "endpoint" if kind in ("gateway-endpoint", "gwlb-endpoint") else kind
            target = layout.ref_for(topo, ref_kind, route.target)
            note = "added by the gateway endpoint" if kind == "gateway-endpoint" else ""
        routes.append(
            RouteRow(route.dest, target, route.target, _TARGET_KINDS.get(kind, kind), note)
        )
    rt = topo.route_tables[table]
    subnets = tuple(
        layout.ref_for(topo, "subnet", s.name)
        for s in topo.subnets.values()
        if s.route_table == table
    )
    return RouteTableView(Ref(table, "route-table", None), rt.main, tuple(routes), subnets)


def _is_public(topo: Topology, subnet: str) -> bool:
    rt = topo.route_table_of(subnet)
    return rt is not None and any(r.via_kind is RouteTarget.INTERNET_GATEWAY for r in rt.routes)


def vpc_context(
    design: Analysis, vpc_name: str, page_path: str, *, allow_html: bool, diagram: DiagramRef | None
) -> dict[str, Any]:
    topo = design.topology
    vpc = topo.vpcs[vpc_name]
    subnets = []
    for s in vpc.subnets:
        sub = topo.subnets[s]
        notes = []
        if any(topo.nat_gateways[n].subnet == s for n in vpc.nat_gateways):
            notes.append("NAT gateway")
        if any(s in topo.endpoints[e].subnets for e in vpc.endpoints):
            notes.append("endpoint ENIs")
        if any(s in a.subnets for a in topo.tgw_attachments.values()):
            notes.append("TGW attachment")
        if any(s in lb.subnets for lb in topo.load_balancers.values()):
            notes.append("load balancer")
        subnets.append(
            SubnetRow(
                ref=Ref(s, "subnet", None),
                az=sub.az,
                cidr=str(sub.cidr),
                route_table=sub.route_table,
                main_table=not sub.explicit_route_table,
                public=_is_public(topo, s),
                workloads=tuple(
                    layout.ref_for(topo, "workload", w)
                    for w in vpc.workloads
                    if topo.workloads[w].subnet == s
                ),
                notes=tuple(notes),
            )
        )
    attachments = tuple(
        (
            Ref(a.name, "tgw-attachment", None),
            layout.ref_for(topo, "transit-gateway", a.tgw),
            tuple(topo.subnets[s].az for s in a.subnets),
        )
        for a in topo.tgw_attachments.values()
        if a.vpc == vpc_name
    )
    zones = tuple(
        (z.name, z.domain, layout.ref_for(topo, "endpoint", z.alias_to))
        for z in topo.hosted_zones.values()
        if vpc_name in z.vpcs
    )
    context = base(design, page_path, allow_html=allow_html, diagram=diagram)
    context.update(
        vpc=vpc,
        region_ref=layout.ref_for(topo, "region", vpc.region),
        account=account_label(topo, vpc.account),
        cidrs=tuple(str(c) for c in vpc.cidrs),
        azs=tuple(sorted({topo.subnets[s].az for s in vpc.subnets})),
        subnets=tuple(subnets),
        route_tables=tuple(_route_table_view(topo, t) for t in vpc.route_tables),
        igw=vpc.internet_gateway,
        nats=tuple(
            NatRow(
                Ref(n, "nat-gateway", None),
                Ref(topo.nat_gateways[n].subnet, "subnet", None),
                topo.subnets[topo.nat_gateways[n].subnet].az,
                r.monthly_usd if (r := design.resource(n)) is not None else 0.0,
            )
            for n in vpc.nat_gateways
        ),
        endpoints=tuple(endpoint_row(design, e) for e in vpc.endpoints),
        services=tuple(
            service_row(topo, s)
            for s in topo.endpoint_services
            if topo.endpoint_services[s].vpc == vpc_name
        ),
        workloads=tuple(
            WorkloadRow(
                Ref(w, "workload", None),
                topo.workloads[w].kind,
                topo.workloads[w].count,
                Ref(topo.workloads[w].subnet, "subnet", None),
                topo.subnets[topo.workloads[w].subnet].az,
                topo.workloads[w].public_ip,
            )
            for w in vpc.workloads
        ),
        peerings=peering_rows(
            topo,
            tuple(p.name for p in topo.peerings.values() if vpc_name in (p.requester, p.accepter)),
        ),
        attachments=attachments,
        zones=zones,
        flows_from=flow_rows(design, design.flows_from_vpc(vpc_name)),
        flows_through=flow_rows(design, design.flows_through_vpc(vpc_name)),
        hybrid_rows=context_hybrid.vpc_rows(topo, vpc_name),
    )
    return context
