"""`vpcdocs diagram FILE [--flow ID | --vpc ID | --service ID | --region ID] -o OUT`: one picture
for a review.

Without a selector it draws the overview (the summary past its node budget). The suffix of OUT
chooses the format: .dot/.gv (DOT text, no Graphviz needed, with the icons it names copied
beside it into `<name>-icons/`, so that
`dot -Tsvg net.dot` run in its folder draws it), .svg (self-contained: icons embedded once, tooltips; with
`--link-base URL` each node links to its docs page under URL), .png, .pdf or .drawio (an editable
diagrams.net file laid out as the SVG, AWS shapes, boxes as containers, links with `--link-base`).
The file is written
atomically (temporary file, then rename); an existing directory is never replaced, and a symbolic
link keeps pointing where it did (its target is replaced).

Exit codes: 0 written; 1 invalid topology or Graphviz missing/failing; 2 usage (two selectors, an
unknown id, an unknown suffix, OUT is a directory or its folder does not exist).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from vpcdocs.commands.common import diagnostics_option

SELECTORS = ("--flow", "--vpc", "--service", "--region")


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _unknown(kind: str, name: str, known: Iterable[str], option: str,
             file: str) -> click.BadParameter:
    from vpcdocs.render.views.common import closest

    suggestion = closest(name, known)
    hint = f"; did you mean `{suggestion}`?" if suggestion else ""
    return click.BadParameter(f"no {kind} named `{name}` in {file}{hint}", param_hint=option)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--flow", "flow_id", metavar="ID", help="Draw only this flow, hop by hop.")
@click.option("--vpc", "vpc_id", metavar="ID", help="Draw this VPC and its direct neighbours.")
@click.option("--service", "service_id", metavar="ID",
              help="Draw this endpoint service with its consumers and targets.")
@click.option("--region", "region_id", metavar="ID",
              help="Draw this Region: its VPCs, transit gateways and the flows through it.")
@click.option("-o", "--output", "output", required=True, metavar="OUT",
              help="File to write; its suffix chooses the format: .dot, .gv, .svg, .png, .pdf, .drawio.")
@click.option("--link-base", "link_base", metavar="URL",
              help="SVG and .drawio: link each node to its docs page under URL (e.g. the site's root).")
@diagnostics_option
def diagram(file: str, flow_id: str | None, vpc_id: str | None, service_id: str | None,
            region_id: str | None, output: str, link_base: str | None, diagnostics: str) -> None:
    """Draw an architecture diagram of FILE: the overview, or one flow, VPC, endpoint service or
    Region."""
    chosen = [name for name, value in zip(SELECTORS, (flow_id, vpc_id, service_id, region_id),
                                          strict=True) if value is not None]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be combined; choose one view")
    from vpcdocs.render.draw import format_for_path

    try:
        fmt = format_for_path(output)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
    target = Path(output)
    if target.is_dir():
        raise click.BadParameter(f"{output} is a directory; name a file", param_hint="-o/--output")
    if not target.parent.is_dir():
        raise click.BadParameter(f"folder {str(target.parent)!r} does not exist",
                                 param_hint="-o/--output")

    from vpcdocs.commands.common import load_or_exit

    topology = load_or_exit(file, fmt=diagnostics)
    if flow_id is not None and flow_id not in topology.flows:
        raise _unknown("flow", flow_id, topology.flows, "--flow", file)
    if vpc_id is not None and vpc_id not in topology.vpcs:
        raise _unknown("VPC", vpc_id, topology.vpcs, "--vpc", file)
    if service_id is not None and service_id not in topology.endpoint_services:
        raise _unknown("endpoint service", service_id, topology.endpoint_services, "--service",
                       file)
    if region_id is not None and region_id not in topology.regions():
        raise _unknown("Region", region_id, topology.regions(), "--region", file)

    from vpcdocs.commands.common import analyse_or_exit
    from vpcdocs.fs import temps
    from vpcdocs.fs.oserror import describe
    from vpcdocs.render.draw import RenderError, draw_files, icon_folder_for, scene_of
    from vpcdocs.write import WriteError, atomic_write, write_target

    analysis = analyse_or_exit(topology, priced=False, fmt=diagnostics)
    try:
        scene = scene_of(analysis, flow=flow_id, vpc=vpc_id, service=service_id,
                         region=region_id)
        files = draw_files(scene, fmt, target.name, link_base=link_base)
    except RenderError as exc:
        _fail(str(exc), 1)
        return
    data = files.pop(target.name)
    try:
        folder = write_target(target).parent
        temps.remove_orphans(folder)
        for relative, content in sorted(files.items()):  # a DOT file's icons, beside it
            (folder / relative).parent.mkdir(exist_ok=True)
            atomic_write(folder / relative, content)
        atomic_write(target, data)
    except WriteError as exc:
        _fail(str(exc), 1)
    except OSError as exc:
        _fail(describe(output, "write", exc), 1)
    icons = f" and {len(files)} icons in {icon_folder_for(target.name)}/" if files else ""
    click.echo(f"wrote {output} ({fmt}, {len(data):,} bytes){icons}", err=True)
