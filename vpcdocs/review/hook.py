"""What the pre-commit docs hook does, without the command layer (`vpcdocs.commands.hook`):
write (or check) the generated docs through the one writer, under the folder's lock, and refresh
(or check) the summary block of each `inject` file.

Each function returns what happened (lines for the user, warnings, diagnostics) and raises on
what stops the run (`WriteError`); printing and exit codes are the command's business.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpcdocs.analysis.analysis import Analysis
    from vpcdocs.config import Config
    from vpcdocs.diagnostics import Diagnostic

MAX_LISTED = 12  # files listed by name when the docs hook writes; the rest are counted


def relative(path: Path, start: Path) -> Path:
    """`path` relative to `start` when that is shorter to read, else as it is."""
    try:
        return Path(os.path.relpath(path, start))
    except ValueError:  # another drive (Windows)
        return path


@dataclass(frozen=True)
class DocsWritten:
    """What `write_docs` did: a line per file written (or, with `check`, stale), and warnings
    (the folder cannot be locked, a temporary of a killed run cannot be removed)."""

    lines: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def write_docs(out: Path, pages: Mapping[str, bytes], *, check: bool,
               fingerprint: str | None = None) -> DocsWritten:
    """Bring the docs folder `out` up to date with `pages`, under its lock (with `check`: only
    say what is stale). No lines when up to date. Raises `WriteError` (files vpcdocs does not
    own in the way, a damaged manifest, a lock held too long ...). `fingerprint`: the inputs'
    fingerprint recorded in the manifest, as `vpcdocs generate` records it."""
    from vpcdocs.write import MANIFEST_NAME, check_tree, write_tree
    from vpcdocs.write import check as check_plan

    if check:
        the_plan = check_tree(out, dict(pages))
        return DocsWritten(tuple(f"{out}: {line}" for line in check_plan(the_plan)))
    result = write_tree(out, dict(pages), fingerprint=fingerprint)
    lines = [f"{out}/{p}: new" for p in result.new]
    lines += [f"{out}/{p}: changed" for p in result.changed]
    lines += [f"{out}/{p}: removed" for p in result.removed]
    lines += [f"{out}/{p}: removed (a temporary file of a killed run)"
              for p in result.orphans_removed]
    if len(lines) > MAX_LISTED:
        counts = (f"{len(result.new)} new, {len(result.changed)} changed, "
                  f"{len(result.removed)} removed")
        lines = [*lines[:MAX_LISTED], f"{out}: ... {counts} in all"]
    warnings = []
    if not result.locked:
        warnings.append(f"{out}: this filesystem cannot lock the folder; do not run two "
                        "vpcdocs commands on it at once")
    warnings += [f"{out}/{path}: cannot remove this temporary file of a killed vpcdocs run: "
                 f"{why}" for path, why in result.orphans_failed]
    lines += [f"{out}/{p}: no longer generated, but vpcdocs cannot vouch for this copy, so it "
              "is not deleted: delete it yourself (e.g. `git rm`) if it is a stale page, or "
              f"remove its line from {out}/{MANIFEST_NAME} if it is your own file"
              for p in result.kept]
    if not lines and result.manifest_written:
        lines = [f"{out}: manifest updated"]
    return DocsWritten(tuple(lines), tuple(warnings))


@dataclass(frozen=True)
class Injected:
    """What refreshing the `inject` files did: a line per stale (or updated) file, and the
    problems (a file without markers, one that cannot be read or written)."""

    stale: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...] = ()


def inject_summaries(config: Config, analysis: Analysis, *, check: bool) -> Injected:
    """Refresh (or, with `check`, check) the summary block of every `inject` file."""
    from vpcdocs.review.inject_files import refresh

    stale: list[str] = []
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for name in config.inject:
        outcome = refresh(config.path(name), analysis, config.topology_path, config.output_path,
                          check=check)
        problems.extend(outcome.diagnostics)
        warnings.extend(outcome.warnings)
        if outcome.changed:
            verb = "summary out of date" if check else "summary updated"
            stale.append(f"{config.path(name)}: {verb}")
    return Injected(tuple(stale), tuple(problems), tuple(warnings))


__all__ = ["MAX_LISTED", "DocsWritten", "Injected", "inject_summaries", "relative", "write_docs"]
