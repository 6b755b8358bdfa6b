"""`vpcdocs paths FILE`: every flow hop by hop, as JSON (documented in docs/commands.md), a
terminal table or Markdown for a design review.

The formatting functions here are pure (results in, text out); the command only loads, analyses
(`vpcdocs.analysis.analysis.analyse`: paths and prices) and prints; under `--strict` any warning
(of the topology, a warning finding, an unreachable flow) makes it exit 1 after printing.
"""

from __future__ import annotations

import difflib
import gc
import io
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from vpcdocs.analysis.result import FlowResult, paths_document
from vpcdocs.commands.common import diagnostics_option, strict_option
from vpcdocs.diagnostics import Severity

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis, PricingError
    from vpcdocs.model import Topology

FORMATS = ("table", "json", "markdown")


def document_text(document: dict[str, Any]) -> str:
    """The paths document (`Analysis.paths_json()`) as `paths --format json` prints it."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def json_text(results: tuple[FlowResult, ...]) -> str:
    """`document_text` of the paths document of `results`."""
    return "".join(json_chunks(results))


def json_chunks(results: Iterable[FlowResult]) -> Iterator[str]:
    """`document_text(paths_document(results))` in pieces, one flow at a time: the same bytes
    without holding the whole document and its text at once (100,000 flows make a text of
    some 340 MB, and the encoder's list of pieces several times that). Each flow is encoded on
    its own at its depth in the document, by `flow_json.flow_text` (the same text as
    `json.dumps` of its `to_json()` with `indent=2`, several times faster)."""
    from vpcdocs.commands.flow_json import flow_text

    ordered = sorted(results, key=lambda f: f.id)
    if not ordered:
        yield document_text(paths_document(()))
        return
    yield '{\n  "vpcdocs": 1,\n  "flows": [\n'
    for i, result in enumerate(ordered):
        yield ("    " if i == 0 else ",\n    ") + flow_text(result, "    ")
    yield "\n  ]\n}\n"


def _cost(result: FlowResult) -> str:
    usd = result.cost.monthly_usd
    return "—" if usd is None else f"${usd:,.2f}"


def table_text(results: tuple[FlowResult, ...], width: int = 120, color: bool = False) -> str:
    """A rich table: flow, reachable, network, the way in a few words, monthly cost."""
    from rich.console import Console
    from rich.table import Table

    from vpcdocs.analysis.paths.explain import way

    table = Table(show_lines=False, header_style="bold")
    table.add_column("Flow", no_wrap=True)
    table.add_column("Reachable", no_wrap=True)
    table.add_column("Network", no_wrap=True)
    table.add_column("Way", overflow="fold", ratio=1)
    table.add_column("Monthly cost", justify="right", no_wrap=True)
    for r in results:
        ok = "green" if r.reachable else "red"
        table.add_row(f"{r.id}\n[dim]{r.source} → {r.to}[/dim]",
                      f"[{ok}]{'yes' if r.reachable else 'no'}[/{ok}]",
                      r.network.value, way(r), _cost(r))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      highlight=False, emoji=False)
    console.print(table)
    blocked = [r for r in results if not r.reachable]
    for r in blocked:
        console.print(f"[bold]{r.id}[/bold]: {r.reason}. Fix: {r.fix}", highlight=False,
                      markup=True)
    return buffer.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_text(results: tuple[FlowResult, ...], title: str | None = None) -> str:
    """Markdown to paste into a review: a summary table, then each flow's paragraph. The
    topology's text is escaped as on the site: the title as text, descriptions as safe
    Markdown (no raw HTML, no link with a refused scheme: render/markdown/escape.py)."""
    from vpcdocs.analysis.paths.explain import way
    from vpcdocs.render.markdown.escape import markdown, text

    lines = [f"# Traffic paths{': ' + text(title) if title else ''}", ""]
    lines += ["| Flow | From → to | Reachable | Network | Way | Monthly cost |",
              "|---|---|---|---|---|---:|"]
    for r in results:
        to = f"`{r.to}`" + (f" ({r.to_region})" if r.to_region else "")
        reach = "yes" if r.reachable else f"**no**: `{r.reason}`"
        lines.append(f"| `{r.id}` | `{r.source}` → {to} | {reach} | {r.network.value} | "
                     f"{_cell(way(r, markdown=True))} | {_cost(r)} |")
    for r in results:
        lines += ["", f"## `{r.id}`", ""]
        if r.description:
            lines += [markdown(r.description.strip()), ""]
        lines.append(r.explanation)
        lines += ["", "Hops: " + " → ".join(f"{h.kind.value} `{h.id}`" for h in r.hops)]
        if r.codes:
            lines += ["", "Codes: " + ", ".join(f"`{c}`" for c in r.codes)]
        if r.fix:
            lines += ["", f"**Fix:** {r.fix}."]
        if r.assumptions:
            lines += ["", "Assumptions:", ""] + [f"* {a}" for a in r.assumptions]
    return "\n".join(lines) + "\n"


def _warn_unpriced(error: PricingError | None, fmt: str) -> None:
    """A region the price table does not know leaves the costs empty (`monthly_usd: null`),
    with a warning: reachability does not depend on prices."""
    from vpcdocs.commands.common import print_diagnostics

    if error is None:
        return
    print_diagnostics((replace(d, severity=Severity.WARNING) for d in error.diagnostics), fmt)
    click.echo("vpcdocs paths: costs left empty (monthly_usd: null)", err=True)


def _parallel(topology: Topology) -> bool:
    """Print the JSON document of every flow the parallel way (`paths_parallel`) when it
    applies; False, with nothing printed, when the serial way must be taken."""
    from vpcdocs.commands.paths_parallel import ParallelPaths, workers_for

    workers = workers_for(len(topology.flows))
    made = ParallelPaths.start(topology, workers) if workers > 1 else None
    if made is None:
        return False
    for chunk in made.chunks():
        click.echo(chunk, nl=False)
    return True


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--flow", "flow_ids", multiple=True, metavar="ID",
              help="Only this flow (repeat for several).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: a terminal table; json: every flow's hops, codes and cost (the "
                   "document docs/commands.md describes); markdown: for a design review.")
@strict_option
@diagnostics_option
def paths(file: str, flow_ids: tuple[str, ...], fmt: str, strict: bool, diagnostics: str) -> None:
    """Analyse every traffic flow of FILE hop by hop: reachable or not, and why."""
    from vpcdocs.analysis.analysis import AnalysedFlows, analyse_flows
    from vpcdocs.commands.common import analyse_or_exit, exit_if_strict, load_or_exit

    topology = load_or_exit(file, fmt=diagnostics)
    # The loaded design lives until the end: the cyclic garbage collector need not look at it
    # again on every full collection while the flows are analysed (~15% of the analysis of L).
    gc.freeze()
    for fid in flow_ids:
        if fid not in topology.flows:
            close = difflib.get_close_matches(fid, list(topology.flows), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise click.BadParameter(f"no flow named `{fid}` in {file}{hint}",
                                     param_hint="--flow")
    if fmt == "json" and not strict and not flow_ids and _parallel(topology):
        return
    analysis: Analysis | None = None
    if strict:  # the findings' warnings count: the whole analysis with its cost report
        analysis = analyse_or_exit(topology, priced=False, fmt=diagnostics)
        made = AnalysedFlows(analysis.flows, analysis.flow_price_error)
    else:  # the flows alone (the same results, a third less work on a large design)
        made = analyse_flows(topology)
    _warn_unpriced(made.flow_price_error, diagnostics)
    shown = sorted(set(flow_ids))
    by_id = {f.id: f for f in made.flows}
    results = tuple(by_id[f] for f in shown) if shown else made.flows
    if fmt == "json":
        for chunk in json_chunks(results):  # streamed: see json_chunks
            click.echo(chunk, nl=False)
        exit_if_strict(strict, topology, analysis, fmt=diagnostics)
        return
    if fmt == "markdown":
        text = markdown_text(results, topology.title)
    else:
        tty = sys.stdout.isatty()
        width = shutil.get_terminal_size((120, 24)).columns if tty else 120
        text = table_text(results, width=max(width, 80), color=tty)
    click.echo(text, nl=False)
    exit_if_strict(strict, topology, analysis, fmt=diagnostics)
