"""The data each page template is given: one function per kind of page.

Every context holds `page_path` (the page's docs path, for relative links), `site` (the
design's title and section links) and the page's own data as frozen rows and `Ref`s. The
contexts are the templates' interface: a user's overriding template can rely on these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.companions import CompanionPath
from vpcdocs.analysis.paths import prefix_lists
from vpcdocs.analysis.paths.addresses import (
    endpoint_dns_name,
    prefix_list_text,
    service_dns_name,
    service_title,
)
from vpcdocs.analysis.paths.dns import endpoint_service_name
from vpcdocs.analysis.result import ChargeKind, FlowResult, HopKind
from vpcdocs.model import Endpoint, EndpointType, Topology
from vpcdocs.render.markdown import context_hybrid, layout, words
from vpcdocs.render.markdown.accounts import account_label
from vpcdocs.render.markdown.layout import DiagramRef, Ref
from vpcdocs.render.markdown.rows import (
    CostLine,
    cost_lines,
    flow_row,
    flow_rows,
    hop_rows,
    status_of,
    target_ref,
)

__all__ = [
    "SiteInfo",
    "endpoint_context",
    "flow_context",
    "service_context",
    "site_info",
]

DEFAULT_TITLE = "Network design"

#: The per-GB charges an endpoint page lists for the flows through it.
_ENDPOINT_CHARGES = frozenset({
    ChargeKind.GATEWAY_ENDPOINT,
    ChargeKind.INTERFACE_ENDPOINT_PROCESSING,
    ChargeKind.GWLB_ENDPOINT_PROCESSING,
})


@dataclass(frozen=True)
class SiteInfo:
    title: str
    has_title: bool
    regions: tuple[str, ...]
    home: str = layout.HOME
    pricing: str = layout.PRICING
    cross_region: str = layout.CROSS_REGION
    concepts: str = layout.CONCEPTS
    regions_index: str = layout.SECTIONS["regions"]
    vpcs_index: str = layout.SECTIONS["vpcs"]
    endpoints_index: str = layout.SECTIONS["endpoints"]
    flows_index: str = layout.SECTIONS["flows"]
    services_index: str = layout.SECTIONS["services"]


def site_info(topology: Topology) -> SiteInfo:
    return SiteInfo(
        title=topology.title or DEFAULT_TITLE,
        has_title=topology.title is not None,
        regions=topology.regions(),
    )


def base(
    design: Analysis, page_path: str, *, allow_html: bool, diagram: DiagramRef | None = None
) -> dict[str, Any]:
    """What every page gets. `diagram` is the page's diagram when it has one."""
    return {
        "page_path": page_path,
        "site": site_info(design.topology),
        "allow_html": allow_html,
        "diagram": diagram,
        "docs": words.AWS_DOCS,
    }


# --------------------------------------------------------------------------- flows


@dataclass(frozen=True)
class CodeLine:
    code: str
    label: str
    sentence: str


@dataclass(frozen=True)
class AlternativeLine:
    via: str
    label: str
    feasible: bool
    current: bool
    monthly_usd: float | None
    fixed_monthly_usd: float | None
    note: str


VIA_WORDS = {
    "gateway-endpoint": "gateway endpoint",
    "interface-endpoint": "interface endpoint",
    "nat-gateway": "NAT gateway",
    "cross-region-privatelink": "cross-region PrivateLink",
}


def alternative_lines(design: Analysis, flow_id: str) -> tuple[AlternativeLine, ...]:
    report = design.flow_report(flow_id)
    return tuple(
        AlternativeLine(
            via=a.via,
            label=VIA_WORDS.get(a.via, a.via),
            feasible=a.feasible,
            current=a.current,
            monthly_usd=a.monthly_usd,
            fixed_monthly_usd=a.fixed_monthly_usd,
            note=a.note,
        )
        for a in report.alternatives
    )


@dataclass(frozen=True)
class CompanionLine:
    """How the workload reaches one service a companion rule needs."""

    service: str
    title: str
    how: str  # in words
    flow: Ref | None  # the declared flow that goes there, if any
    present: bool


@dataclass(frozen=True)
class CompanionBlock:
    title: str  # "pulling a container image from Amazon ECR"
    needs: str  # "Pulling ... needs Amazon ECR API, Amazon ECR Docker registry and Amazon S3"
    workload: str
    region: str
    doc: words.Doc
    lines: tuple[CompanionLine, ...]
    optional: tuple[tuple[str, str], ...]  # (service, why)


