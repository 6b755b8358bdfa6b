"""Reading an import source safely: bounded reads, JSON with located errors, JSON pointers.

Terraform states and saved AWS responses can be large (hundreds of MB for a big estate) and come
from anywhere: a read is refused for anything but a regular file (a FIFO or a device would block
or never end) and stops at `MAX_BYTES`. A JSON syntax error is reported at its line:col; a wrong
type found later is reported at the line:col of its JSON pointer, found again in the text only
then (`JsonDoc.locate`), so the common case pays nothing for positions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.importers.problems import ImportFailed, fail, pointer
from vpcdocs.inputs import InputError, read_limited

# 256 MiB: a Terraform state of about 100,000 resources; anything larger is refused rather than
# read into memory (json holds about 5-8 times the file size in objects).
MAX_BYTES = 256 * 1024 * 1024
# Positions are searched in texts up to this size (a pointer search reads the text once).
LOCATE_LIMIT = 64 * 1024 * 1024


def read_bytes(path: Path, name: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` (default `MAX_BYTES`); a located error for
    anything else. Reads through `vpcdocs.inputs.read_limited`, the one bounded reader."""
    limit = MAX_BYTES if limit is None else limit
    try:
        return read_limited(path, limit)
    except InputError as exc:
        hint = ("split the state or snapshot (one file per account or Region)"
                if exc.code is DiagnosticCode.FILE_TOO_LARGE else None)
        raise fail(exc.code, exc.message, name, hint=hint) from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); a located error at the first invalid byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(DiagnosticCode.NOT_UTF8, f"the file is not UTF-8 text (byte {exc.start})", name, line,
                   col) from None
    return text


@dataclass(frozen=True)
class JsonDoc:
    """A parsed JSON file and its text (for locating a pointer when something is wrong)."""

    name: str
    text: str
    data: Any

    def locate(self, path: tuple[object, ...]) -> Location:
        """The line:col of the value at `path`, else of its nearest ancestor found, else 1:1."""
        if len(self.text) > LOCATE_LIMIT:
            return Location(self.name, 1, 1)
        offset = _find(self.text, path)
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Location(self.name, line, col)

    def problem(self, code: DiagnosticCode, message: str, path: tuple[object, ...],
                hint: str | None = None) -> Diagnostic:
        """An error at `path`, its JSON pointer named in the message."""
        where = pointer(path) or "/"
        return error(code, f"{where}: {message}", self.locate(path), hint)

    def fail(self, code: DiagnosticCode, message: str, path: tuple[object, ...],
             hint: str | None = None) -> ImportFailed:
        return ImportFailed([self.problem(code, message, path, hint)])


def parse_json(text: str, name: str) -> Any:
    """`json.loads` with every failure as a located error (syntax, nesting, huge numbers)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = "the file ends in the middle of a JSON value (truncated?)" if exc.pos >= len(
            text.rstrip()) else f"invalid JSON: {exc.msg}"
        raise fail(DiagnosticCode.JSON_SYNTAX, what, name, exc.lineno, exc.colno) from None
    except RecursionError:
        raise fail(DiagnosticCode.JSON_TOO_DEEP, "the JSON nests too deeply to be a plan, state, snapshot or "
                   "template", name) from None
    except ValueError as exc:
        raise fail(DiagnosticCode.JSON_SYNTAX, f"invalid JSON: {exc}", name) from None


def load_json(path: Path, name: str, limit: int | None = None) -> JsonDoc:
    text = decode(read_bytes(path, name, limit), name)
    if not text.strip():
        raise fail(DiagnosticCode.EMPTY_FILE, "the file is empty", name)
    return JsonDoc(name, text, parse_json(text, name))


_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _find(text: str, path: tuple[object, ...]) -> int:
    """Offset of the value at `path` in JSON `text` (the deepest part found)."""
    i = _skip_ws(text, 0)
    for step in path:
        found = _child(text, i, step)
        if found is None:
            return i
        i = found
    return i


def _child(text: str, i: int, step: object) -> int | None:
    """Offset of child `step` of the container starting at `i`; siblings are skipped whole."""
    try:
        if text.startswith("{", i):
            i = _skip_ws(text, i + 1)
            while i < len(text) and text[i] == '"':
                key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                i = _skip_ws(text, i)
                i = _skip_ws(text, i + 1)  # the colon
                if key == step:
                    return i
                _, i = _DECODER.raw_decode(text, i)
                i = _skip_ws(text, i)
                if i < len(text) and text[i] == ",":
                    i = _skip_ws(text, i + 1)
            return None
        if text.startswith("[", i) and isinstance(step, int):
            i = _skip_ws(text, i + 1)
            for _ in range(step):
                _, i = _DECODER.raw_decode(text, i)
                i = _skip_ws(text, i)
                if i < len(text) and text[i] == ",":
                    i = _skip_ws(text, i + 1)
            return i
    except (ValueError, RecursionError):
        return None
    return None
