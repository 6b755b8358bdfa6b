"""`vpcdocs diff OLD NEW` and `vpcdocs diff --git REF FILE`: what a change to the design does.

Both versions are loaded and analysed; the difference (resources, flows before and after, cost
delta, and the change drawn as a Mermaid flowchart) is printed as Markdown for a pull-request
comment, or as JSON. `--git REF` reads the old
version with `git show REF:PATH` (PATH relative to the repository root, so it works from a
subfolder); its diagnostics name it `REF:PATH`. `-o/--output FILE` also draws the change (added
in green, removed in red; the format from the suffix).

Exit codes: 0 ok (with `--exit-code`: 0 no change, 1 a change); 1 invalid input or git failure;
2 usage.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from vpcdocs.commands.common import diagnostics_option, fail, output_option

if TYPE_CHECKING:
    from vpcdocs.render.scene import Scene

FORMATS = ("markdown", "json")


def _fail(message: str) -> NoReturn:
    fail(message)


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        _fail("git is not installed (needed for --git)")
    except subprocess.TimeoutExpired:
        _fail(f"git {' '.join(args)} took too long")
    if done.returncode != 0:
        text = done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        _fail(text.splitlines()[-1].removeprefix("fatal: "))
    return done.stdout


def git_old_version(ref: str, file: str, cwd: Path | None = None) -> tuple[str, bytes]:
    """(`REF:PATH`, bytes) of FILE (relative to `cwd`) as it was at REF; exits 1 on failure."""
    here = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], here).decode("utf-8").strip())
    target = (here / file).resolve()
    try:
        rel = target.relative_to(top.resolve()).as_posix()
    except ValueError:
        _fail(f"{file} is not inside the git repository at {top}")
    if ref.startswith("-"):
        _fail(f"not a git revision: {ref}")
    return f"{ref}:{rel}", _git(["show", f"{ref}:{rel}"], top)


def _load(name: str, raw: bytes | None, fmt: str) -> object:
    from vpcdocs.commands.common import max_input_size, print_diagnostics
    from vpcdocs.loader import load_bytes, load_file

    limit = max_input_size()
    result = (load_file(name, max_bytes=limit) if raw is None
              else load_bytes(name, raw, max_bytes=limit))
    print_diagnostics(result.diagnostics, fmt)
    if not result.ok or result.topology is None:
        sys.exit(1)
    return result.topology


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--git", "ref", metavar="REF",
              help="Compare FILE with its version at this git revision (e.g. origin/main).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="markdown",
              show_default=True, help="markdown: a pull-request comment; json: for programs.")
@output_option(hidden_aliases=("--diagram",), metavar="FILE",
               type=click.Path(dir_okay=False, path_type=Path),
               help="Also draw the change into this file (.svg, .png, .pdf or .dot).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything changed (like git diff).")
@diagnostics_option
def diff(files: tuple[str, ...], ref: str | None, fmt: str, output: Path | None,
         exit_code: bool, diagnostics: str) -> None:
    """Show what changing OLD into NEW does: resources, flows before and after, monthly cost.

    \b
    vpcdocs diff old.yaml new.yaml
    vpcdocs diff --git origin/main network.yaml --format json
    """
    from vpcdocs.analysis.analysis import analyse
    from vpcdocs.model import Topology
    from vpcdocs.review.diff import diff_designs
    from vpcdocs.review.diff_mermaid import change_mermaid
    from vpcdocs.review.diff_render import json_text, markdown
    from vpcdocs.review.diff_view import change_scene

    if ref is not None:
        if len(files) != 1:
            raise click.UsageError("with --git REF, give exactly one FILE")
        old_name, raw = git_old_version(ref, files[0])
        old, new = _load(old_name, raw, diagnostics), _load(files[0], None, diagnostics)
        new_name = files[0]
    else:
        if len(files) != 2:
            raise click.UsageError("give two files, OLD and NEW (or --git REF FILE)")
        old_name, new_name = files
        old, new = _load(old_name, None, diagnostics), _load(new_name, None, diagnostics)
    assert isinstance(old, Topology) and isinstance(new, Topology)
    old_side, new_side = analyse(old), analyse(new)
    change = diff_designs(old_side, new_side, old_name=old_name, new_name=new_name)
    scene = change_scene(change, old_side, new_side)
    if output is not None:
        _draw(scene, output)
    text = json_text(change) if fmt == "json" else markdown(change, mermaid=change_mermaid(scene))
    click.echo(text, nl=False)
    if exit_code and not change.empty:
        sys.exit(1)


def _draw(scene: Scene, out: Path) -> None:
    from vpcdocs.render.draw import RenderError, draw, format_for_path

    try:
        fmt = format_for_path(out)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
    try:
        data = draw(scene, fmt)
    except RenderError as exc:
        _fail(str(exc))
    from vpcdocs.fs import temps
    from vpcdocs.fs.oserror import describe
    from vpcdocs.write import WriteError, atomic_write, write_target

    try:  # atomically, through a symbolic link to its target, never into a FIFO or device
        temps.remove_orphans(write_target(out).parent)
        atomic_write(out, data)
    except WriteError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(describe(out, "write", exc))
    click.echo(f"{out}: change diagram written", err=True)
