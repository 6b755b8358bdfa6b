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

from vpcdocs.commands.common import FORMATS
from vpcdocs.diagnostics import format_github, format_text


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: FILE:LINE:COL: error[CODE]: message; github: workflow annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing for a valid file.")
def validate(files: tuple[str, ...], fmt: str, strict: bool, quiet: bool) -> None:
    """Check topology FILES against the format and its rules; exit 1 on any error."""
    from vpcdocs.loader import load_file

    failed = False
    for path in files:
        result = load_file(path)
        for d in result.diagnostics:
            click.echo(format_github(d) if fmt == "github" else format_text(d))
        errors, warnings = len(result.errors), len(result.warnings)
        bad = errors > 0 or result.topology is None or (strict and warnings > 0)
        failed = failed or bad
        if fmt != "text" or (quiet and not bad):
            continue
        if errors:
            summary = _count(errors, "error") + (f", {_count(warnings, 'warning')}"
                                                 if warnings else "")
        elif warnings:
            summary = _count(warnings, "warning") + (" (failing: --strict)" if strict else "")
        else:
            summary = "ok"
        click.echo(f"{path}: {summary}")
    sys.exit(1 if failed else 0)
