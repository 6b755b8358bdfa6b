"""What the subcommands share: loading and analysing a topology, printing diagnostics the same
way."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

from vpcdocs.diagnostics import Diagnostic, format_github, format_text
from vpcdocs.model import Topology

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis

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


def analyse_or_exit(topology: Topology, *, priced: bool = True, fmt: str = "text") -> Analysis:
    """Analyse a topology; with `priced`, print why it cannot be priced and exit 1."""
    from vpcdocs.analysis.analysis import analyse

    analysis = analyse(topology)
    if priced and analysis.price_error is not None:
        print_diagnostics(analysis.price_error.diagnostics, fmt)
        sys.exit(1)
    return analysis
