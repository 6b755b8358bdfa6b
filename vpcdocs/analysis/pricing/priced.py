"""Filling `FlowResult.cost`: the one place that turns charges into the contract's figures.

Both `vpcdocs paths` (through `price_flows`) and `vpcdocs cost` (through `cost_report`) use
`price_all`, so a flow's `cost.monthly_usd` is the same figure in both.

* `monthly_usd`: the flow's per-GB charges, each rounded to cents, summed.
* `fixed_usd`: the monthly fixed cost of the hourly-billed resources the flow uses (their
  `ResourceCost.monthly_usd`), reported with the flow and never split between flows.
* `items`: the per-GB charges in hop order, then one item per fixed charge of those resources,
  marked `fixed` (the JSON names them `fixed: <item> (<resource>)` so a reader, or a program,
  can tell them apart).
* Assumed rates (a null figure of a known region replaced by us-east-1's) and the billing
  rules that are uncertain are appended to the flow's `assumptions`, once each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from vpcdocs.analysis.pricing.charges import assumption_notes, total
from vpcdocs.analysis.pricing.flows import FlowCharges, flow_charges
from vpcdocs.analysis.pricing.known import check_rates
from vpcdocs.analysis.pricing.resources import ResourceCost, resource_costs
from vpcdocs.analysis.pricing.table import PriceTable, Rate, round_usd
from vpcdocs.analysis.pricing.volumes import Volumes, volumes
from vpcdocs.analysis.result import CostItem, FlowCost, FlowResult
from vpcdocs.model import Topology


@dataclass(frozen=True)
class PricedFlows:
    """Flows with their cost filled in, and what it was computed from."""

    flows: tuple[FlowResult, ...]
    charges: Mapping[str, FlowCharges]
    resources: tuple[ResourceCost, ...]
    volumes: Volumes

    def rates(self) -> tuple[Rate, ...]:
        """Every rate used by the flows' charges and by the resources they use."""
        by_id = {r.id: r for r in self.resources}
        used = [r for fc in self.charges.values() for r in fc.rates()]
        for fc in self.charges.values():
            for rid in fc.resources:
                if rid in by_id:
                    used.extend(r for c in by_id[rid].charges for r in c.rates)
        return tuple(used)


@dataclass(frozen=True)
class _Fixed:
    """What every flow that uses one resource reports of it (computed once per resource)."""

    items: tuple[CostItem, ...]  # its fixed charges, as the flow's `fixed` cost items
    monthly_usd: float
    rates: tuple[Rate, ...]

    @classmethod
    def of(cls, res: ResourceCost) -> _Fixed:
        items = tuple(
            CostItem(f"{c.item} ({res.id})", round_usd(c.usd), c.basis, c.kind, True, res.id)
            for c in res.charges
        )
        return cls(items, res.monthly_usd, tuple(r for c in res.charges for r in c.rates))


def flow_cost(charges: FlowCharges, resources: Mapping[str, ResourceCost],
              fixed: Mapping[str, _Fixed] | None = None) -> FlowCost:
    """The contract's `cost` object of one flow (`fixed`: `_Fixed.of` each resource, if
    already made)."""
    used = [fixed[rid] if fixed is not None else _Fixed.of(resources[rid])
            for rid in charges.resources if rid in resources]
    items: list[CostItem] = [c.cost_item() for c in charges.charges]
    for res in used:
        items.extend(res.items)
    fixed_usd = round_usd(sum(r.monthly_usd for r in used))
    return FlowCost(monthly_usd=total(charges.charges), fixed_usd=fixed_usd, items=tuple(items))


def flow_assumptions(
    flow: FlowResult, charges: FlowCharges, resources: Mapping[str, ResourceCost],
    fixed: Mapping[str, _Fixed] | None = None,
) -> tuple[str, ...]:
    """The flow's assumptions followed by pricing's (assumed rates, uncertain rules)."""
    rates = list(charges.rates())
    for rid in charges.resources:
        if rid in resources:
            rates.extend(fixed[rid].rates if fixed is not None else _Fixed.of(resources[rid]).rates)
    notes = [*assumption_notes(rates), *charges.notes]
    return tuple(dict.fromkeys((*flow.assumptions, *notes)))


def price_all(
    topology: Topology, results: tuple[FlowResult, ...], table: PriceTable,
    vols: Volumes | None = None,
) -> PricedFlows:
    """Price every flow (no unknown-region check; see `price_flows`). `vols`: the regional
    totals of all the design's flows when `results` are only some of them (by default those
    of `results`)."""
    vols = volumes(results) if vols is None else vols
    resources = resource_costs(topology, table)
    by_id: Mapping[str, ResourceCost] = {r.id: r for r in resources}
    fixed = {r.id: _Fixed.of(r) for r in resources}
    charges = {f.id: flow_charges(topology, f, table, vols) for f in results}
    priced = tuple(
        replace(
            f,
            cost=flow_cost(charges[f.id], by_id, fixed),
            assumptions=flow_assumptions(f, charges[f.id], by_id, fixed),
        )
        for f in results
    )
    frozen = MappingProxyType({k: charges[k] for k in sorted(charges)})
    return PricedFlows(priced, frozen, resources, vols)


def price_flows(
    topology: Topology, results: tuple[FlowResult, ...], table: PriceTable,
    vols: Volumes | None = None,
) -> tuple[FlowResult, ...]:
    """`results` with `cost` filled in (and pricing's assumptions appended), in the same order.

    Raises `UnknownPriceError` when a figure it needs belongs to a region the table does not
    know and the topology's `pricing` does not set it (known.py). `vols`: as for `price_all`.
    """
    priced = price_all(topology, results, table, vols)
    check_rates(table, priced.rates())
    return priced.flows
