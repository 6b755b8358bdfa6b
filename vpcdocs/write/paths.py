"""Output paths the writer accepts: relative, portable on every common filesystem, inside the
output folder, and never one of the names vpcdocs keeps for itself (the manifest, temporaries)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from vpcdocs.filenames import WINDOWS_RESERVED as _WINDOWS_RESERVED
from vpcdocs.fs.temps import MARKER as TEMP_PREFIX
from vpcdocs.write.errors import UnsafePathError

__all__ = ["MANIFEST_NAME", "TEMP_PREFIX", "validate_paths", "validate_relpath"]

MANIFEST_NAME = ".vpcdocs-manifest.json"

_WINDOWS_FORBIDDEN_CHARS = frozenset('<>:"|?*')
# A manifest lists every page (200,000 on an estate) and each path is checked when it is read:
# one regular-expression search, not a Python loop over the characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORBIDDEN = re.compile("[" + re.escape("".join(sorted(_WINDOWS_FORBIDDEN_CHARS))) + "]")


def validate_relpath(path: str) -> str:
    """Return `path` if it is a safe, portable relative POSIX path; raise `UnsafePathError`.

    Refused: empty paths, absolute paths, backslashes, `.`/`..`/empty components, characters
    Windows forbids or control characters, components ending in a dot or space, Windows device
    names, text not in Unicode NFC form, and names vpcdocs reserves for itself (the manifest and
    its temporary files).
    """
    if not isinstance(path, str) or not path:
        raise UnsafePathError(f"invalid output path {path!r}: empty")
    problem = _path_problem(path)
    if problem:
        raise UnsafePathError(f"invalid output path {path!r}: {problem}")
    return path


def _path_problem(path: str) -> str | None:
    if "\\" in path:
        return "backslashes are not allowed; use '/'"
    if path.startswith("/"):
        return "absolute paths are not allowed"
    if _CONTROL.search(path):
        return "control characters are not allowed"
    if _FORBIDDEN.search(path):
        bad = sorted(set(path) & _WINDOWS_FORBIDDEN_CHARS)
        return f"character {bad[0]!r} is not portable"
    if not path.isascii() and not unicodedata.is_normalized("NFC", path):
        return "not in Unicode NFC form"
    parts = path.split("/")
    for part in parts:
        problem = _component_problem(part)
        if problem:
            return problem
    if parts[0] == MANIFEST_NAME:
        return f"{MANIFEST_NAME!r} is reserved for vpcdocs"
    return None


# Folder and file names repeat from path to path (`flows`, `index.md`, `diagram.svg`): each is
# checked once.
@functools.lru_cache(maxsize=1 << 14)
def _component_problem(part: str) -> str | None:
    if part in ("", ".", ".."):
        return f"component {part!r} is not allowed"
    if part.endswith((".", " ")):
        return f"component {part!r} ends with a dot or space"
    if part.split(".")[0].lower() in _WINDOWS_RESERVED:
        return f"component {part!r} is a reserved device name on Windows"
    if part.startswith(TEMP_PREFIX):
        return f"names starting with {TEMP_PREFIX!r} are reserved for vpcdocs"
    return None


def validate_paths(paths: Iterable[str]) -> None:
    """Raise `UnsafePathError` unless every path is valid, no two differ only in case and no
    path is a folder of another."""
    by_fold: dict[str, str] = {}
    ordered = sorted(paths)
    for path in ordered:
        validate_relpath(path)
        folded = path.casefold()
        if folded in by_fold:
            raise UnsafePathError(
                f"output paths {by_fold[folded]!r} and {path!r} differ only in case"
            )
        by_fold[folded] = path
    as_set = set(ordered)
    for path in ordered:
        parts = path.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent in as_set:
                raise UnsafePathError(
                    f"output path {parent!r} is a file but {path!r} needs it to be a folder"
                )
