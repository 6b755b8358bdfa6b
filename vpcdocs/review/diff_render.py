"""`vpcdocs diff` output: Markdown that reads well as a pull-request comment, and stable JSON.

The Markdown leads with one headline ("2 flows changed, 1 added, +$12.40/month"), then what a
reviewer must not miss (flows that become blocked), the cost before and after, a table of the
flows that changed, one collapsible section per changed flow (every changed field before and
after, and the new explanation), the resources added, removed and changed, and the cost findings
that appear or go away. Long tables fold away so the comment stays readable (GitHub renders
`<details>` in comments). JSON has sorted keys and no timestamps. Pure: text in, text out.
"""

from __future__ import annotations

import json

from vpcdocs.analysis.pricing.table import round_usd
from vpcdocs.render.markdown.escape import code
from vpcdocs.review.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    FlowChange,
    FlowState,
    ResourceChange,
    TopologyDiff,
)

#: A table with more rows than this is folded into a <details> block.
FOLD_ROWS = 15

_FIELD_LABELS = {
    "reachable": "Reachable",
    "reason": "Reason",
    "network": "Network",
    "way": "Way",
    "cross_region": "Crosses a region",
    "regions": "Regions",
    "hops": "Hops",
    "monthly_usd": "Per-GB cost / month",
    "fixed_usd": "Fixed cost of resources used / month",
    "gb_per_month": "GB / month",
    "from": "From",
    "to": "To",
    "to_region": "To region",
}

_SHORT_LABELS = {
    "reachable": "reachability",
    "reason": "reason",
    "network": "network",
    "way": "way",
    "cross_region": "region crossing",
    "monthly_usd": "per-GB cost",
    "fixed_usd": "fixed cost",
    "gb_per_month": "volume",
    "from": "source",
    "to": "destination",
    "to_region": "destination region",
}


