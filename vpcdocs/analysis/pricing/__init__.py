"""Pricing for the analyse stage: the bundled price table and the rates read from it.

`table` holds the data access (load, overrides, lookup with a documented fallback, tiers,
rounding); the per-flow cost engine builds on it:

    table = table_for(topology)                       # overrides; unknown regions -> error
    priced = price_flows(topology, results, table)    # FlowResult.cost filled (vpcdocs paths)
    report = cost_report(topology, results, table)    # vpcdocs cost: resources, flows,
                                                      # alternatives, findings; .to_json()

Renderers for the report (Markdown, rich tables) are in `vpcdocs.analysis.pricing.render`.
"""

from __future__ import annotations

from vpcdocs.analysis.pricing.alternatives import Alternative, alternatives_for, break_even_gb
from vpcdocs.analysis.pricing.findings import Finding
from vpcdocs.analysis.pricing.known import UnknownPriceError, known_region, table_for
from vpcdocs.analysis.pricing.priced import price_flows
from vpcdocs.analysis.pricing.report import CostReport, FlowReport, cost_report
from vpcdocs.analysis.pricing.resources import ResourceCost, resource_costs
from vpcdocs.analysis.pricing.table import (
    FALLBACK_REGION,
    GB_PER_PB,
    GB_PER_TB,
    HOURS_PER_MONTH,
    Figure,
    KeyInfo,
    PriceTable,
    PriceTableError,
    Rate,
    RegionPair,
    Source,
    confidence_words,
    format_figure,
    inter_region_rate,
    interface_endpoint_gb_tier_rates,
    interface_endpoint_gb_tiers,
    internet_egress_tier_rates,
    internet_egress_tiers,
    load_price_table,
    parse_price_table,
    rate,
    round_usd,
    tiered_cost,
    unknown_regions,
    with_overrides,
)

__all__ = [
    "FALLBACK_REGION",
    "GB_PER_PB",
    "GB_PER_TB",
    "HOURS_PER_MONTH",
    "Alternative",
    "CostReport",
    "Figure",
    "Finding",
    "FlowReport",
    "KeyInfo",
    "PriceTable",
    "PriceTableError",
    "Rate",
    "RegionPair",
    "ResourceCost",
    "Source",
    "UnknownPriceError",
    "alternatives_for",
    "break_even_gb",
    "confidence_words",
    "cost_report",
    "format_figure",
    "inter_region_rate",
    "interface_endpoint_gb_tier_rates",
    "interface_endpoint_gb_tiers",
    "internet_egress_tier_rates",
    "internet_egress_tiers",
    "known_region",
    "load_price_table",
    "parse_price_table",
    "price_flows",
    "rate",
    "resource_costs",
    "round_usd",
    "table_for",
    "tiered_cost",
    "unknown_regions",
    "with_overrides",
]
