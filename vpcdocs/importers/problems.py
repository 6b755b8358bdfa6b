"""How an importer reports bad input: located diagnostics, collected, then raised together.

An importer never lets a traceback reach the user. Malformed input (truncated JSON, a wrong type,
a file too large, a cycle in a CloudFormation condition) becomes a `Diagnostic` located at the
file and line:col (or, for JSON, the JSON pointer in the message); `ImportFailed` carries every
one of them to the command, which prints them and exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error, sort_diagnostics


class ImportFailed(Exception):
    """The input cannot be imported; `diagnostics` says where and why (all problems found)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sort_diagnostics(diagnostics))
        super().__init__("\n".join(d.message for d in self.diagnostics))


def fail(code: DiagnosticCode, message: str, file: str, line: int = 1, col: int = 1,
         hint: str | None = None) -> ImportFailed:
    """One located error, ready to raise."""
    return ImportFailed([error(code, message, Location(file, line, col), hint)])


def pointer(path: Iterable[object]) -> str:
    """A JSON pointer (RFC 6901) for a path of keys and indexes: ('a', 0, 'b/c') -> /a/0/b~1c."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
