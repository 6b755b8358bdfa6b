"""`vpcdocs import terraform|snapshot|aws|cloudformation`: a topology from real infrastructure.

Each subcommand reads its source into an estate (`vpcdocs.importers.<source>`), maps it to the
topology format (`importers.design`) and writes YAML (`importers.emit`): to stdout, to `-o FILE`,
or merged into an existing topology with `--into FILE` (keeping what the user wrote). Files are
written atomically by `vpcdocs.write.atomic_write`. A summary goes to stderr: objects imported per
kind, what was not read (with counts), stubs and notes. Bad input: located errors, exit 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from vpcdocs.commands.common import diagnostics_option, print_diagnostics


def _parse_region(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from vpcdocs.loader import catalogue

    if value not in catalogue.regions():
        raise click.BadParameter(f"{value!r} is not an AWS Region")
    return value


OUTPUT = [
    click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                 help="Write the topology to FILE (default: stdout)."),
    click.option("--into", "into", type=click.Path(dir_okay=False),
                 help="Merge into this existing topology, keeping what you wrote; objects gone "
                      "from the source are removed and listed."),
    click.option("--title", help="The topology's title (a new file only)."),
    click.option("-q", "--quiet", is_flag=True, help="No summary on stderr."),
    diagnostics_option,
]


def _output_options(func: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(OUTPUT):
        func = option(func)
    return func


@click.group("import")
def import_() -> None:
    """Write a topology from Terraform, saved AWS responses, live AWS or CloudFormation."""


@import_.command("terraform")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--region", callback=_parse_region,
              help="Region for resources whose Region the plan or state does not show.")
@_output_options
def terraform(files: tuple[str, ...], region: str | None, output: str | None,
              into: str | None, title: str | None, quiet: bool, diagnostics: str) -> None:
    """Import `terraform show -json` plans/states and terraform.tfstate files (merged)."""
    from vpcdocs.importers import terraform as tf

    _run(lambda: tf.read_files([Path(f) for f in files], list(files), region),
         _sources(files), output, into, title, quiet, diagnostics)


@import_.command("snapshot")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--region", callback=_parse_region,
              help="Region for files whose Region neither their folder nor their content shows.")
@_output_options
def snapshot(folder: str, region: str | None, output: str | None, into: str | None,
             title: str | None, quiet: bool, diagnostics: str) -> None:
    """Import saved `aws ec2 describe-*` (and elbv2, route53) JSON responses from FOLDER."""
    from vpcdocs.importers import snapshot as snap

    _run(lambda: snap.read_folder(Path(folder), region), [Path(folder).name or folder], output,
         into, title, quiet, diagnostics)


@import_.command("aws")
@click.option("--region", "regions", multiple=True, callback=lambda c, p, v: tuple(
    _parse_region(c, p, r) for r in v), help="A Region to read (repeat; default: the profile's).")
@click.option("--profile", help="The AWS profile to use.")
@click.option("--snapshot", "snapshot_dir", type=click.Path(file_okay=False),
              help="Keep the raw responses in this folder (default: a temporary folder).")
@_output_options
def aws(regions: tuple[str, ...], profile: str | None, snapshot_dir: str | None,
        output: str | None, into: str | None, title: str | None, quiet: bool,
        diagnostics: str) -> None:
    """Read a live AWS account (read-only calls) into a snapshot, then import it."""
    from vpcdocs.importers import aws as live

    try:
        live.require_boto3()
    except live.MissingBoto3 as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)

    def read() -> object:
        import tempfile

        from vpcdocs.importers import snapshot as snap
        from vpcdocs.write import WriteError, apply, plan

        files, notes = live.fetch(list(regions), profile, echo=None if quiet else _echo)

        def save(folder: Path) -> object:
            try:
                apply(plan(folder, files))  # the one writer: atomic, owns only what it wrote
            except WriteError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
            est = snap.read_folder(folder, None)
            for note in notes:
                est.note(note)
            return est

        if snapshot_dir is not None:
            Path(snapshot_dir).mkdir(parents=True, exist_ok=True)
            return save(Path(snapshot_dir))
        with tempfile.TemporaryDirectory(prefix="vpcdocs-snapshot-") as tmp:
            return save(Path(tmp))

    _run(read, ["aws"], output, into, title, quiet, diagnostics)


@import_.command("cloudformation")
@click.argument("templates", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--parameter", "parameters", multiple=True, metavar="KEY=VALUE",
              help="A parameter value (repeat); pseudo parameters too (AWS::Region=eu-west-1).")
@click.option("--region", callback=_parse_region,
              help="The Region the stacks are deployed in (same as AWS::Region=...).")
@_output_options
def cloudformation(templates: tuple[str, ...], parameters: tuple[str, ...], region: str | None,
                   output: str | None, into: str | None, title: str | None,
                   quiet: bool, diagnostics: str) -> None:
    """Import CloudFormation templates (YAML or JSON; several stacks are merged)."""
    from vpcdocs.importers import cloudformation as cfn

    values: dict[str, str] = {}
    for item in parameters:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write KEY=VALUE", param_hint="--parameter")
        values[key] = value
    if region is not None:
        values["AWS::Region"] = region
    _run(lambda: cfn.read_files([Path(t) for t in templates], list(templates), values),
         _sources(templates), output, into, title, quiet, diagnostics)


def _echo(text: str) -> None:
    click.echo(text, err=True)


def _sources(files: tuple[str, ...]) -> list[str]:
    return [Path(f).name for f in files]


IMPORT_HEADER = "# vpcdocs import: "


def _refuse_foreign(path: Path) -> None:
    """-o never overwrites a file that an import did not write (use --into to merge)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(IMPORT_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        click.echo(f"error: cannot read {path}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    if head and head != IMPORT_HEADER.encode():
        click.echo(f"error: {path} exists and was not written by `vpcdocs import`; refusing to "
                   "overwrite it", err=True)
        click.echo(f"  hint: merge into it with --into {path}, or choose another file", err=True)
        sys.exit(1)


def _run(read: Callable[[], object], sources: list[str], output: str | None, into: str | None,
         title: str | None, quiet: bool, diagnostics: str = "text") -> None:
    from vpcdocs.importers import design, emit
    from vpcdocs.importers.estate import Estate
    from vpcdocs.importers.problems import ImportFailed

    if output is not None and into is None:
        _refuse_foreign(Path(output))
    try:
        est = read()
        assert isinstance(est, Estate)
        result = design.build(est, title=title)
        if into is not None:
            from vpcdocs.importers.source import read_bytes

            target = Path(into)
            existing = read_bytes(target, into, 16 * 1024 * 1024) if target.exists() else b""
            data, report = emit.merge_into(existing, into, result)
        else:
            result.header = [IMPORT_HEADER[2:] + ", ".join(sources),
                             "Objects marked `imported from` are updated by `vpcdocs import ... "
                             "--into`; edit anything else."]
            data, report = emit.render(result), None
    except ImportFailed as exc:
        print_diagnostics(exc.diagnostics, diagnostics)
        sys.exit(1)
    from vpcdocs.loader.yamlsrc import MAX_BYTES

    if len(data) > MAX_BYTES:
        # the loader reads at most MAX_BYTES (topology-format.md, size limits)
        click.echo(f"warning: the topology is {len(data):,} bytes; vpcdocs reads at most "
                   f"{MAX_BYTES:,}: import each account or Region into its own file", err=True)
    if not quiet:
        for line in result.summary.lines():
            click.echo(line, err=True)
        if report is not None:
            for kind, items in (("added", report.added), ("removed", report.removed)):
                if items:
                    click.echo(f"{kind} ({len(items)}): " + ", ".join(items), err=True)
            if report.removed:
                click.echo("check flows and other references to the removed objects "
                           "(vpcdocs validate)", err=True)
    destination = output if output is not None else into
    if destination is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from vpcdocs.write import atomic_write

    path = Path(destination)
    if path.exists() and path.read_bytes() == data:
        if not quiet:
            click.echo(f"{destination}: unchanged", err=True)
        return
    try:
        atomic_write(path, data)
    except OSError as exc:
        click.echo(f"error: cannot write {destination}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(f"wrote {destination}", err=True)
