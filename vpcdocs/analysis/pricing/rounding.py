"""The one rounding rule for the money and volumes people read: the CLI, the pages, `diff`,
`inject` and the findings' messages all format through here, so a figure reads the same
everywhere (docs/commands.md, "Numbers and rounding").

* Money is rounded to the cent, half up on its decimal form (`round_usd`: $0.125 -> $0.13), and
  written `$1,234.50`. A positive amount that rounds to $0.00 is written `<$0.01`, so that a
  small charge never reads as free.
* A break-even volume (the GB a month above which an interface endpoint is cheaper than a NAT
  gateway) is rounded up to a whole GB: "above 402 GB a month" is then true of 401.5 GB.

The JSON documents keep the analysis' own numbers (paths-json.md): money already rounded to the
cent by the cost engine, break-even volumes to two decimals (`break_even_gb`). Pure functions.
"""

from __future__ import annotations

import math

from vpcdocs.analysis.pricing.table import round_usd

__all__ = ["break_even_display", "break_even_text", "usd_text"]


def usd_text(usd: float) -> str:
    """Money to the cent: `$1,234.50`, `-$3.00`, `$0.00`; `<$0.01` (`-<$0.01`) for a non-zero
    amount that would round to zero."""
    if not math.isfinite(usd):
        return f"${usd}"
    cents = round_usd(usd)
    if cents == 0 and usd != 0:
        return "<$0.01" if usd > 0 else "-<$0.01"
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def break_even_display(gb: float) -> int:
    """A break-even volume as shown: rounded up to a whole GB (a tiny float error is ignored,
    so 402.0000000001 stays 402)."""
    return math.ceil(round(gb, 6))


def break_even_text(gb: float) -> str:
    """`1,402 GB`: the volume as shown, with its unit."""
    return f"{break_even_display(gb):,} GB"
