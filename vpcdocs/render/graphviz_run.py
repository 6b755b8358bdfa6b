"""Run the Graphviz `dot` program: DOT text in, SVG/PNG/PDF bytes out, no files, no shell.

The only place vpcdocs starts a process for drawing. DOT from `vpcdocs.render.dot` names its icons
relatively; the icon folder is handed to `dot` here as ``-Gimagepath`` so that no absolute path is
ever part of the DOT. Without Graphviz installed, `RenderError` says in one line how to install it.
(There is deliberately no WebAssembly fallback: see the module `vpcdocs.render.draw`.)

PDF output is made reproducible: cairo stamps a creation date, which is set to the epoch here.

When `dot` fails on a picture, the message says which picture: DOT text made from a scene is a
`DotSource`, a string that remembers the scene's origin (the place in the topology) and subject,
so wherever it is drawn the failure reads ``network.yaml:12:3: cannot draw the diagram of flow
web-to-s3: Graphviz dot failed (exit 1): ...``. (The renderer keeps every text within Graphviz's
limits, `vpcdocs.render.limits`, so a valid topology is not expected to get there.)
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from vpcdocs.diagnostics import Location

__all__ = [
    "FORMATS",
    "INSTALL_HINT",
    "DotSource",
    "RenderError",
    "RenderWarning",
    "find_dot",
    "font_stamp",
    "graphviz_version",
    "render",
]

#: Output formats `render` produces (DOT itself needs no Graphviz; see `vpcdocs.render.draw`).
FORMATS: Final = ("svg", "png", "pdf", "json")  # json: the layout (`render.drawio`)

INSTALL_HINT: Final = (
    "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` "
    "(macOS), `choco install graphviz` (Windows), or write a .dot file instead"
)

#: Environment variable naming the `dot` program to use instead of the one on PATH.
DOT_ENV: Final = "VPCDOCS_DOT"

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


class RenderError(RuntimeError):
    """Graphviz is missing or failed; the message is one line fit to show a user."""


class DotSource(str):
    """DOT text that remembers what picture it is: `origin`, the place in the topology it
    shows, and `subject`, words for it ("the diagram of flow web-to-s3"). It is a `str` in every
    other way, so code that only passes the text along (caches, thread pools) needs no change."""

    origin: Location | None
    subject: str

    def __new__(cls, text: str, origin: Location | None = None, subject: str = "") -> DotSource:
        made = super().__new__(cls, text)
        made.origin = origin
        made.subject = subject
        return made


def _what(source: str) -> str:
    """"FILE:LINE:COL: cannot draw SUBJECT" for a DotSource, else "cannot draw the diagram"."""
    origin = getattr(source, "origin", None)
    subject = getattr(source, "subject", "") or "the diagram"
    return f"{origin}: cannot draw {subject}" if origin is not None else f"cannot draw {subject}"


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    return next((line for line in lines if line), "no message")


def find_dot() -> str | None:
    """The `dot` program to run: $VPCDOCS_DOT if set, else `dot` on PATH, else None."""
    configured = os.environ.get(DOT_ENV)
    if configured:
        return shutil.which(configured) or (configured if Path(configured).is_file() else None)
    return shutil.which("dot")


def _run(args: list[str], stdin: bytes, timeout: float,
         what: str = "") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["TZ"] = "UTC"
    try:
        return subprocess.run(  # a fixed argument list, never a shell
            args, input=stdin, capture_output=True, timeout=timeout, check=False, env=env
        )
    except subprocess.TimeoutExpired as exc:
        prefix = f"{what}: " if what else ""
        raise RenderError(
            f"{prefix}Graphviz dot took longer than {timeout:g} s; simplify the diagram (fewer "
            "nodes or edges) or draw one flow at a time"
        ) from exc
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot ({exc.strerror or exc}); {INSTALL_HINT}") from exc


_NEWRANK = re.compile(r"\bnewrank=true\s?")


def render(
    dot_source: str,
    fmt: str,
    *,
    image_dir: Path | Sequence[Path] | None = None,
    timeout: float = 120.0,
) -> bytes:
    """Lay out and draw `dot_source` as `fmt` ("svg", "png", "pdf"; "json": the layout) with
    the `dot` program.

    `image_dir` is passed as Graphviz's imagepath, the folder (or folders, searched in order)
    relative image names are found in (for vpcdocs DOT: `vpcdocs.render.dot.icon_dirs()`).
    Raises `RenderError` when Graphviz is not installed, fails or runs past `timeout` seconds;
    for a `DotSource` the message names the picture and its place in the topology. SVG is
    returned as Graphviz wrote it; see `vpcdocs.render.svg.finalize_svg` for the self-contained
    version.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    program = find_dot()
    if program is None:
        raise RenderError(f"Graphviz `dot` was not found; {INSTALL_HINT}")
    args = [program, f"-T{fmt}"]
    if image_dir is not None:
        dirs = [image_dir] if isinstance(image_dir, Path) else list(image_dir)
        args.append("-Gimagepath=" + os.pathsep.join(str(d) for d in dirs))
    what = _what(dot_source)
    done = _run(args, dot_source.encode("utf-8"), timeout, what)
    if done.returncode == -signal.SIGABRT and _NEWRANK.search(dot_source):
        # dot 2.43 aborts on some graphs in newrank mode (lib/dotgen/class2.c merge_chain:
        # "Assertion `ED_to_virt(e) == NULL' failed"; seen on the summary overview of a 100-VPC
        # design). The same graph without newrank draws: lay it out that way instead.
        plain = _NEWRANK.sub("", dot_source, count=1)
        done = _run(args, plain.encode("utf-8"), timeout, what)
    if done.returncode < 0:
        try:
            name = signal.Signals(-done.returncode).name
        except ValueError:
            name = str(-done.returncode)
        raise RenderError(f"{what}: Graphviz dot crashed ({name})")
    if done.returncode != 0:
        detail = _first_line(done.stderr)
        raise RenderError(f"{what}: Graphviz dot failed (exit {done.returncode}): {detail}")
    _warn_about(dot_source, done.stderr)
    output = done.stdout
    if fmt == "pdf":
        output = _PDF_DATE.sub(rb"\g<1>19700101000000", output)
    return output


