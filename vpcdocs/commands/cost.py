"""`vpcdocs cost FILE`: what the design costs per month, per resource and per flow, the cheaper
ways for each flow to an AWS service, and findings (the JSON is described in docs/commands.md).

Exit codes: 0 ok; 1 invalid topology, a region without prices, or (with `--strict`) any warning,
from the topology or the analysis (a warning finding, an unreachable flow); 2 usage.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from vpcdocs.commands.common import (
    analyse_or_exit,
    diagnostics_option,
    exit_if_strict,
    load_or_exit,
    strict_option,
)

if TYPE_CHECKING:
    from vpcdocs.analysis.pricing.report import CostReport

FORMATS = ("table", "json", "markdown")


def markdown_text(title: str | None, report: CostReport) -> str:
    """The report as a Markdown page under the topology's title, which is escaped as on the
    site (shown as text: no HTML, no link); the rest of the page is vpcdocs' own text."""
    from vpcdocs.analysis.pricing.render import render_markdown
    from vpcdocs.render.markdown.escape import text

    return render_markdown(report, title=f"Cost: {text(title)}" if title else "Cost")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: for the terminal; json: resources, flows, alternatives and findings "
                   "(docs/commands.md); markdown: a page.")
@strict_option
@diagnostics_option
def cost(file: str, fmt: str, strict: bool, diagnostics: str) -> None:
    """Price FILE's flows and hourly resources; show alternatives and findings."""
    from vpcdocs.analysis.pricing.render import render_rich

    topology = load_or_exit(file, fmt=diagnostics)
    analysis = analyse_or_exit(topology, fmt=diagnostics)
    report = analysis.report
    if fmt == "json":
        click.echo(json.dumps(analysis.cost_json(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(markdown_text(topology.title, report), nl=False)
    else:
        import shutil

        from rich.console import Console

        tty = sys.stdout.isatty()
        width = max(shutil.get_terminal_size((120, 24)).columns, 100) if tty else 120
        Console(width=width, highlight=False, no_color=not tty).print(render_rich(report))
    exit_if_strict(strict, topology, analysis, fmt=diagnostics)
