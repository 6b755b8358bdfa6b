"""`vpcdocs cost FILE`: what the design costs per month, per resource and per flow, the cheaper
ways for each flow to an AWS service, and findings (paths-json.md, `vpcdocs cost` contract).

Exit codes: 0 ok; 1 invalid topology, a region without prices, or (with `--strict`) any warning,
from the topology or among the findings; 2 usage.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from vpcdocs.commands.common import load_or_exit, print_diagnostics

if TYPE_CHECKING:
    from vpcdocs.analyse.pricing.report import CostReport

FORMATS = ("table", "json", "markdown")


def markdown_text(title: str | None, report: CostReport) -> str:
    """The report as a Markdown page under the topology's title, which is escaped as on the
    site (shown as text: no HTML, no link); the rest of the page is vpcdocs' own text."""
    from vpcdocs.analyse.pricing.render import render_markdown
    from vpcdocs.render.markdown.escape import text

    return render_markdown(report, title=f"Cost: {text(title)}" if title else "Cost")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: for the terminal; json: the contract's document; markdown: a page.")
@click.option("--strict", is_flag=True, help="Exit 1 when any finding (or topology) has a warning.")
def cost(file: str, fmt: str, strict: bool) -> None:
    """Price FILE's flows and hourly resources; show alternatives and findings."""
    from vpcdocs.analyse.paths import analyse
    from vpcdocs.analyse.pricing import UnknownPriceError, cost_report, table_for
    from vpcdocs.analyse.pricing.render import render_rich
    from vpcdocs.diagnostics import Location, error

    topology = load_or_exit(file, strict=strict)
    try:
        table = table_for(topology)
        report = cost_report(topology, analyse(topology), table)
    except UnknownPriceError as exc:
        print_diagnostics(exc.diagnostics(topology))
        sys.exit(1)
    except ValueError as exc:  # a bad `pricing` override the loader let through
        print_diagnostics([error("BAD_PRICING", str(exc), Location(topology.source))])
        sys.exit(1)

    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(markdown_text(topology.title, report), nl=False)
    else:
        import shutil

        from rich.console import Console

        tty = sys.stdout.isatty()
        width = max(shutil.get_terminal_size((120, 24)).columns, 100) if tty else 120
        Console(width=width, highlight=False, no_color=not tty).print(render_rich(report))

    warnings = report.warnings()
    if strict and warnings:
        n = len(warnings)
        click.echo(f"{file}: {n} warning finding{'s' if n != 1 else ''} (--strict)", err=True)
        sys.exit(1)