class RenderWarning(UserWarning):
    """Graphviz drew the picture but said something about it (for example that a PNG was too
    large for cairo and was scaled down). Issued with `warnings.warn`; the command line prints
    it on stderr as `warning: ...`."""


def _warn_about(source: str, stderr: bytes) -> None:
    """Pass on what a successful `dot` printed on stderr, one warning per message, naming the
    picture ("FILE:LINE:COL: the diagram of flow x: Graphviz: ...")."""
    origin = getattr(source, "origin", None)
    subject = getattr(source, "subject", "") or "the diagram"
    where = f"{origin}: {subject}" if origin is not None else subject
    for line in stderr.decode("utf-8", "replace").splitlines():
        text = re.sub(r"^(dot:\s*|Warning:\s*|Error:\s*)+", "", line.strip())
        if text:
            warnings.warn(RenderWarning(f"{where}: Graphviz: {text}"), stacklevel=3)


_FONTCONFIG_CACHES: Final = ("/var/cache/fontconfig", "~/.cache/fontconfig", "~/.fontconfig")


def font_stamp() -> str:
    """When the fontconfig caches last changed (their modification times): new fonts can change
    Graphviz's layout, so what is cached from a drawing is keyed by this too."""
    stamps = []
    for folder in _FONTCONFIG_CACHES:
        try:
            stamps.append(str(Path(folder).expanduser().stat().st_mtime_ns))
        except (OSError, RuntimeError):
            stamps.append("")
    return ";".join(stamps)


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
