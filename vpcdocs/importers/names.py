"""Names for imported objects: valid, unique in the one namespace, and the same on every run.

topology-format.md: a name is 1-64 characters from `A-Za-z0-9._-` starting with a letter or digit,
and unique in the whole file. A name comes from the object's `Name` tag, else from its address,
logical id or AWS id; characters outside the set become `-`. A name already taken gets the kind's
suffix (`private` the subnet, `private-rt` the route table), then a number (`private-rt-2`).
Objects are named in a fixed order (kind by kind, each kind sorted by its key), so the same input
gives the same names, and adding an object rarely renames another.
"""

from __future__ import annotations

import re

_BAD = re.compile(r"[^A-Za-z0-9._-]+")
MAX = 64


def clean(raw: str) -> str:
    """`raw` made valid: other characters become `-`, no leading `.`/`-`/`_`, at most 64."""
    text = _BAD.sub("-", raw.strip())
    text = re.sub(r"-{2,}", "-", text)
    text = text.lstrip("._-").rstrip("-")
    return text[:MAX].rstrip("-") if text else ""


def from_address(address: str) -> str:
    """A Terraform address as a name: `module.net.aws_subnet.private["a"]` -> `net.private-a`."""
    parts: list[str] = []
    tokens = re.findall(r'(?:^|\.)([A-Za-z0-9_-]+)((?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?)', address)
    i = 0
    while i < len(tokens):
        word, index = tokens[i]
        key = index[1:-1].strip('"') if index else ""
        if word == "module" and i + 1 < len(tokens):
            name, idx = tokens[i + 1]
            key = idx[1:-1].strip('"') if idx else ""
            parts.append(name + (f"-{key}" if key else ""))
            i += 2
            continue
        if word == "data":
            i += 1
            continue
        if i + 1 < len(tokens) and word.startswith("aws_") and not index:
            name, idx = tokens[i + 1]
            key = idx[1:-1].strip('"') if idx else ""
            parts.append(name + (f"-{key}" if key else ""))
            i += 2
            continue
        parts.append(word + (f"-{key}" if key else ""))
        i += 1
    return clean(".".join(parts)) or clean(address)


class Namer:
    """Hands out unique names; `reserved` names (AWS service names) are never given out."""

    def __init__(self, reserved: set[str] | None = None) -> None:
        self.taken: set[str] = set()
        self.reserved = set(reserved or ())

    def take(self, candidates: list[str | None], suffix: str) -> str:
        """The first candidate that is valid and free; else the first with `-suffix`, then with
        a number."""
        cleaned = [c for c in (clean(x) for x in candidates if x) if c]
        if not cleaned:
            cleaned = [suffix]
        for name in cleaned:
            if self._free(name):
                return self._claim(name)
        base = cleaned[0]
        with_kind = _join(base, suffix)
        if self._free(with_kind):
            return self._claim(with_kind)
        n = 2
        while not self._free(_join(with_kind, str(n))):
            n += 1
        return self._claim(_join(with_kind, str(n)))

    def _free(self, name: str) -> bool:
        return name not in self.taken and name not in self.reserved

    def _claim(self, name: str) -> str:
        self.taken.add(name)
        return name


def _join(base: str, suffix: str) -> str:
    tail = "-" + suffix
    return clean(base[: MAX - len(tail)]) + tail
