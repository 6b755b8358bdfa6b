"""Small frozen rows that several pages show the same way: a flow in a list, a hop, a cost item.

Values are plain data (names, numbers, `Ref`s); the templates escape them when printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.paths.addresses import service_title
from vpcdocs.analysis.result import CostItem, FlowResult, Hop
from vpcdocs.model import Topology
from vpcdocs.render.markdown import fmt, layout, words
from vpcdocs.render.markdown.accounts import account_label
from vpcdocs.render.markdown.layout import Ref

__all__ = [
    "CostLine",
    "EndpointRow",
    "FindingRow",
    "FlowRow",
    "HopRow",
    "ResourceRow",
    "ServiceRow",
    "VpcRow",
    "cost_lines",
    "endpoint_row",
    "finding_rows",
    "flow_row",
    "flow_rows",
    "hop_rows",
    "resource_rows",
    "service_row",
    "status_of",
    "target_ref",
    "vpc_row",
]


@dataclass(frozen=True)
class FlowRow:
    """One flow in a table of flows."""

    ref: Ref
    source: Ref
    target: Ref
    target_label: str  # "Amazon S3 in us-east-1", "orders-api", "web"
    reachable: bool
    status: str  # "reachable" or "blocked: <reason words>"
    reason_words: str | None  # why it is blocked, in words; None when reachable
    network: str  # "AWS backbone" | "internet" | "none"
    cross_region: bool
    regions: tuple[str, ...]
    gb_per_month: float
    monthly_usd: float
    fixed_usd: float


@dataclass(frozen=True)
class HopRow:
    number: int
    kind: str  # the hop kind in words
    ref: Ref
    where: str  # region and/or AZ, "" when not known
    route: str | None  # the route that sent the packet on, for route tables
    note: str | None


@dataclass(frozen=True)
class CostLine:
    item: str
    basis: str
    usd: float


NETWORK_WORDS = {"aws-backbone": "AWS backbone", "internet": "internet", "none": "none",
                 "vpn": "Site-to-Site VPN", "direct-connect": "Direct Connect"}


def target_ref(design: Analysis, flow: FlowResult) -> tuple[Ref, str]:
    """The flow's destination as a link (when it has a page) and as words."""
    topo = design.topology
    if flow.to_kind == "workload":
        return layout.ref_for(topo, "workload", flow.to), flow.to
    if flow.to_kind == "endpoint-service":
        return layout.ref_for(topo, "endpoint-service", flow.to), flow.to
    where = f" in {flow.to_region}" if flow.to_region else ""
    return Ref(flow.to, "service", None), f"{service_title(flow.to)}{where}"


def status_of(flow: FlowResult) -> str:
    if flow.reachable:
        return "reachable"
    return f"blocked: {words.reason_words(flow.reason or 'unreachable')}"


def flow_row(design: Analysis, flow: FlowResult) -> FlowRow:
    report = design.flow_report(flow.id)
    target, label = target_ref(design, flow)
    return FlowRow(
        ref=layout.ref_for(design.topology, "flow", flow.id),
        source=layout.ref_for(design.topology, "workload", flow.source),
        target=target,
        target_label=label,
        reachable=flow.reachable,
        status=status_of(flow),
        reason_words=None if flow.reachable else words.reason_words(flow.reason or "unreachable"),
        network=NETWORK_WORDS.get(flow.network.value, flow.network.value),
        cross_region=flow.cross_region,
        regions=flow.regions,
        gb_per_month=flow.gb_per_month,
        monthly_usd=report.monthly_usd,
        fixed_usd=report.fixed_usd,
    )


def flow_rows(design: Analysis, flows: tuple[FlowResult, ...]) -> tuple[FlowRow, ...]:
    return tuple(flow_row(design, f) for f in sorted(flows, key=lambda f: f.id))


def _hop_ref(design: Analysis, hop: Hop) -> Ref:
    if hop.kind.value == "service":
        return Ref(hop.id, "service", None)
    if hop.kind.value == "internet":
        return Ref(hop.id, "internet", None)
    return layout.ref_for(design.topology, hop.kind.value, hop.id)


