"""Diagnostics are data: (severity, code, message, location, hint); formatting is separate.

Every stage reports problems as `Diagnostic` values whose code comes from the one registry,
`vpcdocs.codes.DiagnosticCode` (documented in docs/diagnostics.md). The CLI prints them as
`FILE:LINE:COL: error[CODE]: message` (plus an indented `hint:` line), as GitHub workflow
annotations, or as JSON lines (`format_diagnostic`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vpcdocs.codes import DiagnosticCode


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # worth knowing; never fails a run, not even with --strict


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

#: The output formats of diagnostics (`--diagnostics`).
DIAGNOSTIC_FORMATS = ("text", "github", "json")


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
    code: DiagnosticCode
    message: str
    location: Location
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.location.file,
            self.location.line,
            self.location.col,
            _RANK[self.severity],
            self.code,
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity.value,
            "code": self.code.value,
            "message": self.message,
            "hint": self.hint,
        }


class DiagnosticError(Exception):
    """An error whose details are diagnostics (`str()` is their text, one per line)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(format_text(d) for d in self.diagnostics))


def error(code: DiagnosticCode, message: str, location: Location,
          hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, location, hint)


def warning(code: DiagnosticCode, message: str, location: Location,
            hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, location, hint)


def info(code: DiagnosticCode, message: str, location: Location,
         hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.INFO, code, message, location, hint)


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
    text = f"{d.location}: {d.severity.value}[{d.code.value}]: {d.message}"
    if d.hint:
        text += f"\n  hint: {d.hint}"
    return text


def _gh_escape(value: str, *, prop: bool = False) -> str:
    # GitHub workflow-command escaping (actions/toolkit: escapeData / escapeProperty).
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


#: GitHub's annotation commands have no `info`: it is a `notice`.
_GH_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(d: Diagnostic) -> str:
    message = d.message if not d.hint else f"{d.message}\nhint: {d.hint}"
    props = ",".join(
        [
            f"file={_gh_escape(d.location.file, prop=True)}",
            f"line={d.location.line}",
            f"col={d.location.col}",
            f"title={_gh_escape(d.code.value, prop=True)}",
        ]
    )
    return f"::{_GH_COMMAND[d.severity]} {props}::{_gh_escape(message)}"


def format_json(d: Diagnostic) -> str:
    """One JSON object on one line (JSON Lines)."""
    return json.dumps(d.to_json(), ensure_ascii=False)


def format_diagnostic(d: Diagnostic, fmt: str = "text") -> str:
    """`d` in one of `DIAGNOSTIC_FORMATS`."""
    if fmt == "github":
        return format_github(d)
    if fmt == "json":
        return format_json(d)
    return format_text(d)