def _and(items: tuple[str, ...]) -> str:
    """`a, b and c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _how(path: CompanionPath) -> str:
    result = path.result
    if not result.reachable:
        return f"cannot reach it: {words.reason_words(result.reason or 'unreachable')}"
    if path.endpoints:
        kinds = {h.id: words.hop_label(h.kind.value) for h in result.hops}
        return ", ".join(f"{kinds[e]} {e}" for e in path.endpoints)
    if path.gateways:
        return "over the internet, through " + ", ".join(path.gateways)
    return "over the AWS backbone"


def companion_blocks(design: Analysis, flow_id: str) -> tuple[CompanionBlock, ...]:
    topo = design.topology
    return tuple(
        CompanionBlock(
            title=use.rule.title,
            needs=f"{use.rule.title[:1].upper()}{use.rule.title[1:]} needs "
            f"{_and(tuple(p.title for p in use.paths))}",
            workload=use.workload,
            region=use.region,
            doc=words.Doc(use.rule.doc_title, use.rule.doc_url),
            lines=tuple(
                CompanionLine(
                    p.service,
                    p.title,
                    _how(p),
                    layout.ref_for(topo, "flow", p.result.id) if p.declared else None,
                    p.present,
                )
                for p in use.paths
            ),
            optional=use.rule.optional,
        )
        for use in design.companions_of_flow(flow_id)
    )


def _related(design: Analysis, flow: FlowResult) -> dict[str, tuple[Ref, ...]]:
    topo = design.topology
    endpoints: list[str] = []
    for hop in flow.hops:
        if hop.id in topo.endpoints and hop.id not in endpoints:
            endpoints.append(hop.id)
    spec = topo.flows.get(flow.id)
    if spec is not None and spec.via_endpoint and spec.via_endpoint not in endpoints:
        endpoints.append(spec.via_endpoint)
    services = [h.id for h in flow.hops if h.kind is HopKind.ENDPOINT_SERVICE]
    return {
        "endpoints": tuple(layout.ref_for(topo, "endpoint", e) for e in endpoints),
        "vpcs": tuple(layout.ref_for(topo, "vpc", v) for v in design.vpcs_of_flow(flow)),
        "regions": tuple(layout.ref_for(topo, "region", r) for r in flow.regions),
        "services": tuple(
            layout.ref_for(topo, "endpoint-service", s) for s in dict.fromkeys(services)
        ),
    }


def flow_context(
    design: Analysis, flow_id: str, page_path: str, *, allow_html: bool, diagram: DiagramRef | None
) -> dict[str, Any]:
    flow = design.flow(flow_id)
    report = design.flow_report(flow_id)
    spec = design.topology.flows.get(flow_id)
    target, target_label = target_ref(design, flow)
    context = base(design, page_path, allow_html=allow_html, diagram=diagram)
    context.update(
        flow=flow,
        row=flow_row(design, flow),
        target=target,
        target_label=target_label,
        description=spec.description if spec is not None else None,
        implicit=spec.implicit if spec is not None else False,
        status=status_of(flow),
        reason_words=words.reason_words(flow.reason) if flow.reason else None,
        hops=hop_rows(design, flow),
        codes=tuple(CodeLine(c, *words.code_words(c)) for c in flow.codes),
        items=cost_lines(report.items),
        fixed_items=cost_lines(report.fixed_items),
        monthly_usd=report.monthly_usd,
        fixed_usd=report.fixed_usd,
        alternatives=alternative_lines(design, flow_id),
        companions=companion_blocks(design, flow_id),
        free=report.free,
        break_even_gb=None if report.free else report.break_even_gb_per_month,
        related=_related(design, flow),
        security_checks=_security_checks(design, flow),
    )
    return context


def _security_checks(design: Analysis, flow: FlowResult) -> tuple[
        tuple[int, Ref, tuple[Ref, ...], bool, str], ...]:
    """Each security group check of the flow (hybrid designs): (hop number, the interface's
    owner, its groups, admitted, the source as the rules saw it)."""
    topo = design.topology
    return tuple(
        (g.hop + 1, layout.ref_for(topo, topo.kind_of(g.at) or "workload", g.at),
         tuple(layout.ref_for(topo, "security-group", s) for s in g.allowed or ()),
         g.passed, g.source)
        for g in flow.gates if g.kind == "security-groups")


# --------------------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class EniRow:
    subnet: Ref
    az: str
    cidr: str


@dataclass(frozen=True)
class RouteTableUse:
    table: Ref
    route: str  # the prefix-list route the endpoint adds, or the written route via it
    subnets: tuple[Ref, ...]


@dataclass(frozen=True)
class ZoneRow:
    name: str
    domain: str
    vpcs: tuple[Ref, ...]
    regions: tuple[str, ...]
    cross_region: bool


def _eni_rows(topo: Topology, ep: Endpoint) -> tuple[EniRow, ...]:
    return tuple(
        EniRow(layout.ref_for(topo, "subnet", s), topo.subnets[s].az, str(topo.subnets[s].cidr))
        for s in ep.subnets
    )


def _subnets_using(topo: Topology, table: str) -> tuple[Ref, ...]:
    return tuple(
        layout.ref_for(topo, "subnet", s.name)
        for s in topo.subnets.values()
        if s.route_table == table
    )


def _gateway_tables(topo: Topology, ep: Endpoint) -> tuple[RouteTableUse, ...]:
    route = f"{prefix_list_text(ep.service, topo.vpcs[ep.vpc].region)} -> {ep.name}"
    return tuple(
        RouteTableUse(layout.ref_for(topo, "route-table", t), route, _subnets_using(topo, t))
        for t in ep.route_tables
    )


def _gwlb_tables(topo: Topology, ep: Endpoint) -> tuple[RouteTableUse, ...]:
    uses = []
    for table in topo.route_tables.values():
        for route in table.routes:
            if route.via == ep.name:
                uses.append(
                    RouteTableUse(
                        layout.ref_for(topo, "route-table", table.name),
                        f"{route.to} -> {ep.name}",
                        _subnets_using(topo, table.name),
                    )
                )
    return tuple(uses)


def zone_rows(design: Analysis, endpoint: str) -> tuple[ZoneRow, ...]:
    topo = design.topology
    home = topo.vpcs[topo.endpoints[endpoint].vpc].region
    rows = []
    for zone in topo.hosted_zones.values():
        if zone.alias_to != endpoint:
            continue
        regions = tuple(sorted({topo.vpcs[v].region for v in zone.vpcs}))
        rows.append(
            ZoneRow(
                zone.name,
                zone.domain,
                tuple(layout.ref_for(topo, "vpc", v) for v in zone.vpcs),
                regions,
                any(r != home for r in regions),
            )
        )
    return tuple(rows)


def endpoint_context(
    design: Analysis, endpoint: str, page_path: str, *, allow_html: bool
) -> dict[str, Any]:
    topo = design.topology
    ep = topo.endpoints[endpoint]
    vpc = topo.vpcs[ep.vpc]
    resource = design.resource(endpoint)
    flows = design.flows_using_endpoint(endpoint)
    to_service = ep.service_kind.value == "endpoint-service"
    service_name = service_title(ep.service) if not to_service else ep.service
    uncovered = tuple(
        layout.ref_for(topo, "subnet", s)
        for s in vpc.subnets
        if ep.type is EndpointType.GATEWAY and topo.subnets[s].route_table not in ep.route_tables
    )
    vpc_azs = tuple(sorted({topo.subnets[s].az for s in vpc.subnets}))
    eni_azs = design.endpoint_azs(endpoint) if ep.type is not EndpointType.GATEWAY else ()
    per_gb = tuple(
        CostLine(f"{i.item} — {f.id}", i.basis, i.usd)
        for f in flows
        for i in design.flow_report(f.id).items
        if i.subject == endpoint and i.kind in _ENDPOINT_CHARGES
    )
    context = base(design, page_path, allow_html=allow_html)
    context.update(
        endpoint=ep,
        type_words=words.ENDPOINT_TYPE_WORDS.get(ep.type.value, ep.type.value),
        vpc=layout.ref_for(topo, "vpc", ep.vpc),
        region=vpc.region,
        region_ref=layout.ref_for(topo, "region", vpc.region),
        account=account_label(topo, vpc.account),
        service=ep.service,
        service_label=service_name,
        service_ref=(
            layout.ref_for(topo, "endpoint-service", ep.service)
            if to_service
            else Ref(ep.service, "service", None)
        ),
        to_endpoint_service=to_service,
        service_region=ep.service_region,
        cross_region=ep.service_region != vpc.region,
        route_tables=_gateway_tables(topo, ep)
        if ep.type is EndpointType.GATEWAY
        else _gwlb_tables(topo, ep),
        prefix_list=prefix_lists.prefix_list(ep.service, vpc.region)
        if ep.type is EndpointType.GATEWAY
        else None,
        prefix_list_command=prefix_lists.list_command(ep.service, vpc.region),
        uncovered_subnets=uncovered,
        enis=_eni_rows(topo, ep),
        vpc_azs=vpc_azs,
        missing_azs=tuple(az for az in vpc_azs if eni_azs and az not in eni_azs),
        dns_on=vpc.dns_support and vpc.dns_hostnames,
        service_dns=_service_dns(topo, ep),
        endpoint_dns=_endpoint_dns(topo, ep),
        zones=zone_rows(design, endpoint),
        allow_from=tuple(str(c) for c in ep.allow_from) if ep.allow_from is not None else None,
        flows=flow_rows(design, flows),
        outside_flows=tuple(
            flow_row(design, f) for f in flows if design.source_vpc(f) != ep.vpc
        ),
        needed_by=tuple(
            (use.rule.title[:1].upper() + use.rule.title[1:], use.workload,
             layout.ref_for(topo, "flow", use.flows[0]))
            for use in design.companions_through_endpoint(endpoint)
            if not any(p.declared and endpoint in p.endpoints for p in use.paths)
        ),
        resource_items=cost_lines(resource.items()) if resource is not None else (),
        fixed_usd=resource.monthly_usd if resource is not None else 0.0,
        per_gb=per_gb,
        per_gb_usd=sum(line.usd for line in per_gb),
        hybrid_rows=context_hybrid.endpoint_rows(topo, endpoint),
        hybrid=bool(topo.on_premises),
        onprem=context_hybrid.endpoint_networks(topo, endpoint),
    )
    return context


def _endpoint_dns(topo: Topology, ep: Endpoint) -> str:
    """The shape of the endpoint's own Regional DNS name (ids elided)."""
    svc = topo.endpoint_services.get(ep.service)
    if ep.service_kind.value == "endpoint-service" and svc is not None:
        return endpoint_service_name(svc)
    return endpoint_dns_name(ep.service, ep.service_region)


