"""Portable, deterministic file names for topology names.

Names from the topology end up in file and folder names of the docs and diagrams. This module
(stage 0: it knows nothing of any later stage) maps a name to a name every file system accepts,
so the renderers can name their pages and the writer can check paths with the same rule.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["WINDOWS_RESERVED", "safe_filename", "sha256_hex"]

# Names Windows refuses whatever the extension (CON, con.md, ...).
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_filename(name: str) -> str:
    """Map a topology name to a portable, deterministic file-name stem (no extension added).

    A name that is already lower-case `[a-z0-9._-]`, starts with a letter or digit, does not end
    with `.`, is not a Windows device name and is not `index.md` (the file beside every item
    folder of a section) maps to itself (`web-to-s3` -> `web-to-s3`). Any
    other name is slugged and gets `-` plus 8 hex digits of the sha256 of the original name, so
    that names differing only in case (`Web`, `web`) never share a file on a case-insensitive
    file system, and a name's file never depends on which other names exist.
    """
    if _is_plain_name(name):
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_only)
    slug = re.sub(r"-{2,}", "-", slug).strip("-._")[:48].strip("-._") or "name"
    return f"{slug}-{sha256_hex(name.encode('utf-8'))[:8]}"


# A section folder holds its own `index.md` beside one folder per item, so an item named
# `index.md` would need a folder where that file is.
_SECTION_FILES = frozenset({"index.md"})


def _is_plain_name(name: str) -> bool:
    return (
        re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,63}", name) is not None
        and not name.endswith(".")
        and name.split(".")[0] not in WINDOWS_RESERVED
        and name not in _SECTION_FILES
    )
