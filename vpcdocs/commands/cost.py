"""`vpcdocs cost FILE`: what the design costs per month, per resource and per flow, the cheaper
ways for each flow to an AWS service, and findings (paths-json.md, `vpcdocs cost` contract).

Exit codes: 0 ok; 1 invalid topology, a region without prices, or (with `--strict`) any warning,
from the topology or among the findings; 2 usage.
"""

from __future__ import annotations

import json
import sys

import click

from vpcdocs.commands.common import analyse_or_exit, load_or_exit

FORMATS = ("table", "json", "markdown")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: for the terminal; json: the contract's document; markdown: a page.")
@click.option("--strict", is_flag=True, help="Exit 1 when any finding (or topology) has a warning.")
def cost(file: str, fmt: str, strict: bool) -> None:
    """Price FILE's flows and hourly resources; show alternatives and findings."""
    from vpcdocs.analysis.pricing.render import render_markdown, render_rich

    topology = load_or_exit(file, strict=strict)
    analysis = analyse_or_exit(topology)
    report = analysis.report

    if fmt == "json":
        click.echo(json.dumps(analysis.cost_json(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        title = f"Cost: {topology.title}" if topology.title else "Cost"
        click.echo(render_markdown(report, title=title), nl=False)
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