def _service_dns(topo: Topology, ep: Endpoint) -> str | None:
    """The name private DNS makes resolve to this endpoint, if any."""
    if ep.service_kind.value == "endpoint-service":
        svc = topo.endpoint_services.get(ep.service)
        return svc.private_dns_name if svc is not None else None
    return service_dns_name(ep.service, ep.service_region)


# --------------------------------------------------------------------------- endpoint services


@dataclass(frozen=True)
class PrincipalRow:
    principal: str
    kind: str
    account: str | None
    consumers: tuple[Ref, ...]


@dataclass(frozen=True)
class ConsumerRow:
    endpoint: Ref
    vpc: Ref
    region: str
    account: str | None
    principal: str | None
    allowed: bool | None  # None: cannot tell (no principal)
    accepted: bool
    region_supported: bool


def principal_allowed(principal: str | None, allowed: tuple[str, ...]) -> bool | None:
    if principal is None:
        return None
    if "*" in allowed or principal in allowed:
        return True
    account = words.principal_account(principal)
    return account is not None and f"arn:aws:iam::{account}:root" in allowed


def service_context(
    design: Analysis, service: str, page_path: str, *, allow_html: bool, diagram: DiagramRef | None
) -> dict[str, Any]:
    topo = design.topology
    svc = topo.endpoint_services[service]
    lb = topo.load_balancers[svc.load_balancer]
    vpc = topo.vpcs[svc.vpc]
    consumers_eps = [e for e in topo.endpoints.values() if e.service == service]
    supported = (svc.region, *svc.supported_regions)
    consumers = tuple(
        ConsumerRow(
            endpoint=layout.ref_for(topo, "endpoint", e.name),
            vpc=layout.ref_for(topo, "vpc", e.vpc),
            region=topo.vpcs[e.vpc].region,
            account=account_label(topo, topo.vpcs[e.vpc].account),
            principal=e.principal,
            allowed=principal_allowed(e.principal, svc.allowed_principals),
            accepted=e.accepted,
            region_supported=topo.vpcs[e.vpc].region in supported,
        )
        for e in consumers_eps
    )
    principals = tuple(
        PrincipalRow(
            principal=p,
            kind=words.principal_kind(p),
            account=account_label(topo, words.principal_account(p)),
            consumers=tuple(
                layout.ref_for(topo, "endpoint", e.name)
                for e in consumers_eps
                if e.principal is not None and principal_allowed(e.principal, (p,))
            ),
        )
        for p in svc.allowed_principals
    )
    context = base(design, page_path, allow_html=allow_html, diagram=diagram)
    context.update(
        service=svc,
        vpc=layout.ref_for(topo, "vpc", svc.vpc),
        region=svc.region,
        region_ref=layout.ref_for(topo, "region", svc.region),
        account=account_label(topo, vpc.account),
        load_balancer=lb,
        lb_subnets=tuple(
            EniRow(layout.ref_for(topo, "subnet", s), topo.subnets[s].az, str(topo.subnets[s].cidr))
            for s in lb.subnets
        ),
        targets=tuple(layout.ref_for(topo, "workload", w) for w in lb.targets),
        principals=principals,
        open_to_everyone="*" in svc.allowed_principals,
        consumers=consumers,
        supported_regions=supported,
        flows=flow_rows(design, design.flows_to_service(service)),
    )
    return context


def flows_of(design: Analysis, predicate: Any) -> tuple[Any, ...]:
    return flow_rows(design, tuple(f for f in design.flows if predicate(f)))


def mapping_items(mapping: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(mapping.items()))
