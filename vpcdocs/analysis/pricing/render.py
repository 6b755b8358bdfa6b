"""The cost report as text: a Markdown page and rich tables for the terminal.

Both are pure functions of a `CostReport` (no clock, no paths), so their output is stable and can
be compared with golden files. Money is shown to the cent with `$`; the JSON document
(`CostReport.to_json`) is the machine-readable form.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from vpcdocs.analysis.pricing.alternatives import Alternative
from vpcdocs.analysis.pricing.charges import fmt_number, fmt_usd
from vpcdocs.analysis.pricing.report import CostReport, FlowReport


def _cheapest(flow: FlowReport) -> Alternative | None:
    """The feasible way with the lowest per-GB plus added fixed cost (the current way on ties)."""
    feasible = [a for a in flow.alternatives if a.feasible and a.monthly_usd is not None]
    if not feasible:
        return None
    return min(
        feasible,
        key=lambda a: ((a.monthly_usd or 0.0) + (a.fixed_monthly_usd or 0.0), not a.current, a.via),
    )


def _money(x: float | None) -> str:
    return "–" if x is None else fmt_usd(x)


def _cheapest_text(flow: FlowReport) -> str:
    best = _cheapest(flow)
    if best is None:
        return "–"
    if best.current:
        return f"{best.via} (current)"
    return f"{best.via}: {fmt_usd((best.monthly_usd or 0) + (best.fixed_monthly_usd or 0))}"


def _summary(report: CostReport) -> str:
    return (
        f"Monthly total {fmt_usd(report.monthly_total_usd)}: resources "
        f"{fmt_usd(report.resources_usd)} + per-GB charges of flows {fmt_usd(report.flows_usd)} "
        f"({report.currency}, prices as of {report.prices_as_of}; a month is 730 h)"
    )


# --- Markdown -------------------------------------------------------------------------------


def _md(text: str) -> str:
    """A table cell: pipes escaped, no line breaks."""
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return lines


def render_markdown(report: CostReport, title: str = "Cost") -> str:
    """The cost report as a Markdown page. `title` is Markdown as it is: a caller that puts the
    topology's title in it escapes it first (`vpcdocs.commands.cost.markdown_text`; this stage
    cannot import the escaper, render/markdown/escape.py). Everything else here is vpcdocs'
    own text about names, which are plain (`A-Za-z0-9._-`)."""
    out = [f"# {title}", "", f"**{_summary(report)}**", "", "## Resources billed by the hour", ""]
    if report.resources:
        rows = [
            [
                f"`{r.id}`",
                r.kind,
                r.region,
                fmt_usd(r.monthly_usd),
                "; ".join(f"{c.item}: {c.basis}" for c in r.charges),
            ]
            for r in report.resources
        ]
        out += _md_table(
            ["Resource", "Kind", "Region", "Monthly", "Basis"],
            ["---", "---", "---", "---:", "---"],
            rows,
        )
    else:
        out.append("None.")
    out += ["", "## Flows", ""]
    if report.flows:
        rows = [
            [
                f"`{f.flow.id}`",
                fmt_number(f.flow.gb_per_month),
                fmt_usd(f.monthly_usd),
                fmt_usd(f.fixed_usd),
                _cheapest_text(f),
                "–" if f.break_even_gb_per_month is None else fmt_number(f.break_even_gb_per_month),
            ]
            for f in report.flows
        ]
        out += _md_table(
            ["Flow", "GB/month", "Per-GB charges", "Fixed (shared)", "Cheapest way",
             "Break-even GB"],
            ["---", "---:", "---:", "---:", "---", "---:"],
            rows,
        )
        for f in report.flows:
            out += _md_flow(f)
    else:
        out.append("None.")
    out += ["", "## Findings", ""]
    if report.findings:
        rows = [
            [f.severity, f"`{f.code}`", f"`{f.subject}`", _money(f.saves_monthly_usd), f.message]
            for f in report.findings
        ]
        out += _md_table(
            ["Severity", "Code", "Subject", "Saves/month", "Message"],
            ["---", "---", "---", "---:", "---"],
            rows,
        )
    else:
        out.append("None.")
    if report.assumptions:
        out += ["", "## Assumptions", ""]
        out += [f"* {_md(a)}" for a in report.assumptions]
    return "\n".join(out) + "\n"


def _md_flow(flow: FlowReport) -> list[str]:
    out = ["", f"### `{flow.flow.id}`", ""]
    for item in flow.items:
        out.append(f"* {_md(item.item)}: {_md(item.basis)} = {fmt_usd(item.usd)}")
    for item in flow.fixed_items:
        out.append(f"* fixed, shared: {_md(item.item)}: {_md(item.basis)} = {fmt_usd(item.usd)}")
    if flow.alternatives:
        out.append("")
        rows = [
            [
                a.via + (" (current)" if a.current else ""),
                "yes" if a.feasible else "no",
                _money(a.monthly_usd),
                _money(a.fixed_monthly_usd),
                a.note,
            ]
            for a in flow.alternatives
        ]
        out += _md_table(
            ["Way", "Feasible", "Per-GB charges", "Added fixed", "Note"],
            ["---", "---", "---:", "---:", "---"],
            rows,
        )
    return out


# --- rich ------------------------------------------------------------------------------------


def _table(title: str, *columns: str) -> Table:
    """A table with `columns`; a name starting with `>` is right-aligned (numbers)."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        if column.startswith(">"):
            table.add_column(column[1:], justify="right")
        else:
            table.add_column(column, justify="left")
    return table


def render_rich(report: CostReport) -> RenderableType:
    """The cost report as rich tables (resources, flows, findings) with the total."""
    parts: list[RenderableType] = [Text(_summary(report), style="bold")]
    res = _table("Resources billed by the hour", "Resource", "Kind", "Region", ">Monthly", "Basis")
    for r in report.resources:
        basis = " + ".join(c.basis for c in r.charges)
        res.add_row(r.id, r.kind, r.region, fmt_usd(r.monthly_usd), basis)
    parts.append(res)
    flows = _table(
        "Flows (per-GB charges; fixed charges are under resources)",
        "Flow", ">GB/month", ">Per-GB", ">Fixed (shared)", "Cheapest way", ">Break-even GB",
    )
    for f in report.flows:
        even = f.break_even_gb_per_month
        flows.add_row(
            f.flow.id,
            fmt_number(f.flow.gb_per_month),
            fmt_usd(f.monthly_usd),
            fmt_usd(f.fixed_usd),
            _cheapest_text(f),
            "–" if even is None else fmt_number(even),
        )
    parts.append(flows)
    if report.findings:
        table = _table("Findings", "Severity", "Code", "Subject", ">Saves/month", "Message")
        for finding in report.findings:
            style = "yellow" if finding.severity == "warning" else ""
            table.add_row(
                Text(finding.severity, style=style),
                finding.code,
                finding.subject,
                _money(finding.saves_monthly_usd),
                finding.message,
            )
        parts.append(table)
    if report.assumptions:
        parts.append(Text("Assumptions:\n" + "\n".join(f"  * {a}" for a in report.assumptions)))
    return Group(*parts)


def render_table(report: CostReport, width: int = 120) -> str:
    """The rich tables as plain text of `width` columns (no colour): for files and tests."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      legacy_windows=False, soft_wrap=False)
    console.print(render_rich(report))
    return buffer.getvalue()
