"""The ownership manifest, `.vpcdocs-manifest.json`: which files of the folder vpcdocs wrote, by
sha256. It is committed with the docs, so its bytes are deterministic (sorted, no times, no
machine details).

    {"generator": "vpcdocs", "manifest_version": 1,
     "sha256": {"index.md": "<hex>", ...},
     "pending": {"flows/a.md": "<hex>"},      # only while a run is replacing files
     "fingerprint": "<hex>"}                  # the inputs of the run that wrote the files

`fingerprint` is `vpcdocs.fingerprint.input_fingerprint` of the run that wrote what `sha256`
lists (the same on every machine for the same inputs): a later run with the same fingerprint
over a folder that still holds exactly those files has nothing to do (`vpcdocs.commands.noop`).

`pending` lists the new hash of each file a run is about to replace. The run writes it (with the
current hashes under `sha256`) before renaming any file into place and drops it after, so a run
killed half way leaves every file matching one of the two hashes and the next run carries on.

Reading is strict and every problem is a located diagnostic
(`PATH:LINE:COL: error[MANIFEST_...]: message`): a foreign or damaged manifest is never
guessed at, and never overwritten.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Location, error
from vpcdocs.fs.oserror import reason
from vpcdocs.write.errors import ManifestError, UnsafePathError
from vpcdocs.write.paths import MANIFEST_NAME, validate_relpath

__all__ = ["MAX_MANIFEST_BYTES", "Manifest", "manifest_bytes", "read_manifest"]

_GENERATOR = "vpcdocs"
_VERSION = 1
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_HINT = (
    "vpcdocs writes this file: restore it (e.g. `git checkout -- <file>`), or delete it; "
    "without it vpcdocs keeps the files that match what it generates and reports the others"
)


@dataclass(frozen=True)
class Manifest:
    """A manifest as read: its raw bytes (None: there is none) and its two hash tables."""

    raw: bytes | None
    hashes: Mapping[str, str]
    pending: Mapping[str, str]
    fingerprint: str | None = None

    def owned_hashes(self, path: str) -> frozenset[str]:
        """The hashes `path` may have for vpcdocs to consider it its own."""
        found = {h for h in (self.hashes.get(path), self.pending.get(path)) if h is not None}
        return frozenset(found)

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(self.hashes) | frozenset(self.pending)


EMPTY = Manifest(None, MappingProxyType({}), MappingProxyType({}))


def manifest_bytes(hashes: Mapping[str, str], pending: Mapping[str, str] | None = None,
                   fingerprint: str | None = None) -> bytes:
    """The manifest's exact bytes: sorted keys, 2-space indent, final LF."""
    document: dict[str, Any] = {
        "generator": _GENERATOR,
        "manifest_version": _VERSION,
        "sha256": dict(sorted(hashes.items())),
    }
    if pending:
        document["pending"] = dict(sorted(pending.items()))
    if fingerprint is not None:
        document["fingerprint"] = fingerprint
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def read_manifest(out_dir: Path) -> Manifest:
    """The manifest of `out_dir` (`EMPTY` when there is none). Raises `ManifestError`."""
    path = out_dir / MANIFEST_NAME
    shown = str(path)
    raw = _read(path, shown)
    if raw is None:
        return EMPTY
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw[: exc.start].decode("utf-8", "replace"), None)
        raise _error(DiagnosticCode.MANIFEST_ENCODING, "not a vpcdocs manifest: not UTF-8 text", shown, line,
                     col) from None
    not_ours = "not a vpcdocs manifest"
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise _error(DiagnosticCode.MANIFEST_SYNTAX, f"{not_ours}: invalid JSON ({exc.msg})", shown,
                     exc.lineno, exc.colno) from None
    except _Duplicate as exc:
        line, col = _find(text, json.dumps(exc.key, ensure_ascii=False), nth=2)
        raise _error(DiagnosticCode.MANIFEST_DUPLICATE, f"{not_ours}: the key {exc.key!r} appears twice",
                     shown, line, col) from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise _error(DiagnosticCode.MANIFEST_SYNTAX, f"{not_ours}: invalid JSON ({exc})", shown, 1,
                     1) from None
    except RecursionError:
        line, col = _too_deep(text)
        raise _error(DiagnosticCode.MANIFEST_NESTING, f"{not_ours}: brackets nested too deeply", shown, line,
                     col) from None
    if not isinstance(document, dict) or document.get("generator") != _GENERATOR:
        raise _error(DiagnosticCode.MANIFEST_FOREIGN, 'not a vpcdocs manifest (no "generator": "vpcdocs")',
                     shown, 1, 1)
    if document.get("manifest_version") != _VERSION:
        line, col = _find(text, '"manifest_version"')
        raise _error(DiagnosticCode.MANIFEST_VERSION,
                     f"manifest version {document.get('manifest_version')!r} is not supported "
                     f"(this vpcdocs reads version {_VERSION})", shown, line, col)
    extra = sorted(set(document) - {"generator", "manifest_version", "sha256", "pending",
                                    "fingerprint"})
    if extra:
        line, col = _find(text, json.dumps(extra[0], ensure_ascii=False))
        raise _error(DiagnosticCode.MANIFEST_FORMAT, f"unexpected key {extra[0]!r}", shown, line, col)
    hashes = _table(document, "sha256", text, shown, required=True)
    pending = _table(document, "pending", text, shown, required=False)
    fingerprint = document.get("fingerprint")
    if fingerprint is not None and (not isinstance(fingerprint, str)
                                    or not _SHA256_HEX.fullmatch(fingerprint)):
        line, col = _find(text, '"fingerprint"')
        raise _error(DiagnosticCode.MANIFEST_FORMAT, '"fingerprint" must be a sha256 hash', shown,
                     line, col)
    return Manifest(raw, MappingProxyType(hashes), MappingProxyType(pending), fingerprint)


