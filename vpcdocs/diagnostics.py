"""Diagnostics are data: (severity, code, message, location, hint); formatting is separate.

Every stage reports problems as `Diagnostic` values. The CLI prints them as
`FILE:LINE:COL: error[CODE]: message` (plus an indented `hint:` line) or as GitHub annotations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; `line` and `col` are 1-based as editors show them."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.location.file,
            self.location.line,
            self.location.col,
            0 if self.is_error else 1,
            self.code,
            self.message,
        )


def error(code: str, message: str, location: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, location, hint)


def warning(code: str, message: str, location: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, location, hint)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by position and drop exact duplicates (two checks may see one problem)."""
    seen: set[Diagnostic] = set()
    unique = []
    for d in diags:
        if d not in seen:
            seen.add(d)
            unique.append(d)
    return sorted(unique, key=Diagnostic.sort_key)


def format_text(d: Diagnostic) -> str:
    text = f"{d.location}: {d.severity.value}[{d.code}]: {d.message}"
    if d.hint:
        text += f"\n  hint: {d.hint}"
    return text


def _gh_escape(value: str, *, prop: bool = False) -> str:
    # GitHub workflow-command escaping (actions/toolkit: escapeData / escapeProperty).
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(d: Diagnostic) -> str:
    message = d.message if not d.hint else f"{d.message}\nhint: {d.hint}"
    props = ",".join(
        [
            f"file={_gh_escape(d.location.file, prop=True)}",
            f"line={d.location.line}",
            f"col={d.location.col}",
            f"title={_gh_escape(d.code, prop=True)}",
        ]
    )
    return f"::{d.severity.value} {props}::{_gh_escape(message)}"
