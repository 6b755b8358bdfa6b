"""`vpcdocs build FILE`: generate the pages, then build the MkDocs Material site.

Which MkDocs configuration: `--config-file`, else `mkdocs.yml` in the current folder (the pages
join that project's docs under `--prefix`, default `network/`), else a generated one with the
pages' own navigation. A `mkdocs.yml` that already enables the vpcdocs plugin adds the pages
itself, so it is not used here (build it with `mkdocs build`): the generated config is used and
a note says so. The site (`-o/--output`, default `site`) is built aside and swapped in
(`vpcdocs.site.build`); a site folder vpcdocs did not create is never replaced, and the files
listed under `site.keep` in `.vpcdocs.yml` (default `CNAME` and `.nojekyll`) are carried over from
the old site. Two builds of one site take turns (the second waits, then fails with exit 1).
`--strict` fails on MkDocs warnings (broken links, missing images) and, as everywhere, on any
warning of the topology or the analysis (a warning finding, an unreachable flow).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vpcdocs.commands.common import (
    STRICT_HELP,
    diagnostics_option,
    fail,
    output_option,
)
from vpcdocs.commands.generate import (
    allow_html_option,
    prepare,
    site_title,
    templates_option,
)
from vpcdocs.model import Topology

if TYPE_CHECKING:
    from vpcdocs.site.build import SiteResult

USER_CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class ConfigChoice:
    user_config: Path | None
    note: str | None


def choose_config(config_file: Path | None, no_config: bool) -> ConfigChoice:
    """The user's mkdocs.yml to build with, or None for vpcdocs' generated config."""
    if no_config:
        return ConfigChoice(None, None)
    if config_file is not None:
        return ConfigChoice(config_file, None)
    for name in USER_CONFIG_NAMES:
        candidate = Path(name)
        if candidate.is_file():
            if enables_vpcdocs_plugin(candidate):
                return ConfigChoice(
                    None,
                    f"./{name} uses the vpcdocs plugin (build that project with `mkdocs "
                    "build`); building with vpcdocs' own configuration",
                )
            return ConfigChoice(candidate, None)
    return ConfigChoice(None, None)


def enables_vpcdocs_plugin(config: Path) -> bool:
    """Whether a mkdocs.yml lists the `vpcdocs` plugin (read as plain YAML, tags ignored)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor(None, lambda loader, node: None)  # !ENV, !!python/name ...
    try:
        data = yaml.load(config.read_text(encoding="utf-8"))
    except (OSError, YAMLError, UnicodeDecodeError):
        return False
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        names = list(plugins)
    elif isinstance(plugins, list):
        names = [next(iter(p)) if isinstance(p, dict) and p else p for p in plugins]
    else:
        return False
    return "vpcdocs" in names


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@output_option(hidden_aliases=("--site-dir",), default="site", show_default=True, metavar="DIR",
               type=click.Path(path_type=Path),
               help="Where the site goes. Never a folder vpcdocs did not create.")
@click.option("--strict", is_flag=True, help=f"{STRICT_HELP} Also on MkDocs warnings (broken "
              "links, missing images).")
@click.option(
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your mkdocs.yml (default: ./mkdocs.yml when there is one).",
)
@click.option("--no-config", is_flag=True, help="Ignore ./mkdocs.yml; use vpcdocs' own config.")
@click.option(
    "--prefix",
    default="network/",
    show_default=True,
    help="With your mkdocs.yml: the folder of your site that holds the pages.",
)
@click.option("--site-url", default=None, help="The site's public URL (generated config only).")
@templates_option
@allow_html_option
@diagnostics_option
def build(
    file: str,
    output: Path,
    strict: bool,
    config_file: Path | None,
    no_config: bool,
    prefix: str,
    site_url: str | None,
    templates: Path | None,
    allow_html: bool,
    diagnostics: str,
) -> None:
    """Generate the docs of FILE and build the MkDocs Material site."""
    import time

    started = time.perf_counter()
    from vpcdocs.commands.common import config_or_exit
    from vpcdocs.fs.signals import guard_signals
    from vpcdocs.site.build import SiteError
    from vpcdocs.write import WriteError

    if no_config and config_file is not None:
        raise click.UsageError("--config-file and --no-config cannot be used together")
    guard_signals()
    keep = config_or_exit(Path.cwd(), fmt=diagnostics).site_keep
    choice = choose_config(config_file, no_config)
    if choice.note:
        click.echo(f"note: {choice.note}", err=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = output
    prepared = prepare(file, templates=templates, allow_html=allow_html, strict=strict,
                       diagnostics=diagnostics, consequence="; the site was not built")
    topology = prepared.topology
    from vpcdocs.commands.progress import stage

    markdown = sum(1 for p in prepared.pages if p.endswith(".md"))
    try:
        with stage(f"Building the site: MkDocs renders {markdown:,} pages"):
            result = _build(prepared.pages, site_dir, choice, strict=strict, topology=topology,
                            site_url=site_url, keep=keep, prefix=prefix)
    except (SiteError, WriteError) as exc:
        fail(str(exc))
    for line in result.warnings:
        click.echo(line, err=True)
    for folder in result.orphans_removed:
        click.echo(f"removed {folder}, left by a killed build", err=True)
    if result.kept:
        click.echo(f"kept from the previous site: {', '.join(result.kept)}", err=True)
    pages = sum(1 for p in prepared.pages if p.endswith(".md"))
    home = site_dir / (prefix.strip("/") if choice.user_config else "") / "index.html"
    click.echo(
        f"Built {pages} pages and {len(prepared.pages) - pages} diagrams of {file} in "
        f"{time.perf_counter() - started:.1f} s: {home}"
    )
    click.echo(
        f"View it through a web server: `vpcdocs serve {file}` (live preview) or "
        f"`python3 -m http.server -d {site_dir}`."
    )
    sys.exit(0)


def _build(pages: dict[str, bytes], site_dir: Path, choice: ConfigChoice, *, strict: bool,
           topology: Topology, site_url: str | None, keep: tuple[str, ...],
           prefix: str) -> SiteResult:
    """`build_site` with vpcdocs' own config (grouped navigation on a large design) or the
    user's mkdocs.yml."""
    from vpcdocs.render.markdown.groups import large_site
    from vpcdocs.site.build import build_site
    from vpcdocs.site.pages import site_nav

    if choice.user_config is None:
        return build_site(pages, site_dir, strict=strict, site_name=site_title(topology),
                          nav=site_nav(topology), site_url=site_url, keep=keep,
                          large=large_site(topology))
    return build_site(pages, site_dir, user_config=choice.user_config, strict=strict,
                      prefix=prefix, keep=keep)
