"""Refreshing the summary block in files on disk: shared by `vpcdocs inject` and the docs hook.

Reads each file, builds its summary (links relative to that file's folder, so the same bytes
come out wherever the repository is checked out), replaces the marked block and writes the file
atomically only when its bytes change; a file that is a symbolic link has its target updated,
the link stays. Only a regular file of a sensible size is read (a FIFO or device would block or
never end). `check=True` writes nothing and reports what is stale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.inputs import InputError, read_limited
from vpcdocs.review.inject import inject_text
from vpcdocs.review.summary import Links, summary_markdown

#: The largest file `inject` reads: a README or docs page is tens of KB; 16 MiB leaves room for a
#: generated one and keeps a mistaken path (a log, an image) from being read whole.
MAX_BYTES = 16 * 1024 * 1024

OVERVIEW_PAGE = "index.md"
OVERVIEW_SVG = "diagram.svg"


@dataclass(frozen=True)
class Outcome:
    path: str  # as given
    changed: bool  # written, or (check) would be
    diagnostics: tuple[Diagnostic, ...] = ()


def _rel(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def links_for(file: Path, docs: Path | None) -> Links:
    """Links from `file` to the docs home and, when it has been generated, the overview SVG."""
    if docs is None:
        return Links()
    folder = file.parent
    home = _rel(docs / OVERVIEW_PAGE, folder)
    svg = docs / OVERVIEW_SVG
    return Links(home, _rel(svg, folder) if svg.is_file() else None)


def unreadable(files: tuple[Path, ...]) -> tuple[Diagnostic, ...]:
    """Why each of `files` cannot be read (missing, a folder, a FIFO, too large), named as
    given: checked before the topology is loaded, so a mistyped file name is blamed on that
    file, not on a topology the run then did not need."""
    found = []
    for file in files:
        try:
            read_limited(file, MAX_BYTES)
        except InputError as exc:
            found.append(exc.diagnostic(str(file)))
    return tuple(found)


def refresh(file: Path, side: Analysis, topology: Path, docs: Path | None, *,
            check: bool = False) -> Outcome:
    """Put `side`'s summary between the markers of `file`."""
    shown = str(file)
    try:
        raw = read_limited(file, MAX_BYTES)
    except InputError as exc:
        return Outcome(shown, False, (exc.diagnostic(shown),))
    try:
        old = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Outcome(shown, False, (error(DiagnosticCode.INJECT_ENCODING, "the file is not UTF-8 text",
                                            Location(shown)),))
    block = summary_markdown(side, source=_rel(topology, file.parent),
                             links=links_for(file, docs))
    result = inject_text(shown, old, block)
    if result.text is None:
        return Outcome(shown, False, result.diagnostics)
    changed = result.changed_from(old)
    if changed and not check:
        from vpcdocs.fs import temps
        from vpcdocs.fs.oserror import describe
        from vpcdocs.write import WriteError, atomic_write, write_target

        try:
            temps.remove_orphans(write_target(file).parent)
            atomic_write(file, result.text.encode("utf-8"))
        except WriteError as exc:
            message = str(exc).removeprefix(f"{file}: ")
            return Outcome(shown, False, (error(DiagnosticCode.CANNOT_WRITE, message,
                                                Location(shown)),))
        except OSError as exc:
            message = describe(file, "write file", exc).removeprefix(f"{file}: ")
            return Outcome(shown, False, (error(DiagnosticCode.CANNOT_WRITE, message,
                                                Location(shown)),))
    return Outcome(shown, changed)


__all__ = ["OVERVIEW_PAGE", "OVERVIEW_SVG", "Outcome", "links_for", "refresh", "unreadable"]
