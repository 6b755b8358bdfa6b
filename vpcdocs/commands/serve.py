"""`vpcdocs serve FILE`: a live preview of the docs site that rebuilds when the topology (or a
template, or the user's MkDocs project) changes. The configuration is chosen as for `build`.

The address is checked and bound before the first build: a malformed, unknown or busy
`--dev-addr` is a usage error (exit 2). "Serving ..." is printed once the server is listening and
the first build is done, with the port really bound (`-a 127.0.0.1:0` picks a free one). Ctrl-C,
SIGTERM and SIGHUP stop it and remove its private folder.
"""

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
    from vpcdocs.fs.signals import guard_signals
    from vpcdocs.site.build import SiteError, SiteOptions
    from vpcdocs.site.pages import PagesError, design_pages, load_analysis, site_nav
    from vpcdocs.site.serve import AddressError, check_address, serve_site

    host, port = parse_address(dev_addr)
    try:
        check_address(host, port)
    except AddressError as exc:
        raise click.BadParameter(str(exc), param_hint="--dev-addr") from None
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
        from vpcdocs.render.markdown.groups import large_site

        options = SiteOptions(site_name=site_title(topology), nav=nav, large=large_site(topology))
    else:
        options = SiteOptions(user_config=choice.user_config, prefix=prefix)

    def pages() -> dict[str, bytes]:
        analysis = load_analysis(Path(file))  # PagesError: the diagnostics' text
        nav[:] = site_nav(analysis.topology)
        return design_pages(analysis, templates_dir=templates, allow_html=allow_html)

    watch = [Path(file)] + ([templates] if templates is not None else [])

    def ready(url: str) -> None:
        click.echo(f"Serving {file} at {url} (Ctrl-C stops)", err=True)

    guard_signals()
    try:
        serve_site(
            pages,
            watch=watch,
            options=options,
            host=host,
            port=port,
            open_in_browser=open_browser,
            on_ready=ready,
        )
    except AddressError as exc:
        raise click.BadParameter(str(exc), param_hint="--dev-addr") from None
    except (SiteError, PagesError) as exc:
        fail(str(exc))


def parse_address(text: str) -> tuple[str, int]:
    """HOST:PORT (`[::1]:8000` for an IPv6 address) -> (host, port); `click.BadParameter`
    (exit 2) when malformed."""
    host, sep, port_text = text.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    elif ":" in host:
        host = ""  # an IPv6 address must be written in brackets
    if not sep or not host or not port_text.isascii() or not port_text.isdigit() or (
        int(port_text) > 65535
    ):
        raise click.BadParameter(
            f"expected HOST:PORT with a port from 0 to 65535 (e.g. 127.0.0.1:8000, [::1]:8000), "
            f"not {text!r}",
            param_hint="--dev-addr",
        )
    return host, int(port_text)
