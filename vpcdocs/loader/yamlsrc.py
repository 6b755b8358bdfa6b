"""Read YAML text into plain Python data plus the line and column of every key and value.

Hand-written topology files are read defensively: NUL bytes, invalid UTF-8, empty files, several
documents, aliases (an alias bomb expands exponentially when walked), over-deep nesting, duplicate
keys, tags and non-scalar keys each become a located diagnostic, never an exception. The event
stream is checked first (cheap, and it finds every duplicate key at once); only then is the document
composed with ruamel.yaml's round-trip loader, which keeps positions (toolchain-notes.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from vpcdocs.diagnostics import Diagnostic, Location, error

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40

Path = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each path of the document stands: the key of a mapping entry and its value."""

    file: str
    keys: dict[Path, Location] = field(default_factory=dict)
    values: dict[Path, Location] = field(default_factory=dict)

    def key(self, path: Path) -> Location:
        """The place of the entry `path`: its key, or for a list item the item; else the nearest parent."""
        for n in range(len(path), -1, -1):
            sub = path[:n]
            if sub in self.keys:
                return self.keys[sub]
            if sub in self.values:
                return self.values[sub]
        return Location(self.file, 1, 1)

    def value(self, path: Path) -> Location:
        if path in self.values:
            return self.values[path]
        return self.key(path)


@dataclass
class Source:
    data: Any
    positions: Positions
    diagnostics: list[Diagnostic]


def _loc(file: str, line0: int, col0: int) -> Location:
    return Location(file, line0 + 1, col0 + 1)


def _offset_to_loc(file: str, text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1)
    return Location(file, line + 1, col + 1)


def _mark_loc(file: str, exc: MarkedYAMLError) -> Location:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Location(file, 1, 1)
    return _loc(file, mark.line, mark.column)


def _yaml_message(exc: MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) if parts else "invalid YAML"


