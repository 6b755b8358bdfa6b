"""What the subcommands share: the options of the one CLI convention (docs/commands.md) and
loading, analysing and reporting a topology the same way in every command.

The convention:

* `-o/--output` names the file or folder a command writes (older spellings stay accepted as
  hidden aliases for one release: `--out`, `--site-dir`, `--diagram`);
* diagnostics always go to stderr, in the format `--diagnostics text|github|json` chooses, on
  every command that reads a topology; `--format` chooses the format of the command's output;
* `--strict` means the same everywhere: a warning, from the topology or from the analysis (a
  warning finding, an unreachable flow), makes the command fail with exit code 1; info never does;
* exit codes: 0 ok, 1 invalid input / stale docs / `--strict` warnings, 2 usage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from vpcdocs.diagnostics import DIAGNOSTIC_FORMATS, Diagnostic, format_diagnostic

if TYPE_CHECKING:
    from pathlib import Path

    from vpcdocs.analysis.analysis import Analysis
    from vpcdocs.config import Config
    from vpcdocs.model import Topology

F = TypeVar("F", bound=Callable[..., Any])

STRICT_HELP = ("Fail (exit 1) on any warning: from the topology, a warning finding or an "
               "unreachable flow.")


class AliasedOption(click.Option):
    """An option with old spellings that are accepted but not shown in `--help` (nor in error
    messages): `hidden_aliases`."""

    def __init__(self, *args: Any, hidden_aliases: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_aliases = tuple(hidden_aliases)

    def _visible(self) -> list[str]:
        return [o for o in self.opts if o not in self.hidden_aliases]

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        saved = self.opts
        self.opts = self._visible()
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = saved

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(f"'{o}'" for o in self._visible())


def output_option(*, help: str, hidden_aliases: Sequence[str] = (), required: bool = False,
                  metavar: str = "PATH", **kwargs: Any) -> Callable[[F], F]:
    """`-o/--output`: the file or folder the command writes."""
    return click.option("-o", "--output", *hidden_aliases, "output", cls=AliasedOption,
                        hidden_aliases=hidden_aliases, required=required, metavar=metavar,
                        help=help, **kwargs)


def diagnostics_option(function: F) -> F:
    """`--diagnostics text|github|json`: how diagnostics are printed (always on stderr)."""
    return click.option(
        "--diagnostics", "diagnostics", type=click.Choice(DIAGNOSTIC_FORMATS), default="text",
        show_default=True,
        help="How problems are printed on stderr: text (FILE:LINE:COL: error[CODE]: message), "
             "github (workflow annotations) or json (one object per line).",
    )(function)


def strict_option(function: F) -> F:
    return click.option("--strict", is_flag=True, help=STRICT_HELP)(function)


def fail(message: str | Exception, code: int = 1) -> NoReturn:
    """`error: message` on stderr (an exception's text; a located one, e.g. a manifest error
    naming its line, as it is), then exit `code` (1: the input or the run failed)."""
    located = getattr(message, "diagnostic", None) is not None
    click.echo(str(message) if located else f"error: {message}", err=True)
    sys.exit(code)


def print_diagnostics(diags: Iterable[Diagnostic], fmt: str = "text") -> None:
    """Every diagnostic on stderr, in `fmt` (one of `DIAGNOSTIC_FORMATS`)."""
    for d in diags:
        click.echo(format_diagnostic(d, fmt), err=True)


def load_or_exit(path: str, *, fmt: str = "text") -> Topology:
    """Load a topology; print its diagnostics; exit 1 when it is not valid."""
    from vpcdocs.loader import load_file

    result = load_file(path, max_bytes=max_input_size())
    print_diagnostics(result.diagnostics, fmt)
    if not result.ok or result.topology is None:
        sys.exit(1)
    return result.topology


def max_input_size() -> int:
    """The largest topology file to read: `vpcdocs --max-input-size` (or its environment
    variable), else `max_input_size` of the nearest `.vpcdocs.yml` (when that file is valid:
    the commands that use its other settings report its problems), else the loader's default."""
    from pathlib import Path

    from vpcdocs.cli import MAX_INPUT_SIZE_KEY
    from vpcdocs.config import find_config, load_config
    from vpcdocs.loader.yamlsrc import MAX_BYTES

    context = click.get_current_context(silent=True)
    given = context.meta.get(MAX_INPUT_SIZE_KEY) if context is not None else None
    if isinstance(given, int):
        return given
    path = find_config(Path.cwd())
    if path is not None:
        found = load_config(path, root=path.parent).config
        if found is not None and found.max_input_size is not None:
            return found.max_input_size
    return MAX_BYTES


def config_or_exit(start: Path, explicit: Path | None = None, *, fmt: str = "text") -> Config:
    """The settings for a run from `start`: `explicit`, else the nearest `.vpcdocs.yml` up to
    the repository root, else the defaults. Paths in the result are relative to `start` where
    possible. Prints the problems and exits 1 when the file is invalid."""
    from dataclasses import replace

    from vpcdocs.config import find_config, load_config, repo_root
    from vpcdocs.review.hook import relative

    here = start.resolve()
    path = explicit if explicit is not None else find_config(here)
    if path is None:
        root = repo_root(here) or here
        result = load_config(None, root=root)
    else:
        result = load_config(path, root=path.resolve().parent,
                             name=str(relative(path.resolve(), here)))
    print_diagnostics(result.diagnostics, fmt)
    if result.config is None:
        sys.exit(1)
    return replace(result.config, root=relative(result.config.root, here))


def analyse_or_exit(topology: Topology, *, priced: bool = True, fmt: str = "text") -> Analysis:
    """Analyse a topology; with `priced`, print why it cannot be priced and exit 1."""
    from vpcdocs.analysis.analysis import analyse

    analysis = analyse(topology)
    if priced and analysis.price_error is not None:
        print_diagnostics(analysis.price_error.diagnostics, fmt)
        sys.exit(1)
    return analysis


def strict_warnings(topology: Topology, analysis: Analysis | None) -> tuple[Diagnostic, ...]:
    """What `--strict` fails on: the topology's warnings and the analysis' warnings."""
    found = [d for d in topology.warnings if d.is_warning]
    if analysis is not None:
        found += analysis.warnings
    return tuple(found)


def exit_if_strict(strict: bool, topology: Topology, analysis: Analysis | None, *,
                   fmt: str = "text", consequence: str = "") -> None:
    """Under `--strict`, print the analysis' warnings (the topology's were printed when it was
    loaded) and exit 1 when there is any warning. `consequence` says what did not happen."""
    if not strict:
        return
    failing = strict_warnings(topology, analysis)
    if not failing:
        return
    if analysis is not None:
        print_diagnostics(analysis.warnings, fmt)
    n = len(failing)
    fail(f"--strict: {n} warning{'s' if n != 1 else ''}{consequence}")
