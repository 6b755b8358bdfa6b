"""`vpcdocs hook validate|docs`: the pre-commit hooks, driven by `.vpcdocs.yml`.

Hooks run with no file arguments, from the repository root, on every commit, so they read the
topology path, the docs folder and the options from the config file (`vpcdocs.config`) and keep
their imports lazy. The work itself is in `vpcdocs.review.hook`; this module parses options,
prints and chooses exit codes, like every command.

* `validate`: report every problem in the topology; exit 1 on an error (or, with `strict`, a
  warning of the topology or the analysis).
* `docs`: regenerate the docs pages and diagrams into the output folder (as `vpcdocs generate`,
  through the one writer) and refresh the summary block of each `inject` file. Exit 1 when
  anything was written, so the commit stops and the new files can be staged: pre-commit itself
  only notices changes to files git already tracks, never newly created ones. `--check` writes
  nothing and exits 1 when something is stale (for CI).

Run as `python -m vpcdocs.commands.hook validate|docs` (what `.pre-commit-hooks.yaml` calls) or
`vpcdocs hook validate|docs`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vpcdocs.commands.common import (
    analyse_or_exit,
    config_or_exit,
    diagnostics_option,
    exit_if_strict,
    fail,
    load_or_exit,
    print_diagnostics,
)

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis
    from vpcdocs.config import Config
    from vpcdocs.model import Topology

PREFIX = "vpcdocs"

config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
    help="The settings file (default: .vpcdocs.yml at the repository root).")


def _load(path: Path, fmt: str) -> Topology:
    """Load and validate the topology; print every problem; exit 1 on an error."""
    if not path.is_file():
        fail(f"{path}: no topology file here; set `topology:` in .vpcdocs.yml "
             "(or run `vpcdocs init` for a starter network.yaml)")
    return load_or_exit(str(path), fmt=fmt)


@click.group()
def hook() -> None:
    """The pre-commit hooks (settings from .vpcdocs.yml)."""


@hook.command()
@config_option
@diagnostics_option
def validate(config_file: Path | None, diagnostics: str) -> None:
    """Check the configured topology; exit 1 on any error (or warning, with `strict`)."""
    config = config_or_exit(Path.cwd(), config_file, fmt=diagnostics)
    topology = _load(config.topology_path, diagnostics)
    exit_if_strict(config.strict, topology, None, fmt=diagnostics,
                   consequence=" (strict: true in .vpcdocs.yml)")
    click.echo(f"{config.topology_path}: ok")


@hook.command()
@config_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when anything is stale.")
@diagnostics_option
def docs(config_file: Path | None, check: bool, diagnostics: str) -> None:
    """Regenerate the docs and the injected summaries; exit 1 when anything changed."""
    from vpcdocs.commands import noop
    from vpcdocs.fs.signals import guard_signals
    from vpcdocs.review.hook import inject_summaries, write_docs
    from vpcdocs.write import WriteError

    guard_signals()
    config = config_or_exit(Path.cwd(), config_file, fmt=diagnostics)
    topology = _load(config.topology_path, diagnostics)
    analysis, pages = _pages(config, topology, diagnostics)
    try:
        # the same manifest as `vpcdocs generate` writes, input fingerprint included
        fingerprint = noop.fingerprint_of(str(config.topology_path),
                                          templates=config.templates_path,
                                          allow_html=config.allow_html)
        written = write_docs(config.output_path, pages, check=check, fingerprint=fingerprint)
    except WriteError as exc:
        fail(exc)
    for warning in written.warnings:
        click.echo(f"warning: {warning}", err=True)
    injected = inject_summaries(config, analysis, check=check)
    print_diagnostics((*injected.diagnostics, *injected.warnings), diagnostics)
    if injected.diagnostics:
        sys.exit(1)
    stale = [*written.lines, *injected.stale]
    if not stale:
        click.echo(f"{config.output_path}: up to date ({len(pages)} files)")
        return
    for line in stale:
        click.echo(line, err=True)
    if check:
        click.echo(f"run: vpcdocs generate {config.topology_path} -o {config.output_path}",
                   err=True)
        if config.inject:
            files = " ".join(str(config.path(f)) for f in config.inject)
            click.echo(f"and: vpcdocs inject {files}", err=True)
    else:
        click.echo("vpcdocs updated the files above: review them, `git add` them and commit "
                   "again.", err=True)
    sys.exit(1)


def _pages(config: Config, topology: Topology, fmt: str) -> tuple[Analysis, dict[str, bytes]]:
    """Analyse and render the pages (as `vpcdocs generate` does); exit 1 on a problem."""
    from vpcdocs.api import pages
    from vpcdocs.render.graphviz_run import RenderError
    from vpcdocs.render.markdown.env import TemplateError

    analysis = analyse_or_exit(topology, fmt=fmt)
    exit_if_strict(config.strict, topology, analysis, fmt=fmt,
                   consequence=" (strict: true in .vpcdocs.yml); nothing was written")
    try:
        generated = pages(analysis, templates=config.templates_path,
                          allow_html=config.allow_html)
    except (TemplateError, RenderError) as exc:
        fail(str(exc))
    return analysis, dict(generated)


def main() -> None:
    hook(prog_name=f"{PREFIX} hook")


if __name__ == "__main__":
    main()
