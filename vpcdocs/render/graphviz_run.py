"""Run the Graphviz `dot` program: DOT text in, SVG/PNG/PDF bytes out, no files, no shell.

The only place vpcdocs starts a process for drawing. DOT from `vpcdocs.render.dot` names its icons
relatively; the icon folder is handed to `dot` here as ``-Gimagepath`` so that no absolute path is
ever part of the DOT. Without Graphviz installed, `RenderError` says in one line how to install it.
(There is deliberately no WebAssembly fallback: see the module `vpcdocs.render.draw`.)

PDF output is made reproducible: cairo stamps a creation date, which is set to the epoch here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Final

__all__ = ["FORMATS", "INSTALL_HINT", "RenderError", "find_dot", "graphviz_version", "render"]

#: Output formats `render` produces (DOT itself needs no Graphviz; see `vpcdocs.render.draw`).
FORMATS: Final = ("svg", "png", "pdf")

INSTALL_HINT: Final = (
    "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` "
    "(macOS), `choco install graphviz` (Windows), or write a .dot file instead"
)

#: Environment variable naming the `dot` program to use instead of the one on PATH.
DOT_ENV: Final = "VPCDOCS_DOT"

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


class RenderError(RuntimeError):
    """Graphviz is missing or failed; the message is one line fit to show a user."""


def find_dot() -> str | None:
    """The `dot` program to run: $VPCDOCS_DOT if set, else `dot` on PATH, else None."""
    configured = os.environ.get(DOT_ENV)
    if configured:
        return shutil.which(configured) or (configured if Path(configured).is_file() else None)
    return shutil.which("dot")


def _run(args: list[str], stdin: bytes, timeout: float) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["TZ"] = "UTC"
    try:
        return subprocess.run(  # a fixed argument list, never a shell
            args, input=stdin, capture_output=True, timeout=timeout, check=False, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"Graphviz dot took longer than {timeout:g} s; simplify the diagram "
            "(fewer nodes or edges) or draw one flow at a time"
        ) from exc
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot ({exc.strerror or exc}); {INSTALL_HINT}") from exc


def render(
    dot_source: str,
    fmt: str,
    *,
    image_dir: Path | None = None,
    timeout: float = 120.0,
) -> bytes:
    """Lay out and draw `dot_source` as `fmt` ("svg", "png" or "pdf") with the `dot` program.

    `image_dir` is passed as Graphviz's imagepath, the folder relative image names are found in
    (for vpcdocs DOT: `vpcdocs.render.dot.icon_root()`). Raises `RenderError` when Graphviz is not
    installed, fails or runs past `timeout` seconds. SVG is returned as Graphviz wrote it; see
    `vpcdocs.render.svg.finalize_svg` for the self-contained version.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    program = find_dot()
    if program is None:
        raise RenderError(f"Graphviz `dot` was not found; {INSTALL_HINT}")
    args = [program, f"-T{fmt}"]
    if image_dir is not None:
        args.append(f"-Gimagepath={image_dir}")
    done = _run(args, dot_source.encode("utf-8"), timeout)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[0] if lines else "no message"
        raise RenderError(f"Graphviz dot failed (exit {done.returncode}): {detail}")
    output = done.stdout
    if fmt == "pdf":
        output = _PDF_DATE.sub(rb"\g<1>19700101000000", output)
    return output


def graphviz_version(timeout: float = 10.0) -> str | None:
    """The installed Graphviz version (e.g. "2.43.0"), or None when `dot` is not installed."""
    program = find_dot()
    if program is None:
        return None
    try:
        done = _run([program, "-V"], b"", timeout)
    except RenderError:
        return None
    match = re.search(r"version (\S+)", done.stderr.decode("utf-8", "replace"))
    return match.group(1) if match else None