def _read(path: Path, shown: str) -> bytes | None:
    """The manifest's bytes, at most `MAX_MANIFEST_BYTES`; None when there is none."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _error(DiagnosticCode.MANIFEST_TYPE, "is a symbolic link, not the file vpcdocs wrote",
                         shown, 1, 1) from None
        raise _error(DiagnosticCode.MANIFEST_READ, f"cannot read: {reason(exc)}", shown, 1, 1) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _error(DiagnosticCode.MANIFEST_TYPE, "is not a regular file, not the file vpcdocs wrote",
                         shown, 1, 1)
        if st.st_size > MAX_MANIFEST_BYTES:
            raise _error(DiagnosticCode.MANIFEST_SIZE, f"is {st.st_size:,} bytes; a vpcdocs manifest is "
                         f"never above {MAX_MANIFEST_BYTES:,}", shown, 1, 1)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_MANIFEST_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_MANIFEST_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_MANIFEST_BYTES:
            raise _error(DiagnosticCode.MANIFEST_SIZE, f"is above {MAX_MANIFEST_BYTES:,} bytes", shown, 1, 1)
        return b"".join(chunks)
    except OSError as exc:
        raise _error(DiagnosticCode.MANIFEST_READ, f"cannot read: {reason(exc)}", shown, 1, 1) from None
    finally:
        os.close(fd)


def _table(document: dict[str, Any], key: str, text: str, shown: str, *,
           required: bool) -> dict[str, str]:
    value = document.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        line, col = _find(text, f'"{key}"')
        raise _error(DiagnosticCode.MANIFEST_FORMAT, f'"{key}" must map file paths to sha256 hashes', shown,
                     line, col)
    table: dict[str, str] = {}
    for path, digest in value.items():
        # located only when wrong: finding every entry's line was quadratic in the entries
        if not isinstance(digest, str) or not _SHA256_HEX.fullmatch(digest):
            raise _error(DiagnosticCode.MANIFEST_ENTRY, f"bad sha256 for {path!r}", shown,
                         *_find(text, json.dumps(path, ensure_ascii=False)))
        try:
            validate_relpath(path)
        except UnsafePathError as exc:
            raise _error(DiagnosticCode.MANIFEST_ENTRY, str(exc), shown,
                         *_find(text, json.dumps(path, ensure_ascii=False))) from None
        table[path] = digest
    return table


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _error(code: DiagnosticCode, message: str, shown: str, line: int, col: int) -> ManifestError:
    return ManifestError(error(code, message, Location(shown, line, col), hint=_HINT))


def _position(text: str, index: int | None) -> tuple[int, int]:
    """1-based line and column of `index` in `text` (of its end when None)."""
    at = len(text) if index is None else index
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _find(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """Where the `nth` occurrence of `needle` starts (1:1 when it is not there)."""
    at = -1
    for _ in range(nth):
        at = text.find(needle, at + 1)
        if at < 0:
            return 1, 1
    return _position(text, at)


def _too_deep(text: str, limit: int = 64) -> tuple[int, int]:
    """Where bracket nesting first goes past `limit` (outside strings)."""
    depth = 0
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return _position(text, i)
        elif ch in "]}":
            depth -= 1
    return 1, 1
