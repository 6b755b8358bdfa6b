"""`vpcdocs init [-o DIR]`: write a commented starter `network.yaml` and the JSON Schema beside it.

The starter (`vpcdocs/data/starter.yaml`) validates cleanly and names `vpcdocs.schema.json` in
its first line, so an editor completes and checks keys offline. `init` never overwrites: if either
file exists it writes nothing and exits 1. Each file appears atomically (written to a temporary
file, then hard-linked into place, which fails rather than replace a file that appeared meanwhile).
"""

from __future__ import annotations

import contextlib
import sys
from importlib import resources
from pathlib import Path

import click

from vpcdocs.commands.common import output_option
from vpcdocs.write import create_new

TOPOLOGY_NAME = "network.yaml"
SCHEMA_NAME = "vpcdocs.schema.json"


def starter_text() -> str:
    return resources.files("vpcdocs.data").joinpath("starter.yaml").read_text(encoding="utf-8")


def starter_files() -> dict[str, bytes]:
    """The files `init` writes, by name."""
    from vpcdocs.commands.schema import schema_text

    return {
        TOPOLOGY_NAME: starter_text().encode("utf-8"),
        SCHEMA_NAME: schema_text().encode("utf-8"),
    }


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@output_option(metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
               help="The folder to write into (default: the current folder; DIRECTORY is the "
                    "same).")
def init(directory: Path | None, output: Path | None) -> None:
    """Write a commented starter network.yaml (and vpcdocs.schema.json) into a folder."""
    if directory is not None and output is not None and directory != output:
        raise click.UsageError("give the folder once: DIRECTORY or -o/--output")
    directory = output or directory or Path(".")
    files = starter_files()
    existing = [name for name in files if (directory / name).exists()]
    if existing:
        for name in existing:
            click.echo(f"error: {directory / name} already exists; vpcdocs init never overwrites "
                       "a file (nothing was written)", err=True)
        sys.exit(1)
    written: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            try:
                create_new(directory / name, data)  # the one writer: never replaces a file
            except FileExistsError:
                for path in written:  # leave the folder as it was
                    path.unlink()
                click.echo(f"error: {directory / name} appeared while writing; nothing was "
                           "written", err=True)
                sys.exit(1)
            written.append(directory / name)
    except OSError as exc:
        from vpcdocs.fs.oserror import describe

        for path in written:  # leave the folder as it was
            with contextlib.suppress(OSError):
                path.unlink()
        click.echo(f"error: {describe(directory, 'write into the folder', exc)}", err=True)
        sys.exit(1)
    target = directory / TOPOLOGY_NAME
    click.echo(f"wrote {target} and {directory / SCHEMA_NAME}")
    click.echo(f"next: edit {target}, then run `vpcdocs validate {target}`")
