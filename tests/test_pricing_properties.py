"""Properties of per-flow pricing over random volumes: nothing at 0 GB, never less for more data,
proportional to the data below the first tier, and fixed charges that do not depend on it."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from pricing_support import example

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing import price_flows, table_for
from vpcdocs.analysis.result import FlowResult

TOPOLOGY = example("hub-and-spoke.yaml")
TABLE = table_for(TOPOLOGY)
RESULTS = analyse(TOPOLOGY)
IDS = sorted(f.id for f in RESULTS)


def with_gb(gb: float) -> dict[str, FlowResult]:
    scaled = tuple(replace(f, gb_per_month=gb) for f in RESULTS)
    return {f.id: f for f in price_flows(TOPOLOGY, scaled, TABLE)}


@settings(max_examples=25)
@given(
    gb=st.floats(min_value=0, max_value=50_000, allow_nan=False),
    more=st.floats(min_value=0, max_value=50_000, allow_nan=False),
)
def test_more_data_never_costs_less_and_fixed_charges_stay(gb: float, more: float) -> None:
    low, high = with_gb(gb), with_gb(gb + more)
    for fid in IDS:
        assert (low[fid].cost.monthly_usd or 0) <= (high[fid].cost.monthly_usd or 0) + 1e-9
        assert low[fid].cost.fixed_usd == high[fid].cost.fixed_usd


def test_nothing_moved_costs_nothing_per_gb() -> None:
    for flow in with_gb(0).values():
        assert flow.cost.monthly_usd == 0.0


@settings(max_examples=25)
@given(gb=st.integers(min_value=1, max_value=100_000))
def test_cost_is_proportional_below_the_first_tier(gb: int) -> None:
    reference = 100_000.0
    one = with_gb(reference)
    many = with_gb(float(gb))
    for fid in IDS:
        per_gb = (one[fid].cost.monthly_usd or 0) / reference
        # each item is rounded to the cent: at most half a cent per item either way
        items = len([i for i in many[fid].cost.items if not i.item.startswith("fixed: ")])
        assert abs((many[fid].cost.monthly_usd or 0) - gb * per_gb) <= 0.005 * items + 0.005 + (
            per_gb * gb * 1e-9
        )
