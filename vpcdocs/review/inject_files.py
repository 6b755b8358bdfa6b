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
from vpcdocs.diagnostics import Diagnostic, Location, error, warning
from vpcdocs.inputs import InputError, read_limited
from vpcdocs.review.inject import inject_text
from vpcdocs.review.summary import Links, summary_markdown

#: The largest file `inject` reads: a README or docs page is tens of KB; 16 MiB leaves room for a
#: generated one and keeps a mistaken path (a log, an image) from being read whole.
MAX_BYTES = 16 * 1024 * 1024

OVERVIEW_PAGE = "index.md"
OVERVIEW_SVG = "diagram.svg"
PRICING_PAGE = "pricing.md"


@dataclass(frozen=True)
class Outcome:
    path: str  # as given
    changed: bool  # written, or (check) would be
    diagnostics: tuple[Diagnostic, ...] = ()  # errors: nothing was written
    warnings: tuple[Diagnostic, ...] = ()  # e.g. a docs page to link to does not exist


def _rel(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def links_for(file: Path, docs: Path | None) -> Links:
    """Links from `file` to the docs home page, the overview SVG and the pricing page, each
    only when it exists (a link to a page that was never generated would be dead)."""
    if docs is None:
        return Links()
    folder = file.parent

    def link(name: str) -> str | None:
        return _rel(docs / name, folder) if (docs / name).is_file() else None

    return Links(link(OVERVIEW_PAGE), link(OVERVIEW_SVG), link(PRICING_PAGE))


def missing_docs(file: str, docs: Path | None, links: Links) -> tuple[Diagnostic, ...]:
    """A warning when the docs folder is set but its home page does not exist."""
    if docs is None or links.docs_home is not None:
        return ()
    return (warning(DiagnosticCode.INJECT_DOCS_MISSING,
                    f"{docs / OVERVIEW_PAGE} does not exist, so the summary does not link to the "
                    "docs", Location(file),
                    hint=f"generate the docs first: vpcdocs generate TOPOLOGY -o {docs}"),)


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
    links = links_for(file, docs)
    warnings = missing_docs(shown, docs, links)
    block = summary_markdown(side, source=_rel(topology, file.parent), links=links)
    result = inject_text(shown, old, block)
    if result.text is None:
        return Outcome(shown, False, result.diagnostics, warnings)
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
    return Outcome(shown, changed, (), warnings)


__all__ = ["OVERVIEW_PAGE", "OVERVIEW_SVG", "PRICING_PAGE", "Outcome", "links_for",
           "missing_docs", "refresh", "unreadable"]
