"""`vpcdocs serve FILE`: a live preview of the docs site that rebuilds when the topology (or a
template, or the user's MkDocs project) changes. The configuration is chosen as for `build`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vpcdocs.commands.build import choose_config
from vpcdocs.commands.common import diagnostics_option, fail
from vpcdocs.commands.generate import (
    allow_html_option,
    prepare,
    site_title,
    templates_option,
)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve (port 0: a free port, which is printed).",
)
@click.option(
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your mkdocs.yml (default: ./mkdocs.yml when there is one).",
)
@click.option("--no-config", is_flag=True, help="Ignore ./mkdocs.yml; use vpcdocs' own config.")
@click.option("--prefix", default="network/", show_default=True, help="As for `vpcdocs build`.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@templates_option
@allow_html_option
@diagnostics_option
def serve(
    file: str,
    dev_addr: str,
    config_file: Path | None,
    no_config: bool,
    prefix: str,
    open_browser: bool,
    templates: Path | None,
    allow_html: bool,
    diagnostics: str,
) -> None:
    """Serve a live preview of FILE's docs site; rebuild when FILE changes. Ctrl-C stops."""
    from vpcdocs.site.build import SiteError, SiteOptions
    from vpcdocs.site.pages import PagesError, design_pages, load_analysis, site_nav
    from vpcdocs.site.serve import serve_site

    host, _, port_text = dev_addr.rpartition(":")
    if not host or not port_text.isdigit():
        raise click.BadParameter("expected HOST:PORT, e.g. 127.0.0.1:8000", param_hint="--dev-addr")
    if no_config and config_file is not None:
        raise click.UsageError("--config-file and --no-config cannot be used together")
    choice = choose_config(config_file, no_config)
    if choice.note:
        click.echo(f"note: {choice.note}", err=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # fail early, with the diagnostics, when the topology does not load or cannot be priced
    topology = prepare(file, templates=templates, allow_html=allow_html,
                       diagnostics=diagnostics).topology
    # The navigation lists the topology's names: one list, refreshed in place on every rebuild.
    nav = site_nav(topology)
    if choice.user_config is None:
        options = SiteOptions(site_name=site_title(topology), nav=nav)
    else:
        options = SiteOptions(user_config=choice.user_config, prefix=prefix)

    def pages() -> dict[str, bytes]:
        analysis = load_analysis(Path(file))  # PagesError: the diagnostics' text
        nav[:] = site_nav(analysis.topology)
        return design_pages(analysis, templates_dir=templates, allow_html=allow_html)

    def bound(url: str) -> None:
        click.echo(f"Serving {file} at {url} (Ctrl-C stops)", err=True)

    watch = [Path(file)] + ([templates] if templates is not None else [])
    try:
        serve_site(
            pages,
            watch=watch,
            options=options,
            host=host,
            port=int(port_text),
            open_in_browser=open_browser,
            on_bound=bound,
        )
    except (SiteError, PagesError) as exc:
        fail(str(exc))
    except OSError as exc:  # the address is in use, or not one of this machine
        fail(f"cannot serve on {dev_addr}: {exc.strerror or exc}")
