"""What a long command is doing, shown while it runs: on a terminal only.

`vpcdocs build` on an estate-sized design runs for minutes (drawing a thousand diagrams, MkDocs
rendering a thousand pages); a silent terminal looks hung. Each stage shows a rich status line
with its count ("Drawing 1,205 diagrams and rendering the pages"), replaced by the next stage
and gone when the command ends, so what the command prints is unchanged. Nothing is shown when
stderr is not a terminal (piped, redirected, a test runner) or in CI (`$CI` set), nor with
`TERM=dumb`: logs and the bytes a script reads stay the same.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

__all__ = ["enabled", "stage"]


def enabled(stream: TextIO | None = None) -> bool:
    """Whether progress is shown on `stream` (default stderr)."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def stage(text: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show `text` (a stage and its count) while the block runs, when `enabled`."""
    stream = sys.stderr if stream is None else stream
    if not enabled(stream):
        yield
        return
    from rich.console import Console

    console = Console(file=stream, force_terminal=True, highlight=False)
    with console.status(text, spinner="dots"):
        yield
