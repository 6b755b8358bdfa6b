"""Pricing for the analyse stage: the bundled price table and the rates read from it.

`table` holds the data access (load, overrides, lookup with a documented fallback, tiers,
rounding); the per-flow cost engine builds on it.
"""

from __future__ import annotations

from vpcdocs.analyse.pricing.table import (
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
    "Figure",
    "KeyInfo",
    "PriceTable",
    "PriceTableError",
    "Rate",
    "RegionPair",
    "Source",
    "format_figure",
    "inter_region_rate",
    "interface_endpoint_gb_tier_rates",
    "interface_endpoint_gb_tiers",
    "internet_egress_tier_rates",
    "internet_egress_tiers",
    "load_price_table",
    "parse_price_table",
    "rate",
    "round_usd",
    "tiered_cost",
    "unknown_regions",
    "with_overrides",
]
