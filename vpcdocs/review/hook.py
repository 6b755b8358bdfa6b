"""The pre-commit hooks: `vpcdocs-validate` and `vpcdocs-docs`, driven by `.vpcdocs.yml`.

Hooks run with no file arguments, from the repository root, on every commit, so they read the
topology path, the docs folder and the options from the config file (`vpcdocs.config`) and keep
their imports lazy.

* `validate`: report every problem in the topology; exit 1 on an error (or, with `strict`, a
  warning).
* `docs`: regenerate the docs pages and diagrams into the output folder (as `vpcdocs generate`,
  through the one writer) and refresh the summary block of each `inject` file. Exit 1 when
  anything was written, so the commit stops and the new files can be staged: pre-commit itself
  only notices changes to files git already tracks, never newly created ones. `--check` writes
  nothing and exits 1 when something is stale (for CI).

Run as `python -m vpcdocs.review.hook validate|docs` (what `.pre-commit-hooks.yaml` calls) or,
once registered in the CLI, `vpcdocs hook validate|docs`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from collections.abc import Iterable

    from vpcdocs.config import Config
    from vpcdocs.diagnostics import Diagnostic
    from vpcdocs.model import Topology
    from vpcdocs.review.diff import Side

PREFIX = "vpcdocs"
MAX_LISTED = 12  # files listed by name when the docs hook writes; the rest are counted


def _fail(message: str | Exception) -> NoReturn:
    """Print `message` (an exception's text; a located diagnostic as it is) and exit 1."""
    located = getattr(message, "diagnostic", None) is not None
    click.echo(str(message) if located else f"error: {message}", err=True)
    sys.exit(1)


def _relative(path: Path, start: Path) -> Path:
    """`path` relative to `start` when that is shorter to read, else as it is."""
    try:
        return Path(os.path.relpath(path, start))
    except ValueError:  # another drive (Windows)
        return path


def config_or_exit(start: Path, explicit: Path | None = None) -> Config:
    """The settings for a run from `start`: `explicit`, else the nearest `.vpcdocs.yml` up to
    the repository root, else the defaults. Paths in the result are relative to `start` where
    possible. Prints the problems and exits 1 when the file is invalid."""
    from dataclasses import replace

    from vpcdocs.config import find_config, load_config, repo_root

    here = start.resolve()
    path = explicit if explicit is not None else find_config(here)
    if path is None:
        root = repo_root(here) or here
        result = load_config(None, root=root)
    else:
        result = load_config(path, root=path.resolve().parent,
                             name=str(_relative(path.resolve(), here)))
    print_diagnostics(result.diagnostics)
    if result.config is None:
        sys.exit(1)
    return replace(result.config, root=_relative(result.config.root, here))


def print_diagnostics(diags: Iterable[Diagnostic]) -> None:
    """`FILE:LINE:COL: error[CODE]: message` on stderr (as the commands print them; this stage
    may not import the commands)."""
    from vpcdocs.diagnostics import format_text

    for d in diags:
        click.echo(format_text(d), err=True)


def _load(path: Path, strict: bool) -> Topology:
    """Load and validate the topology; print every problem; exit 1 on an error (or, with
    `strict`, a warning)."""
    from vpcdocs.loader import load_file

    if not path.is_file():
        _fail(f"{path}: no topology file here; set `topology:` in .vpcdocs.yml "
              "(or run `vpcdocs init` for a starter network.yaml)")
    result = load_file(str(path))
    print_diagnostics(result.diagnostics)
    if not result.ok or result.topology is None or (strict and result.warnings):
        sys.exit(1)
    return result.topology


@click.group()
def hook() -> None:
    """The pre-commit hooks (settings from .vpcdocs.yml)."""


@hook.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The settings file (default: .vpcdocs.yml at the repository root).")
def validate(config_file: Path | None) -> None:
    """Check the configured topology; exit 1 on any error (or warning, with `strict`)."""
    config = config_or_exit(Path.cwd(), config_file)
    _load(config.topology_path, config.strict)
    click.echo(f"{config.topology_path}: ok")


@hook.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The settings file (default: .vpcdocs.yml at the repository root).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when anything is stale.")
def docs(config_file: Path | None, check: bool) -> None:
    """Regenerate the docs and the injected summaries; exit 1 when anything changed."""
    from vpcdocs.fs.signals import guard_signals

    guard_signals()
    config = config_or_exit(Path.cwd(), config_file)
    topology = _load(config.topology_path, config.strict)
    side, pages = _pages(config, topology)
    stale = _write_pages(config, pages, check=check)
    stale += _inject(config, side, check=check)
    if not stale:
        click.echo(f"{config.output_path}: up to date ({len(pages)} files)")
        return
    for line in stale:
        click.echo(line, err=True)
    if check:
        click.echo(f"run: vpcdocs generate {config.topology_path} --out {config.output_path}",
                   err=True)
        if config.inject:
            files = " ".join(str(config.path(f)) for f in config.inject)
            click.echo(f"and: vpcdocs inject {files}", err=True)
    else:
        click.echo("vpcdocs updated the files above: review them, `git add` them and commit "
                   "again.", err=True)
    sys.exit(1)


def _pages(config: Config, topology: Topology) -> tuple[Side, dict[str, bytes]]:
    """Analyse and render the pages (as `vpcdocs generate` does); exit 1 on a problem."""
    from vpcdocs.analyse.pricing.known import UnknownPriceError
    from vpcdocs.render.graphviz_run import RenderError
    from vpcdocs.render.markdown.design import analyse_design
    from vpcdocs.render.markdown.env import TemplateError
    from vpcdocs.review.diff import Side
    from vpcdocs.site.pages import design_pages

    try:
        design = analyse_design(topology)
    except UnknownPriceError as exc:
        print_diagnostics(exc.diagnostics(topology))
        sys.exit(1)
    warnings = design.report.warnings()
    for f in warnings:
        click.echo(f"{config.topology_path}: warning[{f.code}]: {f.subject}: {f.message}",
                   err=True)
    if config.strict and warnings:
        _fail(f"{len(warnings)} cost finding warning(s) (strict: true in .vpcdocs.yml)")
    try:
        pages = design_pages(design, templates_dir=config.templates_path,
                             allow_html=config.allow_html)
    except (TemplateError, RenderError) as exc:
        _fail(str(exc))
    side = Side(str(config.topology_path), topology, design.flows, design.report)
    return side, pages


def _write_pages(config: Config, pages: dict[str, bytes], *, check: bool) -> list[str]:
    """Write (or, with `check`, compare) the pages under the docs folder's lock; the lines to
    report, one per file changed (or stale)."""
    from vpcdocs.write import MANIFEST_NAME, WriteError, check_tree, write_tree
    from vpcdocs.write import check as check_plan

    out = config.output_path
    if check:
        try:
            the_plan = check_tree(out, pages)
        except WriteError as exc:
            _fail(exc)
        return [f"{out}: {line}" for line in check_plan(the_plan)]
    try:
        result = write_tree(out, pages)
    except WriteError as exc:
        _fail(exc)
    lines = [f"{out}/{p}: new" for p in result.new]
    lines += [f"{out}/{p}: changed" for p in result.changed]
    lines += [f"{out}/{p}: removed" for p in result.removed]
    lines += [f"{out}/{p}: removed (a temporary file of a killed run)"
              for p in result.orphans_removed]
    if len(lines) > MAX_LISTED:
        counts = (f"{len(result.new)} new, {len(result.changed)} changed, "
                  f"{len(result.removed)} removed")
        lines = [*lines[:MAX_LISTED], f"{out}: ... {counts} in all"]
    if not result.locked:
        click.echo(f"warning: {out}: this filesystem cannot lock the folder; do not run two "
                   "vpcdocs commands on it at once", err=True)
    for path, why in result.orphans_failed:
        click.echo(f"warning: {out}/{path}: cannot remove this temporary file of a killed "
                   f"vpcdocs run: {why}", err=True)
    lines += [f"{out}/{p}: no longer generated, but vpcdocs cannot vouch for this copy, so it "
              "is not deleted: delete it yourself (e.g. `git rm`) if it is a stale page, or "
              f"remove its line from {out}/{MANIFEST_NAME} if it is your own file"
              for p in result.kept]
    if not lines and result.manifest_written:
        lines = [f"{out}: manifest updated"]
    return lines


def _inject(config: Config, side: Side, *, check: bool) -> list[str]:
    from vpcdocs.review.inject_files import refresh

    stale: list[str] = []
    failed = False
    for name in config.inject:
        outcome = refresh(config.path(name), side, config.topology_path, config.output_path,
                          check=check)
        print_diagnostics(outcome.diagnostics)
        failed = failed or bool(outcome.diagnostics)
        if outcome.changed:
            verb = "summary out of date" if check else "summary updated"
            stale.append(f"{config.path(name)}: {verb}")
    if failed:
        sys.exit(1)
    return stale


def main() -> None:
    hook(prog_name=f"{PREFIX} hook")


if __name__ == "__main__":
    main()
