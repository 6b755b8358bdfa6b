"""The imported design as a tree the emitter writes: named entries, their keys, their comments.

An `Entry` is one named object of the topology format (a VPC, a subnet, a peering, ...): the keys
to write in order, the comment that says where it came from, and `owned`, the keys the import
decides. A key the import decides but leaves out (because it has the format's default) is removed
from an existing file on re-import; a key the import does not decide (a hand-written `allow_from`
where the source has no security groups, a flow, a description) is kept.

A value that is a `dict` of entries is a collection (merged name by name); any other value (a
scalar, a list) is written as it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Every imported object's comment starts so; on re-import it tells what the import owns.
MARKER = "imported from "


@dataclass
class Entry:
    values: dict[str, Any] = field(default_factory=dict)
    comment: str | None = None
    owned: frozenset[str] = frozenset()
    flow: bool = False  # a small object, written on one line


Collection = dict[str, Entry]


@dataclass
class Summary:
    """What the import did, for stderr (and the file's header)."""

    imported: Counter[str] = field(default_factory=Counter)  # kind -> count
    not_read: Counter[str] = field(default_factory=Counter)  # resource type / key -> count
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    notes: list[str] = field(default_factory=list)
    stubs: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def lines(self) -> list[str]:
        out = []
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.imported.items()) if n)
        out.append(f"imported: {kinds or 'nothing'}")
        if self.skipped:
            out.append("skipped: " + ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items())))
        if self.not_read:
            out.append("not read (no place in the topology format): " + ", ".join(
                f"{k} ({n})" for k, n in sorted(self.not_read.items())))
        out.extend(f"stub: {s}" for s in self.stubs)
        out.extend(f"note: {n}" for n in self.notes)
        return out


@dataclass
class Design:
    root: Entry
    summary: Summary
    flow_suggestions: list[str] = field(default_factory=list)  # `name: {from: .., to: ..}`
    header: list[str] = field(default_factory=list)  # comment lines for a new file
