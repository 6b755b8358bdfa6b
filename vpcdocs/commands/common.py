"""What the subcommands share: loading a topology and printing its diagnostics the same way."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from vpcdocs.diagnostics import Diagnostic, format_github, format_text
from vpcdocs.model import Topology

FORMATS = ("text", "github")


def print_diagnostics(diags: Iterable[Diagnostic], fmt: str = "text") -> None:
    formatter = format_github if fmt == "github" else format_text
    for d in diags:
        click.echo(formatter(d), err=fmt != "github")


def load_or_exit(path: str, *, strict: bool = False, fmt: str = "text") -> Topology:
    """Load a topology; on errors (or warnings with --strict) print them all and exit 1."""
    from vpcdocs.loader import load_file

    result = load_file(path)
    print_diagnostics(result.diagnostics, fmt)
    if not result.ok or (strict and result.warnings):
        sys.exit(1)
    assert result.topology is not None
    return result.topology

