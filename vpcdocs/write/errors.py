"""The writer's exceptions; `str()` of each is the message for the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vpcdocs.diagnostics import Diagnostic, format_text


class WriteError(Exception):
    """Something the writer refuses or fails to do; `str()` is the message for the user."""


class UnsafePathError(WriteError, ValueError):
    """A relative output path that is not portable or would leave the output folder."""


class ManifestError(WriteError):
    """The manifest in the output folder is not one vpcdocs wrote, or is damaged."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(format_text(diagnostic))


class FileSystemError(WriteError):
    """The filesystem failed (read-only, full, a file where a folder should be...)."""


@dataclass(frozen=True, order=True)
class Conflict:
    """A file vpcdocs would have to overwrite or delete but does not own."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class ConflictError(WriteError):
    """Raised by `apply` when the plan has conflicts; nothing was written."""

    def __init__(self, out_dir: Path, conflicts: Iterable[Conflict]) -> None:
        self.out_dir = out_dir
        self.conflicts = tuple(sorted(conflicts))
        lines = [f"{out_dir / c.path}: {c.reason}" for c in self.conflicts]
        super().__init__(
            "refusing to write: vpcdocs does not own these files (nothing was changed):\n  "
            + "\n  ".join(lines)
        )
