"""`vpcdocs validate FILE...`: report every problem in one or more topology files."""

from __future__ import annotations

import sys

import click

from vpcdocs.commands.common import FORMATS, print_diagnostics


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: FILE:LINE:COL: error[CODE]: message; github: workflow annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when a file is valid.")
def validate(files: tuple[str, ...], fmt: str, strict: bool, quiet: bool) -> None:
    """Check topology FILES against the format and its rules; exit 1 on any error."""
    from vpcdocs.loader import load_file

    failed = False
    for path in files:
        result = load_file(path)
        print_diagnostics(result.diagnostics, fmt)
        bad = not result.ok or (strict and bool(result.warnings))
        failed = failed or bad
        if not bad and not quiet and fmt == "text":
            n = len(result.warnings)
            suffix = f" ({n} warning{'s' if n != 1 else ''})" if n else ""
            click.echo(f"{path}: ok{suffix}", err=True)
    sys.exit(1 if failed else 0)
