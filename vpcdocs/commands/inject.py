"""`vpcdocs inject FILE.md...`: keep a design summary between `<!-- BEGIN_VPCDOCS -->` and
`<!-- END_VPCDOCS -->` in a README, as terraform-docs does for modules.

The summary is a flows table (reachable, network, way, per-GB cost), the monthly cost and links
to the overview diagram and the generated docs. The topology and the docs folder come from the
options, else from `.vpcdocs.yml` (`topology`, `output`), else `network.yaml` and
`docs/network`. `--check` writes nothing and exits 1 when a file's block is out of date (CI).

Exit codes: 0 ok (nothing stale with --check); 1 invalid topology or config, a file without
markers, or (with --check) a stale block; 2 usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vpcdocs.commands.common import diagnostics_option


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--topology", "topology", type=click.Path(dir_okay=False, path_type=Path),
              help="The topology file (default: from .vpcdocs.yml, else network.yaml).")
@click.option("--docs", "docs", type=click.Path(file_okay=False, path_type=Path),
              help="The generated docs folder to link to (default: from .vpcdocs.yml, else "
                   "docs/network).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a summary is stale.")
@diagnostics_option
def inject(files: tuple[Path, ...], topology: Path | None, docs: Path | None,
           check: bool, diagnostics: str) -> None:
    """Replace the block between the VPCDOCS markers in FILES with a summary of the design."""
    from vpcdocs.commands.common import analyse_or_exit, config_or_exit, load_or_exit, print_diagnostics
    from vpcdocs.review.inject_files import refresh, unreadable

    missing = unreadable(files)  # blame a mistyped FILE, before looking for the topology
    if missing:
        print_diagnostics(missing, diagnostics)
        sys.exit(1)
    if topology is None or docs is None:
        config = config_or_exit(Path.cwd(), fmt=diagnostics)
        topology = topology or config.topology_path
        docs = docs or config.output_path
    topo = load_or_exit(str(topology), fmt=diagnostics)
    side = analyse_or_exit(topo, priced=False, fmt=diagnostics)
    failed = False
    for file in files:
        outcome = refresh(file, side, topology, docs, check=check)
        print_diagnostics((*outcome.diagnostics, *outcome.warnings), diagnostics)
        if outcome.diagnostics:
            failed = True
        elif outcome.changed and check:
            click.echo(f"{file}: the vpcdocs summary is out of date; run: vpcdocs inject {file}",
                       err=True)
            failed = True
        elif outcome.changed:
            click.echo(f"{file}: summary updated")
        else:
            click.echo(f"{file}: up to date")
    sys.exit(1 if failed else 0)
