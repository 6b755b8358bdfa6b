"""One priced charge (rate × quantity) and the text of its basis.

Every money figure vpcdocs reports is built here, so the basis text ("500 GB × $0.01/GB",
"730 h × 2 AZ × $0.01") always shows the rate actually used, and each charge keeps the `Rate`s
it was computed from: that is how assumed figures (a region's null figure replaced by the
us-east-1 one) reach the report as assumptions, never as silent copies.

Rounding: a charge keeps its exact amount; `CostItem`s and totals are rounded to cents (half up)
only when reported, and a total is the sum of its rounded items, so printed figures add up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vpcdocs.analysis.pricing.table import HOURS_PER_MONTH, Rate, round_usd
from vpcdocs.analysis.result import ChargeKind, CostItem


@dataclass(frozen=True)
class Charge:
    """A charge: `kind` what it is for, `subject` the hop or resource it charges for, `usd`
    unrounded; `rates` the price-table rates it used; `fixed` for monthly charges of a resource
    (hours), as opposed to per-GB charges of a flow's data."""

    kind: ChargeKind
    subject: str | None
    item: str
    usd: float
    basis: str
    rates: tuple[Rate, ...] = ()
    fixed: bool = False

    def cost_item(self) -> CostItem:
        return CostItem(self.item, round_usd(self.usd), self.basis, self.kind, self.fixed,
                        self.subject)


def fmt_number(x: float) -> str:
    """A quantity without noise: 1500 -> "1500", 2.5 -> "2.5", 1/3 -> "0.333333"."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def fmt_price(usd: float) -> str:
    """A unit price: $0.045, $0.0035, $0.01."""
    return f"${usd:.6g}"


def fmt_usd(usd: float) -> str:
    """A money amount to the cent: $1,234.50 (the one rule: `rounding.usd_text`)."""
    from vpcdocs.analysis.pricing.rounding import usd_text

    return usd_text(usd)


def per_gb(
    kind: ChargeKind, subject: str | None, item: str, gb: float, rate: Rate, note: str = ""
) -> Charge:
    """`gb` × `rate` $/GB."""
    basis = f"{fmt_number(gb)} GB × {fmt_price(rate.usd)}/GB"
    if note:
        basis += f" ({note})"
    return Charge(kind, subject, item, gb * rate.usd, basis, (rate,))


def per_gb_average(
    kind: ChargeKind,
    subject: str | None,
    item: str,
    gb: float,
    usd_per_gb: float,
    rates: tuple[Rate, ...],
    note: str,
) -> Charge:
    """`gb` at an average price (tiered charges apportioned pro rata), with the reason."""
    basis = f"{fmt_number(gb)} GB × {fmt_price(usd_per_gb)}/GB ({note})"
    return Charge(kind, subject, item, gb * usd_per_gb, basis, rates)


def hourly(
    kind: ChargeKind, subject: str, item: str, rate: Rate, count: float = 1, unit: str = ""
) -> Charge:
    """A month of hours: `730 h × $0.045`, or `730 h × 2 AZ × $0.01` with a count and unit."""
    middle = f" × {fmt_number(count)} {unit}" if unit else ""
    basis = f"{HOURS_PER_MONTH} h{middle} × {fmt_price(rate.usd)}"
    return Charge(kind, subject, item, HOURS_PER_MONTH * count * rate.usd, basis, (rate,),
                  fixed=True)


def free(kind: ChargeKind, subject: str | None, item: str, basis: str) -> Charge:
    """A hop that costs nothing, listed so the reader sees it was considered."""
    return Charge(kind, subject, item, 0.0, basis)


def total(charges: Iterable[Charge]) -> float:
    """The sum of the charges as reported: each rounded to cents, then the sum rounded."""
    return round_usd(sum(round_usd(c.usd) for c in charges))


def assumption_notes(rates: Iterable[Rate]) -> tuple[str, ...]:
    """The notes of the assumed rates among `rates`, once each, sorted."""
    return tuple(sorted({r.note for r in rates if r.assumed and r.note}))
