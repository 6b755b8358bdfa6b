"""Regional volumes for tiered prices, and the per-GB price each flow pays under them.

Two charges are tiered on a total, not per flow:

* **Interface endpoint processing** tiers aggregate all interface endpoints in a region per month
  ($0.01/GB first 1 PB, $0.006 next 4 PB, $0.004 above: facts §5, PrivateLink pricing page). The
  region's position is computed from every priced flow through an interface endpoint there, and the
  region's tiered cost is **apportioned pro rata**: each flow pays its GB × the region's average
  price. Chosen over the marginal price because the flows' charges then add up to exactly what the
  region's tiers give (no flow is charged a price that depends on the order flows are listed in).
  Below 1 PB, which is every design we have seen, the average is the first tier's price exactly.
  One payer is assumed (an organisation's consolidated bill aggregates tiers across accounts).
* **Internet egress** has a free allowance (100 GB a month) that is account-wide and aggregated
  across all regions (facts §5): it is applied **once** for the whole design, shared between the
  regions and flows with internet egress pro rata to their GB; the rest of each region's egress is
  charged under that region's tiers and apportioned pro rata like the endpoint tiers. The allowance
  used is the smallest figure among those regions (an override of 0 turns it off).

For an alternative (a flow moved onto a new interface endpoint) the **marginal** price of adding
its GB to the region's volume is used, which again is the first tier's price below 1 PB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from vpcdocs.analysis.pricing.table import (
    PriceTable,
    Rate,
    interface_endpoint_gb_tier_rates,
    internet_egress_tier_rates,
    rate,
    tiered_cost,
)
from vpcdocs.analysis.result import FlowResult, HopKind


@dataclass(frozen=True)
class TierPrice:
    """A per-GB price from tiers: `usd_per_gb`, the tier rates it touched, and whether it is the
    first tier's price exactly (then no explanation is needed in a basis)."""

    usd_per_gb: float
    rates: tuple[Rate, ...]
    first_tier: bool


@dataclass(frozen=True)
class Volumes:
    """GB per month by region: through interface endpoints, and out to the internet."""

    interface_gb: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    egress_gb: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


def _frozen(d: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType({k: d[k] for k in sorted(d)})


def egress_region(flow: FlowResult, index: int) -> str | None:
    """The region data leaves to the internet from: that of the last hop before `internet`."""
    for hop in reversed(flow.hops[:index]):
        if hop.where.region is not None:
            return hop.where.region
    return None


#: One flow's contribution to a regional total: (through an interface endpoint? else out to
#: the internet, region, GB). `volumes` adds them up in order.
VolumeEvent = tuple[bool, str, float]


def volume_events(results: tuple[FlowResult, ...]) -> list[VolumeEvent]:
    """What each reachable flow adds to the regional totals, in flow order (each
    interface-endpoint hop counts). Flows analysed in separate pieces give their events
    separately; joined in flow order they add up to the very same floats (`volumes_of`)."""
    events: list[VolumeEvent] = []
    for flow in results:
        if not flow.reachable or flow.gb_per_month <= 0:
            continue
        for i, hop in enumerate(flow.hops):
            if hop.kind is HopKind.INTERFACE_ENDPOINT:
                region = hop.where.region
                if region is not None:
                    events.append((True, region, flow.gb_per_month))
            elif hop.kind is HopKind.INTERNET:
                region = egress_region(flow, i)
                if region is not None:
                    events.append((False, region, flow.gb_per_month))
    return events


def volumes_of(events: list[VolumeEvent]) -> Volumes:
    """The regional totals of `events`, added in their order."""
    interface: dict[str, float] = {}
    egress: dict[str, float] = {}
    for through_interface, region, gb in events:
        totals = interface if through_interface else egress
        totals[region] = totals.get(region, 0.0) + gb
    return Volumes(_frozen(interface), _frozen(egress))


def volumes(results: tuple[FlowResult, ...]) -> Volumes:
    """The regional totals from every reachable flow (each interface-endpoint hop counts)."""
    return volumes_of(volume_events(results))


def _touched(tiers: list[tuple[float | None, Rate]], gb: float) -> tuple[Rate, ...]:
    """The rates of the tiers that `gb` reaches (the first always)."""
    out: list[Rate] = []
    lower = 0.0
    for bound, r in tiers:
        if out and gb <= lower:
            break
        out.append(r)
        if bound is None:
            break
        lower = bound
    return tuple(out)


def _average(tiers: list[tuple[float | None, Rate]], gb: float) -> TierPrice:
    first_bound, first = tiers[0]
    if first_bound is None or gb <= first_bound:
        return TierPrice(first.usd, (first,), True)
    cost = tiered_cost(gb, [(b, r.usd) for b, r in tiers])
    return TierPrice(cost / gb, _touched(tiers, gb), False)


def interface_price(table: PriceTable, vols: Volumes, region: str) -> TierPrice:
    """The average interface-endpoint price per GB in `region` at its monthly volume."""
    tiers = interface_endpoint_gb_tier_rates(table, region)
    return _average(tiers, vols.interface_gb.get(region, 0.0))


def interface_marginal_price(
    table: PriceTable, vols: Volumes, region: str, extra_gb: float
) -> TierPrice:
    """The price per GB of adding `extra_gb` to `region`'s interface-endpoint volume."""
    tiers = interface_endpoint_gb_tier_rates(table, region)
    base = vols.interface_gb.get(region, 0.0)
    first_bound, first = tiers[0]
    if extra_gb <= 0 or first_bound is None or base + extra_gb <= first_bound:
        return TierPrice(first.usd, (first,), True)
    plain = [(b, r.usd) for b, r in tiers]
    cost = tiered_cost(base + extra_gb, plain) - tiered_cost(base, plain)
    return TierPrice(cost / extra_gb, _touched(tiers, base + extra_gb), False)


def free_egress_gb(table: PriceTable, vols: Volumes) -> tuple[float, tuple[Rate, ...]]:
    """The account-wide free allowance (once for all regions) and the rates it came from."""
    if not vols.egress_gb:
        return 0.0, ()
    rates = tuple(rate(table, r, "internet_egress_free_gb") for r in vols.egress_gb)
    return min(r.usd for r in rates), rates


def egress_price(table: PriceTable, vols: Volumes, region: str) -> tuple[float, tuple[Rate, ...]]:
    """The average internet-egress price per GB of `region`'s egress, after its pro-rata share
    of the free allowance."""
    region_gb = vols.egress_gb.get(region, 0.0)
    if region_gb <= 0:
        return 0.0, ()
    all_gb = sum(vols.egress_gb.values())
    free, free_rates = free_egress_gb(table, vols)
    free_share = min(free, all_gb) * region_gb / all_gb
    chargeable = region_gb - free_share
    tiers = internet_egress_tier_rates(table, region)
    cost = tiered_cost(chargeable, [(b, r.usd) for b, r in tiers]) if chargeable > 0 else 0.0
    used = _touched(tiers, chargeable) if chargeable > 0 else ()
    return cost / region_gb, free_rates + used
