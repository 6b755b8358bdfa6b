"""What the pre-commit docs hook does, without the command layer (`vpcdocs.commands.hook`):
write (or check) the generated docs through the one writer, and refresh (or check) the summary
block of each `inject` file.

Each function returns what happened (lines for the user, diagnostics) and raises on what stops
the run (`WriteError`); printing and exit codes are the command's business.
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


def write_docs(out: Path, pages: Mapping[str, bytes], *, check: bool) -> list[str]:
    """Bring the docs folder `out` up to date with `pages` (with `check`: only say what is
    stale). Returns a line per file written, or stale; [] when up to date. Raises `WriteError`
    (conflicts with files vpcdocs does not own, a damaged manifest ...)."""
    from vpcdocs.write import apply, plan
    from vpcdocs.write import check as check_plan

    the_plan = plan(out, dict(pages))
    if the_plan.up_to_date:
        return []
    if check:
        return [f"{out}: {line}" for line in check_plan(the_plan)]
    apply(the_plan)
    lines = [f"{out}/{p}: new" for p in the_plan.new]
    lines += [f"{out}/{p}: changed" for p in the_plan.changed]
    lines += [f"{out}/{p}: removed" for p in the_plan.obsolete]
    if len(lines) > MAX_LISTED:
        counts = (f"{len(the_plan.new)} new, {len(the_plan.changed)} changed, "
                  f"{len(the_plan.obsolete)} removed")
        lines = [*lines[:MAX_LISTED], f"{out}: ... {counts} in all"]
    return lines or [f"{out}: manifest updated"]


@dataclass(frozen=True)
class Injected:
    """What refreshing the `inject` files did: a line per stale (or updated) file, and the
    problems (a file without markers, one that cannot be read or written)."""

    stale: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]


def inject_summaries(config: Config, analysis: Analysis, *, check: bool) -> Injected:
    """Refresh (or, with `check`, check) the summary block of every `inject` file."""
    from vpcdocs.review.inject_files import refresh

    stale: list[str] = []
    problems: list[Diagnostic] = []
    for name in config.inject:
        outcome = refresh(config.path(name), analysis, config.topology_path, config.output_path,
                          check=check)
        problems.extend(outcome.diagnostics)
        if outcome.changed:
            verb = "summary out of date" if check else "summary updated"
            stale.append(f"{config.path(name)}: {verb}")
    return Injected(tuple(stale), tuple(problems))


__all__ = ["MAX_LISTED", "Injected", "inject_summaries", "relative", "write_docs"]