def decode(file: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text, or a diagnostic saying why the file is not YAML text."""
    if len(raw) > MAX_BYTES:
        return None, [
            error("FILE_TOO_LARGE", f"file is {len(raw)} bytes; the limit is {MAX_BYTES}",
                  Location(file, 1, 1))
        ]
    nul = raw.find(b"\x00")
    if nul >= 0:
        prefix = raw[:nul].decode("utf-8", errors="replace")
        return None, [
            error("BINARY_FILE", "file contains a NUL byte; a topology file is UTF-8 text",
                  _offset_to_loc(file, prefix, len(prefix)))
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        return None, [
            error("ENCODING", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                  _offset_to_loc(file, prefix, len(prefix)), hint="save the file as UTF-8")
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [
            error("EMPTY_FILE", "file is empty; a topology needs at least `vpcdocs: 1` and `vpcs`",
                  Location(file, 1, 1), hint="run `vpcdocs init` for a starter file")
        ]
    return text, []


def _scan_events(file: str, events: Iterator[Event]) -> list[Diagnostic]:
    """Check the event stream: aliases, depth, several documents, duplicate and complex keys."""
    diags: list[Diagnostic] = []
    # Each frame: [is_mapping, expecting_key, seen_keys{key: Location}]
    stack: list[list[Any]] = []
    documents = 0
    for ev in events:
        if isinstance(ev, DocumentStartEvent):
            documents += 1
            if documents == 2:
                diags.append(error("MULTIPLE_DOCUMENTS",
                                   "file holds more than one YAML document; write one topology per file",
                                   _loc(file, ev.start_mark.line, ev.start_mark.column)))
                return diags
            continue
        if isinstance(ev, AliasEvent):
            diags.append(error("YAML_ALIAS", f"YAML aliases (*{ev.anchor}) are not supported",
                               _loc(file, ev.start_mark.line, ev.start_mark.column),
                               hint="write the value out in full"))
            return diags  # stop at once: an alias bomb must fail fast
        if not isinstance(ev, NodeEvent | CollectionEndEvent):
            continue
        if isinstance(ev, CollectionEndEvent):
            if stack:
                stack.pop()
            _after_node(stack)
            continue
        frame = stack[-1] if stack else None
        is_key = frame is not None and frame[0] and frame[1]
        here = _loc(file, ev.start_mark.line, ev.start_mark.column)
        if isinstance(ev, ScalarEvent):
            if is_key and frame is not None:
                key = ev.value
                first = frame[2].get(key)
                if first is not None:
                    diags.append(error("DUPLICATE_KEY",
                                       f"duplicate key `{key}` (first defined at line {first.line})",
                                       here))
                else:
                    frame[2][key] = here
            _after_node(stack)
            continue
        # a collection starts
        if is_key:
            diags.append(error("COMPLEX_KEY", "a key must be a plain name, not a mapping or list", here))
        if len(stack) >= MAX_DEPTH:
            diags.append(error("TOO_DEEP", f"nesting deeper than {MAX_DEPTH} levels", here))
            return diags
        stack.append([isinstance(ev, MappingStartEvent), True, {}])
        assert isinstance(ev, MappingStartEvent | SequenceStartEvent)
    return diags


def _after_node(stack: list[list[Any]]) -> None:
    """A whole node ended: in a mapping, flip between expecting a key and a value."""
    if stack and stack[-1][0]:
        stack[-1][1] = not stack[-1][1]


def _plain(file: str, node: Any, path: Path, pos: Positions, diags: list[Diagnostic]) -> Any:
    """Convert ruamel round-trip objects to plain data, recording positions."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            if not isinstance(key, str | int | float | bool) and key is not None:
                continue  # reported as COMPLEX_KEY by _scan_events
            kline, kcol = node.lc.key(key)
            vline, vcol = node.lc.value(key)
            if isinstance(key, ScalarBoolean):
                key = bool(key)
            elif isinstance(key, str):
                key = str(key)
            child = (*path, key)
            pos.keys[child] = _loc(file, kline, kcol)
            pos.values[child] = _loc(file, vline, vcol)
            out[key] = _plain(file, value, child, pos, diags)
        _check_tag(file, node, path, pos, diags)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            child = (*path, i)
            pos.values[child] = _loc(file, line, col)
            items.append(_plain(file, item, child, pos, diags))
        _check_tag(file, node, path, pos, diags)
        return items
    if isinstance(node, ScalarBoolean):
        return bool(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, datetime.datetime):
        return node.isoformat()
    if isinstance(node, datetime.date):
        return node.isoformat()
    tag = getattr(getattr(node, "tag", None), "value", None) or type(node).__name__
    diags.append(error("YAML_TAG", f"unsupported YAML tag or value `{tag}`", pos.value(path)))
    return None


def _check_tag(file: str, node: Any, path: Path, pos: Positions, diags: list[Diagnostic]) -> None:
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and not tag.startswith("tag:yaml.org,2002:"):
        diags.append(error("YAML_TAG", f"unsupported YAML tag `{tag}`", pos.value(path)))


def read_yaml(file: str, raw: bytes) -> Source:
    """Parse `raw` (the file's bytes); `file` is the name used in diagnostics."""
    pos = Positions(file)
    pos.values[()] = Location(file, 1, 1)
    text, diags = decode(file, raw)
    if text is None:
        return Source(None, pos, diags)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True  # duplicates are found (all of them) by _scan_events
    try:
        diags = _scan_events(file, yaml.parse(text))
    except ReaderError as exc:
        return Source(None, pos, [error(
            "YAML_SYNTAX", f"character U+{exc.character:04X} is not allowed in YAML"
            if isinstance(exc.character, int) else f"invalid character: {exc.reason}",
            _offset_to_loc(file, text, int(exc.position)))])
    except MarkedYAMLError as exc:
        return Source(None, pos, [error("YAML_SYNTAX", _yaml_message(exc), _mark_loc(file, exc))])
    except (YAMLError, RecursionError, ValueError) as exc:
        return Source(None, pos, [error("YAML_SYNTAX", f"cannot read YAML: {exc}",
                                        Location(file, 1, 1))])
    if any(d.code in {"YAML_ALIAS", "TOO_DEEP", "MULTIPLE_DOCUMENTS"} for d in diags):
        return Source(None, pos, diags)
    try:
        doc = YAML(typ="rt", pure=True).load(text) if not diags else _load_lenient(text)
    except MarkedYAMLError as exc:
        return Source(None, pos, [*diags, error("YAML_SYNTAX", _yaml_message(exc),
                                                _mark_loc(file, exc))])
    except (YAMLError, RecursionError, ValueError, TypeError) as exc:
        return Source(None, pos, [*diags, error("YAML_SYNTAX", f"cannot read YAML: {exc}",
                                                Location(file, 1, 1))])
    data = _plain(file, doc, (), pos, diags)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        diags.append(error("NOT_A_MAPPING",
                           f"the document is {kind}; a topology is a mapping of keys "
                           "(`vpcdocs: 1`, `vpcs: ...`)", Location(file, 1, 1)))
        return Source(None, pos, diags)
    return Source(data, pos, diags)


def _load_lenient(text: str) -> Any:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True
    return yaml.load(text)