def hop_rows(design: Analysis, flow: FlowResult) -> tuple[HopRow, ...]:
    rows = []
    for i, hop in enumerate(flow.hops, start=1):
        where = " / ".join(x for x in (hop.region, hop.az) if x)
        rows.append(
            HopRow(
                i,
                words.hop_label(hop.kind.value),
                _hop_ref(design, hop),
                where,
                hop.route,
                hop.note,
            )
        )
    return tuple(rows)


def cost_lines(items: tuple[CostItem, ...]) -> tuple[CostLine, ...]:
    """Cost items as rows."""
    return tuple(CostLine(str(i.item), str(i.basis), float(i.usd)) for i in items)


@dataclass(frozen=True)
class FindingRow:
    code: str
    severity: str
    subject: Ref | None
    subject_name: str
    message: str
    saves_monthly_usd: float | None


@dataclass(frozen=True)
class VpcRow:
    ref: Ref
    region: str
    cidrs: tuple[str, ...]
    account: str | None
    subnets: int
    azs: tuple[str, ...]
    endpoints: int
    workloads: int


@dataclass(frozen=True)
class EndpointRow:
    ref: Ref
    type: str
    service: str
    service_ref: Ref | None
    vpc: Ref
    region: str
    service_region: str
    flows: int
    fixed_usd: float


@dataclass(frozen=True)
class ServiceRow:
    ref: Ref
    vpc: Ref
    region: str
    load_balancer: str
    principals: int
    consumers: int


@dataclass(frozen=True)
class ResourceRow:
    ref: Ref
    kind: str
    region: str
    monthly_usd: float
    basis: str


def finding_rows(design: Analysis) -> tuple[FindingRow, ...]:
    topo = design.topology
    rows = []
    for f in design.report.findings:
        kind = topo.kind_of(f.subject)
        ref = layout.ref_for(topo, kind, f.subject) if kind is not None else None
        rows.append(
            FindingRow(
                f.code,
                f.severity,
                ref if ref is not None and ref.page is not None else None,
                f.subject,
                fmt.sentence(f.message),
                f.saves_monthly_usd,
            )
        )
    return tuple(rows)



def vpc_row(topo: Topology, name: str) -> VpcRow:
    vpc = topo.vpcs[name]
    return VpcRow(
        ref=layout.ref_for(topo, "vpc", name),
        region=vpc.region,
        cidrs=tuple(str(c) for c in vpc.cidrs),
        account=account_label(topo, vpc.account),
        subnets=len(vpc.subnets),
        azs=tuple(sorted({topo.subnets[s].az for s in vpc.subnets})),
        endpoints=len(vpc.endpoints),
        workloads=len(vpc.workloads),
    )


def endpoint_row(design: Analysis, name: str) -> EndpointRow:
    topo = design.topology
    ep = topo.endpoints[name]
    to_service = ep.service_kind.value == "endpoint-service"
    resource = design.resource(name)
    return EndpointRow(
        ref=layout.ref_for(topo, "endpoint", name),
        type=words.ENDPOINT_TYPE_WORDS.get(ep.type.value, ep.type.value),
        service=ep.service,
        service_ref=layout.ref_for(topo, "endpoint-service", ep.service) if to_service else None,
        vpc=layout.ref_for(topo, "vpc", ep.vpc),
        region=topo.vpcs[ep.vpc].region,
        service_region=ep.service_region,
        flows=len(design.flows_using_endpoint(name)),
        fixed_usd=resource.monthly_usd if resource is not None else 0.0,
    )


def service_row(topo: Topology, name: str) -> ServiceRow:
    svc = topo.endpoint_services[name]
    return ServiceRow(
        ref=layout.ref_for(topo, "endpoint-service", name),
        vpc=layout.ref_for(topo, "vpc", svc.vpc),
        region=svc.region,
        load_balancer=svc.load_balancer,
        principals=len(svc.allowed_principals),
        consumers=sum(1 for e in topo.endpoints.values() if e.service == name),
    )


def resource_rows(design: Analysis, region: str | None = None) -> tuple[ResourceRow, ...]:
    topo = design.topology
    rows = []
    for r in design.report.resources:
        if region is not None and r.region != region:
            continue
        kind = topo.kind_of(r.id) or r.kind
        ref = layout.ref_for(topo, kind, r.id)
        basis = "; ".join(f"{i.item}: {i.basis}" for i in r.items())
        rows.append(ResourceRow(ref, r.kind.replace("-", " "), r.region, r.monthly_usd, basis))
    return tuple(rows)
