"""`vpcdocs validate FILE...`: report every problem in one or more topology files.

Diagnostics go to stderr, as with every command, one per problem as
`FILE:LINE:COL: error[CODE]: message` with an indented `hint:` line (`--diagnostics github`:
GitHub workflow annotations; `json`: one JSON object per line); then one summary line per file
on stdout (`FILE: ok`, `FILE: 2 errors, 1 warning`; none with `--quiet` for a valid file, none in
the github and json formats). `--findings` also analyses each valid file and adds the analysis'
findings at the lines of the objects they concern. Exit 0 when every file is valid, 1 when any
has an error (or, with `--strict`, a warning); click exits 2 on a usage error.
"""

from __future__ import annotations

import sys

import click

from vpcdocs.commands.common import STRICT_HELP, print_diagnostics
from vpcdocs.diagnostics import DIAGNOSTIC_FORMATS, Diagnostic, Severity


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(diagnostics: list[Diagnostic], strict: bool) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    infos = sum(1 for d in diagnostics if d.severity is Severity.INFO)
    counts = [_count(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    counts += [f"{infos} info"] if infos else []
    summary = ", ".join(counts) or "ok"
    if strict and warnings and not errors:
        summary += " (failing: --strict)"
    return summary


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--diagnostics", "--format", "fmt", type=click.Choice(DIAGNOSTIC_FORMATS),
              default="text", show_default=True,
              help="How problems are printed (on stderr): text (FILE:LINE:COL: error[CODE]: "
                   "message), github (workflow annotations) or json (one object per line).")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("-q", "--quiet", is_flag=True, help="Print no summary for a valid file.")
@click.option("--findings", is_flag=True,
              help="Also analyse each valid file: unreachable flows, cost and design findings "
                   "and unknown prices, each at the line of the object it concerns.")
def validate(files: tuple[str, ...], fmt: str, strict: bool, quiet: bool, findings: bool) -> None:
    """Check topology FILES against the format and its rules; exit 1 on any error."""
    from vpcdocs.commands.common import max_input_size
    from vpcdocs.diagnostics import sort_diagnostics
    from vpcdocs.loader import load_file

    failed = False
    limit = max_input_size()
    for path in files:
        result = load_file(path, max_bytes=limit)
        diagnostics = list(result.diagnostics)
        if findings and result.ok and result.topology is not None:
            from vpcdocs.analysis.analysis import analyse

            diagnostics = sort_diagnostics((*diagnostics, *analyse(result.topology).diagnostics))
        print_diagnostics(diagnostics, fmt)
        errors = any(d.is_error for d in diagnostics)
        warnings = any(d.is_warning for d in diagnostics)
        bad = errors or result.topology is None or (strict and warnings)
        failed = failed or bad
        if fmt != "text" or (quiet and not bad):
            continue
        click.echo(f"{path}: {_summary(diagnostics, strict)}")
    sys.exit(1 if failed else 0)
