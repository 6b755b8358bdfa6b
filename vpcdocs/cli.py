"""The thin command-line front: a click group whose subcommands are imported only when used.

Each subcommand lives in `vpcdocs.commands.<module>` and is loaded lazily so that `vpcdocs
--version` and the pre-commit hooks start quickly (heavy modules such as `diagrams` and MkDocs are
never imported by commands that do not need them). Exit codes (design.md): 0 ok, 1 invalid input,
stale docs or `--strict` findings, 2 usage.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import warnings
from collections.abc import Iterator
from typing import TextIO

import click

from vpcdocs import __version__

# name -> (module, attribute, one-line help shown in `vpcdocs --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("vpcdocs.commands.validate", "validate", "Check topology files; report every problem."),
    "schema": ("vpcdocs.commands.schema", "schema", "Print the JSON Schema of the topology format."),
    "init": ("vpcdocs.commands.init", "init", "Write a commented starter network.yaml."),
    "paths": ("vpcdocs.commands.paths", "paths", "Analyse every traffic flow hop by hop."),
    "cost": ("vpcdocs.commands.cost", "cost", "Price flows and resources; alternatives, findings."),
    "diagram": ("vpcdocs.commands.diagram", "diagram", "Draw an architecture diagram."),
    "generate": ("vpcdocs.commands.generate", "generate", "Write the docs pages and diagrams."),
    "build": ("vpcdocs.commands.build", "build", "Generate the docs and build the MkDocs site."),
    "serve": ("vpcdocs.commands.serve", "serve", "Live preview of the docs site."),
    "inject": ("vpcdocs.commands.inject", "inject", "Put a summary between markers in a file."),
    "diff": ("vpcdocs.commands.diff", "diff", "What a change to the topology does."),
    "hook": ("vpcdocs.commands.hook", "hook", "Pre-commit hooks: validate, docs (.vpcdocs.yml)."),
    "import": ("vpcdocs.commands.import_", "import_", "A topology from Terraform, AWS or CloudFormation."),
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attr, _ = spec
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vpcdocs")
@click.option(
    "--max-input-size", "max_input_size", metavar="SIZE", envvar="VPCDOCS_MAX_INPUT_SIZE",
    callback=lambda ctx, param, value: _size(value),
    help="The largest topology file read, e.g. 64MiB (default 32MiB, or `max_input_size` in "
         ".vpcdocs.yml). Also $VPCDOCS_MAX_INPUT_SIZE.")
@click.pass_context
def cli(ctx: click.Context, max_input_size: int | None) -> None:
    """vpcdocs: analyse, price, draw and document AWS network designs."""
    ctx.meta[MAX_INPUT_SIZE_KEY] = max_input_size
    ctx.with_resource(_warnings_as_lines())


#: Where the root command keeps `--max-input-size` for the commands (`click.Context.meta`).
MAX_INPUT_SIZE_KEY = "vpcdocs.max_input_size"


def _size(value: str | None) -> int | None:
    from vpcdocs.config import SIZE_WORDS, parse_size

    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(f"must be {SIZE_WORDS}: {exc}") from None


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """While a command runs, a warning vpcdocs issues (e.g. Graphviz scaling a PNG down:
    `vpcdocs.render.graphviz_run.RenderWarning`) is printed on stderr as `warning: ...`, once
    per message; the process' warning settings are restored afterwards."""
    from vpcdocs.render.graphviz_run import RenderWarning

    with warnings.catch_warnings():
        previous = warnings.showwarning

        def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                 file: TextIO | None = None, line: str | None = None) -> None:
            if issubclass(category, RenderWarning):
                click.echo(f"warning: {message}", err=True)
            else:
                previous(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.simplefilter("default", RenderWarning)
        yield


# The command line owns its process, so it sets the garbage collector's pace (a library, the
# loader included, leaves it alone). Loading a large topology makes millions of long-lived
# objects, and at the default thresholds (700, 10, 10) the collector walks all of them again
# every time they have grown by a quarter: 13 full passes, about 3 s of the 15 s that
# `validate` took on the benchmark's L design (benchmarks/RESULTS.md). A full pass at most every
# 100 (not 10) younger ones took 2 s off it; cyclic garbage is still collected, a little later.
GC_THRESHOLDS = (700, 10, 100)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    cli(prog_name="vpcdocs")
