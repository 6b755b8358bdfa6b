"""`vpcdocs validate FILE...`: report every problem in one or more topology files.

The diagnostics are this command's output, so they go to stdout (as with ruff or mypy), one per
line as `FILE:LINE:COL: error[CODE]: message` with an indented `hint:` line, then a summary line
per file. `--format github` prints GitHub workflow annotations instead (no summary). Exit 0 when
every file is valid, 1 when any has an error (or, with `--strict`, a warning); click exits 2 on a
usage error.
"""

from __future__ import annotations

import sys

import click

from vpcdocs.diagnostics import DIAGNOSTIC_FORMATS, Severity, format_diagnostic


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(DIAGNOSTIC_FORMATS), default="text",
              show_default=True,
              help="text: FILE:LINE:COL: error[CODE]: message; github: workflow annotations; "
                   "json: one JSON object per line.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing for a valid file.")
@click.option("--findings", is_flag=True,
              help="Also analyse each valid file: unreachable flows, cost and design findings "
                   "and unknown prices, each at the line of the object it concerns.")
def validate(files: tuple[str, ...], fmt: str, strict: bool, quiet: bool, findings: bool) -> None:
    """Check topology FILES against the format and its rules; exit 1 on any error."""
    from vpcdocs.diagnostics import sort_diagnostics
    from vpcdocs.loader import load_file

    failed = False
    for path in files:
        result = load_file(path)
        diagnostics = list(result.diagnostics)
        if findings and result.ok and result.topology is not None:
            from vpcdocs.analysis.analysis import analyse

            diagnostics = sort_diagnostics((*diagnostics, *analyse(result.topology).diagnostics))
        for d in diagnostics:
            click.echo(format_diagnostic(d, fmt))
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
        infos = sum(1 for d in diagnostics if d.severity is Severity.INFO)
        bad = errors > 0 or result.topology is None or (strict and warnings > 0)
        failed = failed or bad
        if fmt != "text" or (quiet and not bad):
            continue
        counts = [_count(n, word) for n, word in ((errors, "error"), (warnings, "warning"))
                  if n] + ([f"{infos} info"] if infos else [])
        summary = ", ".join(counts) or "ok"
        if strict and warnings and not errors:
            summary += " (failing: --strict)"
        click.echo(f"{path}: {summary}")
    sys.exit(1 if failed else 0)
