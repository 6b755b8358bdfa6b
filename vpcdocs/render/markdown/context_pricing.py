"""Contexts of the pricing page (rates, gateway vs interface endpoint vs NAT, break-even,
resources, findings) and of the cross-region patterns page. See context.py for what every page
gets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.pricing.rounding import break_even_display
from vpcdocs.analysis.pricing.table import (
    HOURS_PER_MONTH,
    Source,
    confidence_words,
    format_figure,
    inter_region_rate,
    interface_endpoint_gb_tiers,
    rate,
)
from vpcdocs.analysis.result import ChargeKind
from vpcdocs.render.markdown import layout
from vpcdocs.render.markdown.context import VIA_WORDS, alternative_lines, base, zone_rows
from vpcdocs.render.markdown.context_network import peering_rows
from vpcdocs.render.markdown.layout import Ref
from vpcdocs.render.markdown.rows import (
    cost_lines,
    endpoint_row,
    finding_rows,
    flow_rows,
    resource_rows,
)

__all__ = ["cross_region_context", "pricing_context"]


# --------------------------------------------------------------------------- pricing


@dataclass(frozen=True)
class RegionRates:
    region: str
    interface_hour: float
    interface_gb: float
    nat_hour: float
    nat_gb: float
    tgw_attachment_hour: float
    tgw_gb: float
    inter_region_gb: float
    assumed: tuple[str, ...]
    endpoint_az_month: float  # one interface endpoint in one AZ for a month
    break_even_gb_per_az: float | None  # GB/month per endpoint AZ above which it beats NAT


@dataclass(frozen=True)
class ComparisonRow:
    flow: Ref
    gb_per_month: float
    current: str
    cells: tuple[Any, ...]  # AlternativeLine per VIA, or None when not priced
    break_even_gb: float | None


def region_rates(design: Analysis, region: str) -> RegionRates:
    table = design.table
    keys = (
        "interface_endpoint_hour",
        "nat_gateway_hour",
        "nat_gateway_gb",
        "tgw_attachment_hour",
        "tgw_gb",
        "inter_region_gb",
    )
    rates = {k: rate(table, region, k) for k in keys}
    tiers = interface_endpoint_gb_tiers(table, region)
    interface_gb = tiers[0][1]
    az_month = HOURS_PER_MONTH * rates["interface_endpoint_hour"].usd
    saving = rates["nat_gateway_gb"].usd - interface_gb
    return RegionRates(
        region=region,
        interface_hour=rates["interface_endpoint_hour"].usd,
        interface_gb=interface_gb,
        nat_hour=rates["nat_gateway_hour"].usd,
        nat_gb=rates["nat_gateway_gb"].usd,
        tgw_attachment_hour=rates["tgw_attachment_hour"].usd,
        tgw_gb=rates["tgw_gb"].usd,
        inter_region_gb=rates["inter_region_gb"].usd,
        assumed=tuple(sorted(k for k, r in rates.items() if r.assumed)),
        endpoint_az_month=round(az_month, 2),
        break_even_gb_per_az=break_even_display(az_month / saving) if saving > 0 else None,
    )


#: The order prices are listed in (the table's keys, grouped by what they bill).
PRICE_ORDER = (
    "interface_endpoint_hour",
    "interface_endpoint_gb",
    "interface_endpoint_gb_next_4pb",
    "interface_endpoint_gb_over_5pb",
    "gwlb_endpoint_hour",
    "gwlb_endpoint_gb",
    "nat_gateway_hour",
    "nat_gateway_gb",
    "public_ipv4_hour",
    "tgw_attachment_hour",
    "tgw_gb",
    "inter_region_gb",
    "cross_az_gb",
    "internet_egress_free_gb",
    "internet_egress_gb",
    "internet_egress_gb_next_40tb",
    "internet_egress_gb_next_100tb",
    "internet_egress_gb_over_150tb",
)


@dataclass(frozen=True)
class PriceRow:
    """One price of one Region as the page shows it: what it is, the figure, the AWS page it is
    published on (None for a figure the design's `pricing` section sets) and how sure it is."""

    label: str
    figure: str
    source: Source | None
    words: str


@dataclass(frozen=True)
class RegionPrices:
    region: str
    rows: tuple[PriceRow, ...]


def _unused_keys(design: Analysis) -> set[str]:
    """The hybrid price keys a design without such resources never uses: its page lists them
    not (a format-1 design's pricing page is what it was before the hybrid keys)."""
    t = design.topology
    unused = set()
    if not t.connections:
        unused |= {"vpn_connection_hour", "direct_connect_out_gb"}
    if not t.resolver_endpoints:
        unused.add("resolver_endpoint_hour")
    return unused


def prices_used(design: Analysis) -> tuple[RegionPrices, ...]:
    """Every price of the design's Regions, with its source and confidence in words, and the
    inter-Region exceptions between two of them."""
    table = design.table
    regions = _priced_regions(design)
    unused = _unused_keys(design)
    keys = [k for k in PRICE_ORDER if k in table.keys and k not in unused]
    keys += sorted(k for k in table.keys if k not in PRICE_ORDER and k not in unused)
    out = []
    for region in regions:
        rows = []
        for key in keys:
            r = rate(table, region, key)
            label = table.keys[key].label
            rows.append(PriceRow(label[:1].upper() + label[1:],
                                 format_figure(table, key, r.usd),
                                 table.sources.get(r.source) if r.source else None,
                                 confidence_words(r)))
        for other in regions:
            pair = tuple(sorted((region, other)))
            if other == region or not any(p.regions == pair for p in table.inter_region_pairs):
                continue
            r = inter_region_rate(table, region, other)
            rows.append(PriceRow(f"Data transfer to {other}",
                                 format_figure(table, "inter_region_gb", r.usd),
                                 table.sources.get(r.source) if r.source else None,
                                 confidence_words(r)))
        out.append(RegionPrices(region, tuple(rows)))
    return tuple(out)


VIAS = ("gateway-endpoint", "interface-endpoint", "nat-gateway", "cross-region-privatelink")


def pricing_context(design: Analysis, page_path: str, *, allow_html: bool) -> dict[str, Any]:
    topo = design.topology
    report = design.report
    comparisons = []
    for flow in design.flows:
        lines = {a.via: a for a in alternative_lines(design, flow.id)}
        if not lines:
            continue
        current = next((a.label for a in lines.values() if a.current), "another way")
        comparisons.append(
            ComparisonRow(
                flow=layout.ref_for(topo, "flow", flow.id),
                gb_per_month=flow.gb_per_month,
                current=current,
                cells=tuple(lines.get(v) for v in VIAS),
                break_even_gb=None if design.flow_report(flow.id).free
                else design.flow_report(flow.id).break_even_gb_per_month,
            )
        )
    used_vias = tuple(
        v for i, v in enumerate(VIAS) if any(row.cells[i] is not None for row in comparisons)
    )
    context = base(design, page_path, allow_html=allow_html)
    context.update(
        monthly_total_usd=report.monthly_total_usd,
        resources_usd=report.resources_usd,
        flows_usd=report.flows_usd,
        currency=report.currency,
        prices_as_of=report.prices_as_of,
        rates=tuple(region_rates(design, r) for r in _priced_regions(design)),
        comparisons=tuple(comparisons),
        vias=tuple((VIAS.index(v), VIA_WORDS[v]) for v in used_vias),
        resources=resource_rows(design),
        flows=flow_rows(design, design.flows),
        flow_items={f.id: cost_lines(design.flow_report(f.id).items) for f in design.flows},
        findings=finding_rows(design),
        assumptions=report.assumptions,
        prices=prices_used(design),
        sources=_sources(design),
        overrides=bool(topo.pricing_overrides),
    )
    return context


def _sources(design: Analysis) -> tuple[Source, ...]:
    """The AWS pages the prices of this design's Regions come from (`prices_used`), by title."""
    found = {row.source for region in prices_used(design) for row in region.rows}
    return tuple(sorted((s for s in found if s is not None), key=lambda s: s.title))


def _priced_regions(design: Analysis) -> tuple[str, ...]:
    regions = set(design.topology.regions())
    regions |= {design.source_region(f) for f in design.flows}
    return tuple(sorted(regions))


# --------------------------------------------------------------------------- cross-region


@dataclass(frozen=True)
class Pattern:
    key: str
    title: str
    phrase: str  # the title inside a sentence
    in_use: bool
    instances: tuple[Any, ...]
    flows: tuple[Any, ...]


def _flows_where(design: Analysis, test: Any) -> tuple[Any, ...]:
    return flow_rows(design, tuple(f for f in design.flows if test(f)))


def cross_region_context(design: Analysis, page_path: str, *, allow_html: bool) -> dict[str, Any]:
    """The cross-region patterns the analysis found (`Analysis.cross_region`), as rows."""
    topo = design.topology

    def tgw_pair(name: str) -> tuple[Ref, str, Ref, str, str]:
        att = topo.tgw_attachments[name]
        assert att.peer is not None
        a, b = topo.transit_gateways[att.tgw], topo.transit_gateways[att.peer]
        return (
            layout.ref_for(topo, "transit-gateway", a.name),
            a.region,
            layout.ref_for(topo, "transit-gateway", b.name),
            b.region,
            att.status,
        )

    def zone(name: str) -> tuple[Any, Ref]:
        z = topo.hosted_zones[name]
        row = next(r for r in zone_rows(design, z.alias_to) if r.name == name)
        return (row, layout.ref_for(topo, "endpoint", z.alias_to))

    instances: dict[str, Callable[[tuple[str, ...]], tuple[Any, ...]]] = {
        "peering": lambda names: peering_rows(topo, names),
        "tgw-peering": lambda names: tuple(tgw_pair(n) for n in names),
        "privatelink": lambda names: tuple(endpoint_row(design, n) for n in names),
        "hosted-zones": lambda names: tuple(zone(n) for n in names),
    }
    patterns = tuple(
        Pattern(
            p.key,
            *_PATTERN_WORDS[p.key],
            p.in_use,
            instances[p.key](p.instances),
            flow_rows(design, tuple(design.flow(f) for f in p.flows)),
        )
        for p in design.cross_region
    )
    covered = {f for p in design.cross_region for f in p.flows}
    other = _flows_where(design, lambda f: f.cross_region and f.id not in covered)
    context = base(design, page_path, allow_html=allow_html)
    context.update(
        patterns=patterns,
        by_key={p.key: p for p in patterns},
        other_flows=other,
        cross_region_flows=_flows_where(design, lambda f: f.cross_region),
        inter_region_items={
            f.id: cost_lines(
                tuple(
                    i
                    for i in design.flow_report(f.id).items
                    if i.kind is ChargeKind.INTER_REGION
                )
            )
            for f in design.flows
        },
    )
    return context


#: key -> (title, the title inside a sentence)
_PATTERN_WORDS = {
    "peering": ("Inter-region VPC peering", "inter-region VPC peering"),
    "tgw-peering": (
        "Transit gateway peering across regions",
        "transit gateway peering across regions",
    ),
    "privatelink": ("Cross-region PrivateLink", "cross-region PrivateLink"),
    "hosted-zones": (
        "Private hosted zones shared across regions",
        "private hosted zones shared across regions",
    ),
}
