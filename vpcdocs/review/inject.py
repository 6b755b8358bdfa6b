"""Putting a generated block between `<!-- BEGIN_VPCDOCS -->` and `<!-- END_VPCDOCS -->`.

As terraform-docs does for a module's README: the user writes the two markers, each on a line of
its own, where the summary belongs; vpcdocs replaces only what stands between them and leaves
every other byte alone (line endings included). Markers inside fenced code blocks are text, not
markers (so a README can show how to use them). A missing, unclosed, misordered or repeated
marker is a diagnostic with its line, never a guess. Pure: text in, text or diagnostics out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error

BEGIN = "<!-- BEGIN_VPCDOCS -->"
END = "<!-- END_VPCDOCS -->"

_BEGIN_RE = re.compile(r"^\s{0,3}<!--\s*BEGIN_VPCDOCS\s*-->\s*$")
_END_RE = re.compile(r"^\s{0,3}<!--\s*END_VPCDOCS\s*-->\s*$")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Injected:
    """The file's new text (None when there are errors) and whether it differs from the old."""

    text: str | None
    diagnostics: tuple[Diagnostic, ...]

    def changed_from(self, old: str) -> bool:
        return self.text is not None and self.text != old


def _newline(text: str) -> str:
    if "\r\n" in text:
        return "\r\n"
    return "\n"


def find_markers(name: str, text: str) -> tuple[int, int] | list[Diagnostic]:
    """The 0-based line numbers of the BEGIN and END markers, or the problems."""
    lines = text.splitlines()
    begins: list[int] = []
    ends: list[int] = []
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE_RE.match(line)
        if m is not None:
            mark = m.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark):]:
                fence = None
            continue
        if fence is not None:
            continue
        if _BEGIN_RE.match(line):
            begins.append(i)
        elif _END_RE.match(line):
            ends.append(i)
    problems: list[Diagnostic] = []
    hint = f"put `{BEGIN}` and `{END}`, each on a line of its own, where the summary goes"
    if not begins and not ends:
        return [error(DiagnosticCode.INJECT_NO_MARKERS, f"no `{BEGIN}` marker in {name}", Location(name),
                      hint=hint)]
    for extra in begins[1:]:
        problems.append(error(DiagnosticCode.INJECT_MARKERS, f"a second `{BEGIN}` marker (the first is on "
                              f"line {begins[0] + 1})", Location(name, extra + 1, 1)))
    for extra in ends[1:]:
        problems.append(error(DiagnosticCode.INJECT_MARKERS, f"a second `{END}` marker (the first is on "
                              f"line {ends[0] + 1})", Location(name, extra + 1, 1)))
    if not begins:
        problems.append(error(DiagnosticCode.INJECT_MARKERS, f"`{END}` without `{BEGIN}` before it",
                              Location(name, ends[0] + 1, 1), hint=hint))
    elif not ends:
        problems.append(error(DiagnosticCode.INJECT_MARKERS, f"`{BEGIN}` is never closed by `{END}`",
                              Location(name, begins[0] + 1, 1), hint=hint))
    elif ends[0] < begins[0]:
        problems.append(error(DiagnosticCode.INJECT_MARKERS, f"`{END}` comes before `{BEGIN}` "
                              f"(line {begins[0] + 1})", Location(name, ends[0] + 1, 1),
                              hint=hint))
    if problems:
        return problems
    return begins[0], ends[0]


def inject_text(name: str, text: str, block: str) -> Injected:
    """`text` with the lines between the markers replaced by `block` (its own newlines are
    converted to the file's). `name` is used in diagnostics."""
    found = find_markers(name, text)
    if isinstance(found, list):
        return Injected(None, tuple(found))
    begin, end = found
    nl = _newline(text)
    lines = text.splitlines(keepends=True)
    body = block.strip("\n").replace("\r\n", "\n").split("\n")
    inner = [line + nl for line in body]
    new = "".join(lines[: begin + 1]) + "".join(inner) + "".join(lines[end:])
    return Injected(new, ())


__all__ = ["BEGIN", "END", "Injected", "find_markers", "inject_text"]