def json_text(change: TopologyDiff) -> str:
    """The diff as JSON: sorted keys, two-space indent, a final newline."""
    return json.dumps(change.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- small formatters


def money(usd: float | None) -> str:
    if usd is None:
        return "—"
    return f"${usd:,.2f}"


def delta(usd: float | None) -> str:
    if usd is None:
        return "—"
    if usd == 0:
        return "±$0.00"
    sign = "+" if usd > 0 else "-"
    return f"{sign}${abs(usd):,.2f}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """A code span that holds whatever the text holds (backticks included): values from the
    topology, such as a workload's free-text `kind`, are shown as code, never as Markdown."""
    return str(code(text))


def field_text(state: FlowState, name: str) -> str:
    """One flow field as table text."""
    value = state.value(name)
    if name in ("reachable", "cross_region"):
        return "yes" if value else "**no**" if name == "reachable" else "no"
    if name in ("monthly_usd", "fixed_usd"):
        return money(value)
    if name == "gb_per_month":
        return f"{value:,g}"
    if name == "regions":
        return ", ".join(value) or "—"
    if name == "reason":
        return _code(value) if value else "—"
    if name in ("from", "to"):
        return _code(value)
    if value is None:
        return "—"
    return str(value)


def _before_after(flow: FlowChange, name: str) -> str:
    """`after` alone when unchanged; `before → **after**` when changed."""
    if flow.after is None:
        assert flow.before is not None
        return field_text(flow.before, name)
    if flow.before is None or name not in flow.changed:
        return field_text(flow.after, name)
    old, new = field_text(flow.before, name), field_text(flow.after, name)
    return f"~~{old.strip('*')}~~ **{new.strip('*')}**"


def headline(change: TopologyDiff) -> str:
    parts: list[str] = []
    changed, added, removed = (len(change.flows_with(k)) for k in (CHANGED, ADDED, REMOVED))
    if changed:
        parts.append(_plural(changed, "flow") + " changed")
    if added:
        parts.append(_plural(added, "flow") + " added")
    if removed:
        parts.append(_plural(removed, "flow") + " removed")
    if not parts:
        parts.append("no flow changed" if change.resources else "no change")
    blocked = sum(1 for f in change.flows if f.newly_blocked)
    if blocked:
        parts.append(f"{blocked} now blocked")
    cost = change.cost.delta_usd
    if cost is None:
        parts.append("cost not known")
    elif cost == 0:
        parts.append("no change in monthly cost")
    else:
        parts.append(f"{delta(cost)}/month")
    return ", ".join(parts)


# --------------------------------------------------------------------------- Markdown


def markdown(change: TopologyDiff, *, mermaid: str | None = None) -> str:
    """The diff as a Markdown comment. `mermaid`: the change diagram as a Mermaid flowchart
    (`diff_mermaid.change_mermaid`), drawn inline by GitHub and GitLab."""
    lines = [f"## vpcdocs diff: {headline(change)}", ""]
    lines += [f"Comparing {_code(change.old)} → {_code(change.new)}.", ""]
    if change.empty:
        lines += ["Nothing that vpcdocs analyses changed: same resources, flows and costs.", ""]
        return "\n".join(lines).rstrip("\n") + "\n"
    blocked = [f for f in change.flows if f.newly_blocked]
    if blocked:
        names = ", ".join(
            f"`{f.id}` (`{f.after.reason}`)" for f in blocked if f.after is not None
        )
        lines += ["> [!WARNING]", f"> Now blocked: {names}.", ""]
    reachable = [f for f in change.flows if f.newly_reachable]
    if reachable:
        lines += ["Now reachable: " + ", ".join(f"`{f.id}`" for f in reachable) + ".", ""]
    lines += _cost_section(change)
    lines += _diagram_section(change, mermaid)
    lines += _flows_section(change)
    lines += _resources_section(change)
    lines += _findings_section(change)
    return "\n".join(lines).rstrip("\n") + "\n"


def _cost_section(change: TopologyDiff) -> list[str]:
    cost = change.cost
    lines = ["### Monthly cost", ""]
    for problem in cost.problems:
        lines += [f"Costs not known for {problem}", ""]
    if cost.before is None and cost.after is None:
        return lines
    b, a = cost.before, cost.after

    def row(label: str, x: float | None, y: float | None, bold: bool = False) -> str:
        d = None if x is None or y is None else round_usd(y - x)
        cells = [label, money(x), money(y), delta(d)]
        if bold:
            cells = [f"**{c}**" for c in cells]
        return "| " + " | ".join(cells) + " |"

    lines += ["| | Before | After | Change |", "|---|---:|---:|---:|"]
    lines.append(row("Hourly resources", b.resources_usd if b else None,
                     a.resources_usd if a else None))
    lines.append(row("Data (per GB)", b.flows_usd if b else None, a.flows_usd if a else None))
    lines.append(row("Total", b.total_usd if b else None, a.total_usd if a else None,
                     bold=True))
    lines.append("")
    if cost.resources:
        rows = ["| Resource | Kind | Before | After | Change |", "|---|---|---:|---:|---:|"]
        for r in cost.resources:
            rows.append(
                f"| `{r.id}` | {r.kind} | {money(r.before)} | {money(r.after)} | "
                f"{delta(r.delta_usd)} |"
            )
        lines += _fold(
            f"Hourly-billed resources whose cost changed ({len(cost.resources)})", rows
        )
    return lines


def _diagram_section(change: TopologyDiff, mermaid: str | None) -> list[str]:
    if mermaid is not None:
        return [
            "### The change, drawn",
            "",
            "Added in green, removed in red (dashed), unchanged in grey; `+`, `−` and `~` mark "
            "objects added, removed and changed.",
            "",
            "```mermaid",
            mermaid.rstrip("\n"),
            "```",
            "",
        ]
    if change.flows:
        return [
            "The change is too large to draw here: `vpcdocs diff OLD NEW -o change.svg` "
            "draws it.",
            "",
        ]
    return []


def _fold(summary: str, rows: list[str], *, force: bool = False) -> list[str]:
    """A table under a bold line, folded into <details> when long."""
    if force or len(rows) - 2 > FOLD_ROWS:
        return ["<details>", f"<summary>{summary}</summary>", "", *rows, "", "</details>", ""]
    return [f"**{summary}**", "", *rows, ""]


def _flows_section(change: TopologyDiff) -> list[str]:
    if not change.flows:
        n = len(change.unchanged_flows)
        return ["### Flows", "", f"No flow changed ({_plural(n, 'flow')} analysed).", ""]
    counts = [
        f"{len(change.flows_with(k))} {k}"
        for k in (CHANGED, ADDED, REMOVED)
        if change.flows_with(k)
    ]
    counts.append(f"{len(change.unchanged_flows)} unchanged")
    lines = [f"### Flows ({', '.join(counts)})", ""]
    rows = [
        "| Flow | Change | Reachable | Network | Way | Crosses a region | Per-GB / month |",
        "|---|---|---|---|---|---|---:|",
    ]
    for f in change.flows:
        state = f.after or f.before
        assert state is not None
        name = f"`{f.id}`"
        if f.change == REMOVED:
            name = f"~~`{f.id}`~~"
        cells = [
            name,
            f.change,
            _before_after(f, "reachable")
            + (f" `{f.after.reason}`" if f.after is not None and f.after.reason else ""),
            _before_after(f, "network"),
            _before_after(f, "way"),
            _before_after(f, "cross_region"),
            _before_after(f, "monthly_usd"),
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += rows if len(rows) - 2 <= FOLD_ROWS * 2 else _fold("Flows", rows, force=True)
    lines.append("")
    for f in change.flows_with(CHANGED):
        lines += _flow_details(f)
    return lines


def _flow_details(flow: FlowChange) -> list[str]:
    assert flow.before is not None and flow.after is not None
    short = [_SHORT_LABELS[n] for n in flow.changed if n not in ("hops", "regions")]
    cost = flow.cost_delta_usd
    money_note = f"; {delta(cost)}/month" if cost else ""
    summary = f"<code>{flow.id}</code>: {', '.join(short) or 'hops'} changed{money_note}"
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    lines += ["| | Before | After |", "|---|---|---|"]
    for name in flow.changed:
        old, new = field_text(flow.before, name), field_text(flow.after, name)
        lines.append(f"| {_FIELD_LABELS[name]} | {_cell(old)} | {_cell(new)} |")
    lines += ["", f"**After:** {flow.after.explanation}", ""]
    if flow.after.fix:
        lines += [f"**Fix:** {flow.after.fix}.", ""]
    lines += ["</details>", ""]
    return lines


def _resource_text(r: ResourceChange) -> str:
    if r.change == ADDED:
        return f"new, in {_code(r.vpc)}" if r.vpc else "new"
    if r.change == REMOVED:
        return f"was in {_code(r.vpc)}" if r.vpc else "removed"
    parts: list[str] = []
    for f in r.fields:
        if f.is_list:
            items = [f"+ {_code(v)}" for v in f.added] + [f"− {_code(v)}" for v in f.removed]
            parts.append(f"{f.field}: " + ", ".join(items))
        else:
            parts.append(f"{f.field}: {_code(str(f.before))} → {_code(str(f.after))}")
    return "; ".join(parts)


def _resources_section(change: TopologyDiff) -> list[str]:
    if not change.resources:
        return []
    counts = [
        f"{len(change.resources_with(k))} {k}"
        for k in (ADDED, REMOVED, CHANGED)
        if change.resources_with(k)
    ]
    rows = ["| Change | Kind | Name | What |", "|---|---|---|---|"]
    order = {CHANGED: 0, ADDED: 1, REMOVED: 2}
    for r in sorted(change.resources, key=lambda r: (order[r.change], r.kind, r.name)):
        rows.append(f"| {r.change} | {r.kind} | `{r.name}` | {_cell(_resource_text(r))} |")
    return _fold(f"Resources ({', '.join(counts)})", rows)


def _findings_section(change: TopologyDiff) -> list[str]:
    if not change.findings:
        return []
    lines = ["### Cost findings", ""]
    verbs = {ADDED: "New", REMOVED: "Gone", CHANGED: "Changed"}
    for f in change.findings:
        lines.append(f"* {verbs[f.change]} {f.severity} `{f.code}` on `{f.subject}`: {f.message}")
    lines.append("")
    return lines


__all__ = ["FOLD_ROWS", "delta", "field_text", "headline", "json_text", "markdown", "money"]
