"""The whole cost report of a design: `vpcdocs cost` (paths-json.md, `vpcdocs cost` contract).

`cost_report(topology, results, table)` prices every hourly-billed resource and every flow,
adds the alternatives of each flow to an AWS service and the findings, and checks that no figure
came from a region the table does not know. `to_json()` gives the contract's document, keys in the
contract's order, then the keys vpcdocs adds:

    vpcdocs, currency, prices_as_of, monthly_total_usd, resources, flows, findings, assumptions

* `resources[]`: id, kind, region, monthly_usd, items (sorted by id, then kind; items by name);
* `flows[]`: id, monthly_usd (per-GB charges only, the same figure as `cost.monthly_usd` in
  `paths`), items (those per-GB charges: their sum is `monthly_usd`), alternatives; added:
  gb_per_month, fixed_usd, fixed_items (the fixed charges of the resources the flow uses, already
  counted under `resources`), break_even_gb_per_month, assumptions. Sorted by id;
* `findings[]`: code, severity, subject, message, saves_monthly_usd (None where no money);
* `monthly_total_usd` = the sum of the resources' and the flows' `monthly_usd`;
* `assumptions`: every assumed figure and uncertain billing rule the figures rest on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.companions import CompanionUse
from vpcdocs.analysis.pricing.alternatives import Alternative, alternatives_for, break_even_gb
from vpcdocs.analysis.pricing.charges import assumption_notes
from vpcdocs.analysis.pricing.findings import Finding, FindingInput, findings
from vpcdocs.analysis.pricing.flows import PROVIDER_LB_NOTE
from vpcdocs.analysis.pricing.known import check_rates
from vpcdocs.analysis.pricing.priced import price_all
from vpcdocs.analysis.pricing.resources import ResourceCost
from vpcdocs.analysis.pricing.table import PriceTable, Rate, round_usd
from vpcdocs.analysis.result import CostItem, FlowResult
from vpcdocs.diagnostics import Severity
from vpcdocs.model import Topology

GWLB_NOTE = (
    "the Gateway Load Balancer behind a GWLB endpoint (hours and capacity units) is not priced: "
    "vpcdocs' price table has no load balancer prices"
)


@dataclass(frozen=True)
class FlowReport:
    """One flow in the cost report: the priced `FlowResult` and its alternatives."""

    flow: FlowResult
    alternatives: tuple[Alternative, ...]
    break_even_gb_per_month: float | None

    @property
    def monthly_usd(self) -> float:
        return self.flow.cost.monthly_usd or 0.0

    @property
    def fixed_usd(self) -> float:
        return self.flow.cost.fixed_usd or 0.0

    @property
    def free(self) -> bool:
        """Reachable and billed nothing the way it goes (no per-GB charge, no fixed charge of
        the resources it uses, e.g. S3 through a gateway endpoint): no alternative is cheaper,
        so the front ends show no alternatives and no break-even for it."""
        return self.flow.reachable and self.monthly_usd == 0 and self.fixed_usd == 0

    @property
    def items(self) -> tuple[CostItem, ...]:
        return self.flow.cost.per_gb_items

    @property
    def fixed_items(self) -> tuple[CostItem, ...]:
        return self.flow.cost.fixed_items

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.flow.id,
            "monthly_usd": self.monthly_usd,
            "items": [i.to_json() for i in self.items],
            "alternatives": [a.to_json() for a in self.alternatives],
            "gb_per_month": self.flow.gb_per_month,
            "reachable": self.flow.reachable,
            "fixed_usd": self.fixed_usd,
            "fixed_items": [i.to_json() for i in self.fixed_items],
            "break_even_gb_per_month": self.break_even_gb_per_month,
            "assumptions": list(self.flow.assumptions),
        }


@dataclass(frozen=True)
class CostReport:
    currency: str
    prices_as_of: str
    resources: tuple[ResourceCost, ...]
    flows: tuple[FlowReport, ...]
    findings: tuple[Finding, ...]
    assumptions: tuple[str, ...]

    @property
    def resources_usd(self) -> float:
        return round_usd(sum(r.monthly_usd for r in self.resources))

    @property
    def flows_usd(self) -> float:
        return round_usd(sum(f.monthly_usd for f in self.flows))

    @property
    def monthly_total_usd(self) -> float:
        return round_usd(self.resources_usd + self.flows_usd)

    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def to_json(self) -> dict[str, Any]:
        return {
            "vpcdocs": 1,
            "currency": self.currency,
            "prices_as_of": self.prices_as_of,
            "monthly_total_usd": self.monthly_total_usd,
            "resources": [r.to_json() for r in self.resources],
            "flows": [f.to_json() for f in self.flows],
            "findings": [f.to_json() for f in self.findings],
            "assumptions": list(self.assumptions),
        }


def cost_report(
    topology: Topology,
    results: tuple[FlowResult, ...],
    table: PriceTable,
    companions: tuple[CompanionUse, ...] = (),
) -> CostReport:
    """Price `results` (from `vpcdocs.analysis.paths.analyse`) and the topology's resources.

    Raises `UnknownPriceError` when a figure used belongs to a region the table does not know
    and the topology's `pricing` does not set it.
    """
    priced = price_all(topology, results, table)
    alternatives = {
        f.id: alternatives_for(topology, f, priced.charges[f.id], table, priced.volumes)
        for f in priced.flows
    }
    rates: list[Rate] = list(priced.rates())
    rates.extend(r for res in priced.resources for c in res.charges for r in c.rates)
    rates.extend(r for alts in alternatives.values() for a in alts for r in a.rates)
    check_rates(table, rates)

    resources = {r.id: r for r in priced.resources}
    found = findings(
        FindingInput(
            topology, priced.flows, priced.charges, alternatives, resources, table,
            priced.volumes, companions,
        )
    )
    flows = tuple(
        FlowReport(f, alternatives[f.id], break_even_gb(alternatives[f.id]))
        for f in sorted(priced.flows, key=lambda f: f.id)
    )
    notes = set(assumption_notes(rates))
    notes |= {n for fc in priced.charges.values() for n in fc.notes}
    if topology.endpoint_services:
        notes.add(PROVIDER_LB_NOTE)
    if any(e.type.value == "gateway-load-balancer" for e in topology.endpoints.values()):
        notes.add(GWLB_NOTE)
    return CostReport(
        currency=table.currency,
        prices_as_of=table.as_of,
        resources=priced.resources,
        flows=flows,
        findings=found,
        assumptions=tuple(sorted(notes)),
    )
