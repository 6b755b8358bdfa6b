"""`vpcdocs generate FILE -o DIR [--check]`: write the docs pages and diagrams into a docs tree.

Only files whose bytes change are written (atomically); files vpcdocs did not write, or that a
user edited, are never touched (`vpcdocs.write`). The folder is locked while it is written, so a
second run waits for the first (then fails after a while, exit 1). `--check` writes nothing,
lists what is stale or missing (and temporary files of killed runs) and exits 1, for CI and
pre-commit; `--strict` writes nothing when there is a warning. Exit 1 too when an obsolete file
is kept because vpcdocs cannot vouch it wrote it. The helpers here (`prepare`, the template
options) are shared with `build` and `serve`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vpcdocs.commands.common import (
    diagnostics_option,
    exit_if_strict,
    fail,
    output_option,
    strict_option,
)
from vpcdocs.fs.signals import guard_signals

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis
    from vpcdocs.model import Topology
    from vpcdocs.write import Applied

TEMPLATES_HELP = "Folder of Jinja2 templates that override the built-in ones, file by file."
ALLOW_HTML_HELP = ("Keep formatting HTML in descriptions (details, kbd, tables, images), rebuilt "
                   "from an allowlist: no script, event handlers or unsafe links. By default "
                   "all HTML is shown as text.")


@dataclass(frozen=True)
class Prepared:
    """A loaded, analysed design and its pages."""

    analysis: Analysis
    pages: dict[str, bytes]

    @property
    def topology(self) -> Topology:
        return self.analysis.topology


def prepare(path: str, *, templates: Path | None, allow_html: bool, strict: bool = False,
            diagnostics: str = "text", consequence: str = "") -> Prepared:
    """Load, analyse and render; on any problem (or, with `strict`, any warning: then
    `consequence` says what was not done) print it and exit 1."""
    from vpcdocs.commands.common import analyse_or_exit, load_or_exit
    from vpcdocs.commands.progress import stage
    from vpcdocs.render.graphviz_run import RenderError
    from vpcdocs.render.markdown.env import TemplateError
    from vpcdocs.site.forked import cores
    from vpcdocs.site.pages import design_pages

    with stage(f"Loading {path}"):
        topology = load_or_exit(path, fmt=diagnostics)
    with stage(f"Analysing {len(topology.flows):,} flows"):
        analysis = analyse_or_exit(topology, fmt=diagnostics)
    exit_if_strict(strict, topology, analysis, fmt=diagnostics, consequence=consequence)
    diagrams = 1 + len(topology.vpcs) + len(topology.flows) + len(topology.endpoint_services)
    try:
        with stage(f"Drawing {diagrams:,} diagrams and rendering the pages"):
            # the pages on every core (the library's `pages` stays in one process)
            pages = design_pages(analysis, templates_dir=templates, allow_html=allow_html,
                                 jobs=cores())
    except (TemplateError, RenderError) as exc:
        fail(str(exc))
    return Prepared(analysis, pages)


def site_title(topology: Topology) -> str:
    """The site name for MkDocs: the topology's title, HTML-escaped, because themes print
    `site_name` into HTML without escaping it."""
    import html

    return html.escape(topology.title or "Network design", quote=True)


def templates_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--templates",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help=TEMPLATES_HELP,
    )(function)


def allow_html_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option("--allow-html", is_flag=True, help=ALLOW_HTML_HELP)(function)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@output_option(required=True, hidden_aliases=("--out",), metavar="DIR",
               type=click.Path(file_okay=False, path_type=Path),
               help="The docs folder to write into (e.g. docs/network).")
@click.option("--check", is_flag=True, help="Write nothing; list stale or missing files; exit 1.")
@templates_option
@allow_html_option
@strict_option
@diagnostics_option
def generate(file: str, output: Path, check: bool, templates: Path | None, allow_html: bool,
             strict: bool, diagnostics: str) -> None:
    """Write the Markdown pages and SVG diagrams of FILE into an existing docs tree."""
    from vpcdocs.commands import noop
    from vpcdocs.write import WriteError, check_tree, write_tree
    from vpcdocs.write import check as check_plan

    out = output
    guard_signals()
    fingerprint = noop.fingerprint_of(file, templates=templates, allow_html=allow_html)
    if not strict:
        recorded = noop.unchanged(out, fingerprint)
        if recorded is not None:  # nothing that decides the output changed since it was made
            count = len(recorded.hashes)
            click.echo(f"{out}: up to date ({count} files)" if check else
                       f"{out}: 0 new, 0 changed, 0 removed, {count} unchanged")
            return
    prepared = prepare(file, templates=templates, allow_html=allow_html, strict=strict,
                       diagnostics=diagnostics, consequence="; nothing was written")
    if check:
        try:
            the_plan = check_tree(out, prepared.pages)
        except WriteError as exc:
            fail(exc)
        problems = check_plan(the_plan)
        if problems:
            click.echo(f"{out}: the docs are not up to date with {file}:", err=True)
            for line in problems:
                click.echo(f"  {line}", err=True)
            if the_plan.conflicts:
                click.echo("move or delete the conflicting files, then run:", err=True)
            click.echo(f"  vpcdocs generate {file} -o {out}", err=True)
            sys.exit(1)
        noop.remember(out, fingerprint)
        click.echo(f"{out}: up to date ({len(prepared.pages)} files)")
        return
    from vpcdocs.commands.progress import stage

    try:
        with stage(f"Writing {len(prepared.pages):,} files"):
            result = write_tree(out, prepared.pages, fingerprint=fingerprint)
    except WriteError as exc:
        fail(exc)
    if not result.kept:
        noop.remember(out, fingerprint)
    click.echo(f"{out}: {result.summary()}")
    report_leftovers(out, result)
    if result.kept:
        sys.exit(1)


def report_leftovers(out: Path, result: Applied) -> None:
    """Say which obsolete files were kept (vpcdocs cannot vouch it wrote them) and which
    temporaries of killed runs could not be removed."""
    from vpcdocs.write import MANIFEST_NAME

    if not result.locked:
        click.echo(f"warning: {out}: this filesystem cannot lock the folder; do not run two "
                   "vpcdocs commands on it at once", err=True)
    for path, why in result.orphans_failed:
        click.echo(f"warning: {out / path}: cannot remove this temporary file of a killed "
                   f"vpcdocs run: {why}", err=True)
    if result.kept:
        click.echo(f"{out}: {len(result.kept)} file(s) are no longer generated, but vpcdocs "
                   "cannot vouch for them (it did not write them here, nor found them here as "
                   "it generated them: e.g. a page already obsolete when it came with a clone, "
                   "or a manifest entry added by hand), so it does not delete them:", err=True)
        for path in result.kept:
            click.echo(f"  {out / path}", err=True)
        click.echo(f"delete each stale page yourself (e.g. `git rm`); if one is your own file, "
                   f"remove its line from {out / MANIFEST_NAME}", err=True)
