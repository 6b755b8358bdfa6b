"""Read YAML text into plain Python data plus the line and column of every key and value.

Hand-written topology files are read defensively: NUL bytes, invalid UTF-8, empty files, several
documents, aliases (an alias bomb expands exponentially when walked), over-deep nesting, duplicate
keys, tags and non-scalar keys each become a located diagnostic, never an exception.

The document is built in one pass over ruamel.yaml's event stream (each event carries its line
and column, toolchain-notes.md): reading the events is the expensive part of loading YAML in pure
Python, so it is done once, and building the data ourselves lets every check (aliases first of all)
stop the read at once. Plain scalars are typed with ruamel.yaml's YAML 1.2 resolver and
constructors, as ruamel's own loader would type them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError

from vpcdocs.diagnostics import Diagnostic, Location, error

# Reading YAML in pure Python costs about 4-6 s per MB (benchmarks/loader_bench.py); a
# hand-written topology is tens of KB (the examples: 16 and 25 KB), and the limit keeps the
# worst case (a file at the limit) well under the 2 s a user waits for a diagnostic.
MAX_BYTES = 128 * 1024
# ... and the work per byte varies twentyfold (`[a, a, a, ...]` is a value every 3 bytes, a
# commented topology one every 15-20), so the number of values is bounded too: the examples
# have 800 and 1,600, a topology at the byte limit about 10,000.
MAX_NODES = 20_000
# A topology nests at most 7 levels (vpcs > vpc > route_tables > table > routes > route > key).
MAX_DEPTH = 32

Path = tuple[Any, ...]

# YAML (and ruamel.yaml's marks) count these as line breaks; \r\n is one break.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_STD = "tag:yaml.org,2002:"


def line_count(text: str) -> int:
    """How many lines an editor shows for `text`, counting breaks as YAML does.

    A file that ends with a line break has an empty last line; a diagnostic at the end of the
    file points there.
    """
    return len(LINE_BREAK.findall(text)) + 1


@dataclass
class Positions:
    """Where each path of the document stands: the key of a mapping entry and its value.

    Paths are tuples of mapping keys and list indexes from the document root. `texts` keeps the
    source spelling of plain scalars that were not read as strings (an unquoted account id loses
    its leading zeros, and the message should show what the user wrote).
    """

    file: str
    keys: dict[Path, Location] = field(default_factory=dict)
    values: dict[Path, Location] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    key_texts: dict[Path, str] = field(default_factory=dict)

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
    before = text[:offset]
    breaks = list(LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return Location(file, len(breaks) + 1, offset - start + 1)


# problem text (substring) -> hint; the first match wins
SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("'\\t'", "indent with spaces: YAML does not allow tab characters for indentation"),
    ("mapping values are not allowed", "a value that contains `: ` must be quoted; otherwise "
     "check the indentation of this line and the line above"),
    ("could not find expected ':'", "each line of a mapping is `key: value`; check for a "
     "missing colon or an unclosed quote"),
    ("expected <block end>", "check the indentation: the keys of one mapping must start in the "
     "same column, and a list item cannot follow a key of the same mapping"),
    ("end of stream", "a quote or bracket opened earlier is not closed"),
    ("expected ',' or ']'", "a `[` list is not closed, or an item needs quotes"),
    ("expected ',' or '}'", "a `{` mapping is not closed, or a value needs quotes"),
    ("found undefined tag handle", "tags are not supported; remove the `!...`"),
    ("block sequence entries are not allowed", "a list item (`- `) must start on its own line "
     "under its key"),
)


def _show_tag(tag: str) -> str:
    """`tag:yaml.org,2002:binary` as the user wrote it: `!!binary`."""
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _syntax_error(file: str, exc: MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    where = _loc(file, mark.line, mark.column) if mark is not None else Location(file, 1, 1)
    problem = (exc.problem or "").strip() or "invalid YAML"
    message = problem
    cmark = exc.context_mark
    if exc.context and cmark is not None and exc.problem_mark is not None and (
            cmark.line, cmark.column) != (exc.problem_mark.line, exc.problem_mark.column):
        message += f" ({exc.context}, which starts at line {cmark.line + 1} column {cmark.column + 1})"
    elif exc.context:
        message += f" ({exc.context})"
    hint = next((h for key, h in SYNTAX_HINTS if key in problem), None)
    return error("YAML_SYNTAX", f"YAML syntax error: {message}", where, hint)


def decode(file: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text, or a diagnostic saying why the file is not YAML text."""
    top = Location(file, 1, 1)
    if len(raw) > MAX_BYTES:
        return None, [error(
            "FILE_TOO_LARGE", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes",
            top, hint="a topology describes a network design by hand; split a generated "
                      "inventory by account or Region")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error("ENCODING", "file is UTF-16; a topology file is UTF-8 text", top,
                            hint="save the file as UTF-8")]
    nul = raw.find(b"\x00")
    if nul >= 0:
        prefix = raw[:nul].decode("utf-8", errors="replace")
        return None, [error("BINARY_FILE", "file contains a NUL byte; a topology file is UTF-8 text",
                            _offset_to_loc(file, prefix, len(prefix)))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        return None, [error("ENCODING", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                            _offset_to_loc(file, prefix, len(prefix)), hint="save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


class _Frame:
    """A mapping or list being built; for a mapping, whether a key or a value comes next."""

    __slots__ = ("container", "keep", "key", "path", "seen")

    def __init__(self, container: dict[Any, Any] | list[Any], path: Path, keep: bool) -> None:
        self.container = container
        self.path = path
        self.keep = keep  # False: the contents are read but not kept (a bad key's value)
        self.key: Any = _NEED_KEY
        self.seen: dict[Any, Location] = {}


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NEED_KEY = _Marker("NEED_KEY")  # a mapping expects a key next
_DROP = _Marker("DROP")  # the next value belongs to a rejected key (duplicate or complex)


class _Stop(Exception):
    """Reading stops at once (alias, too deep, second document)."""


class _Composer:
    """Builds plain dicts, lists and scalars from events, recording positions and problems."""

    def __init__(self, file: str, yaml: YAML, pos: Positions) -> None:
        self.file = file
        self.yaml = yaml
        self.pos = pos
        self.diags: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_set = False
        self.documents = 0

    def here(self, ev: Event) -> Location:
        return _loc(self.file, ev.start_mark.line, ev.start_mark.column)

    def run(self, events: Iterator[Event]) -> None:
        nodes = 0
        for ev in events:
            if isinstance(ev, ScalarEvent | CollectionStartEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    self.diags.append(error(
                        "FILE_TOO_LARGE", f"file holds more than {MAX_NODES:,} keys and values; "
                        f"the limit is {MAX_NODES:,}", Location(self.file, 1, 1),
                        hint="a topology describes a network design by hand; split a generated "
                             "inventory by account or Region"))
                    raise _Stop
            if isinstance(ev, ScalarEvent):
                self.scalar(ev)
            elif isinstance(ev, CollectionStartEvent):
                self.start(ev)
            elif isinstance(ev, CollectionEndEvent):
                self.stack.pop()
            elif isinstance(ev, AliasEvent):
                self.diags.append(error(
                    "YAML_ALIAS", f"YAML aliases (*{ev.anchor}) are not supported",
                    self.here(ev), hint="write the value out in full; vpcdocs does not expand "
                                        "aliases (an alias can make a small file huge)"))
                raise _Stop
            elif isinstance(ev, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    self.diags.append(error(
                        "MULTIPLE_DOCUMENTS", "file holds more than one YAML document (`---`); "
                        "write one topology per file", self.here(ev)))
                    raise _Stop

    # --- placing nodes -------------------------------------------------------------------------

    def place(self, value: Any, where: Location, *, empty: bool = False,
              text: str | None = None) -> tuple[Path | None, bool]:
        """Put a finished (or, for collections, started) node into its parent.

        Returns the node's path and whether it is kept (None, False for a key or a dropped value).
        """
        if not self.stack:
            self.root, self.root_set = value, True
            return (), True
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            if frame.keep:
                self.pos.values[path] = where
                if text is not None:
                    self.pos.texts[path] = text
            return path, frame.keep
        if frame.key is _NEED_KEY:
            self.take_key(frame, value, where, text)
            return None, False
        key, frame.key = frame.key, _NEED_KEY
        if key is _DROP or not frame.keep:
            return None, False
        path = (*frame.path, key)
        frame.container[key] = value
        # an empty value's mark is where the next token starts (often the next line): use the key
        self.pos.values[path] = self.pos.keys[path] if empty else where
        if text is not None:
            self.pos.texts[path] = text
        return path, True

    def take_key(self, frame: _Frame, key: Any, where: Location, text: str | None) -> None:
        if isinstance(key, dict | list):
            self.diags.append(error("COMPLEX_KEY", "a key must be a plain name, not a mapping or "
                                    "a list", where))
            frame.key = _DROP
            return
        first = frame.seen.get(key)
        if first is not None:
            self.diags.append(error(
                "DUPLICATE_KEY", f"duplicate key `{key}`: it is already defined at line "
                f"{first.line}", where, hint="a key appears once in a mapping; merge the two "
                                             "entries or rename one"))
            frame.key = _DROP
            return
        frame.seen[key] = where
        frame.key = key
        if frame.keep:
            path = (*frame.path, key)
            self.pos.keys[path] = where
            if text is not None:
                self.pos.key_texts[path] = text

    def start(self, ev: CollectionStartEvent) -> None:
        where = self.here(ev)
        if len(self.stack) >= MAX_DEPTH:
            self.diags.append(error("TOO_DEEP", f"the document nests deeper than {MAX_DEPTH} "
                                    "levels; a topology needs fewer than 10", where))
            raise _Stop
        is_map = isinstance(ev, MappingStartEvent)
        tag = ev.tag
        if tag not in (None, "!", _STD + ("map" if is_map else "seq")):
            self.diags.append(error("YAML_TAG", f"unsupported YAML tag `{_show_tag(str(tag))}`",
                                    where, hint="remove the tag; plain mappings and lists are "
                                                "enough"))
        container: dict[Any, Any] | list[Any] = {} if is_map else []
        path, keep = self.place(container, where)
        if path is None:
            # a collection used as a key, or the value of a rejected key
            path = ()
        self.stack.append(_Frame(container, path, keep))

    def scalar(self, ev: ScalarEvent) -> None:
        where = self.here(ev)
        value, number_text = self.construct(ev, where)
        empty = ev.value == "" and ev.style is None and ev.tag is None
        self.place(value, where, empty=empty, text=number_text)

    def construct(self, ev: ScalarEvent, where: Location) -> tuple[Any, str | None]:
        """The typed value of a scalar, and its source text when it was not read as a string."""
        text: str = ev.value
        tag = ev.tag
        if tag is None or tag == "!":
            if tag == "!" or not ev.implicit[0]:
                return text, None
            try:
                tag = self.yaml.resolver.resolve(ScalarNode, text, ev.implicit)
            except Exception:  # a resolver failure means: keep the text
                return text, None
        tag = str(tag)
        constructor = self.yaml.constructor
        try:
            if tag == _STD + "str":
                return text, None
            if tag == _STD + "null":
                return None, text
            if tag == _STD + "bool":
                if text.lower() not in ("true", "false"):
                    raise ValueError(text)
                return text.lower() == "true", text
            if tag == _STD + "int":
                return int(constructor.construct_yaml_int(ScalarNode(tag, text))), text
            if tag == _STD + "float":
                return float(constructor.construct_yaml_float(ScalarNode(tag, text))), text
            if tag in (_STD + "timestamp", _STD + "merge") and ev.tag is None:
                # dates stay as written (pricing.as_of); `<<` is just an (unknown) key here
                return text, None
        except (ValueError, TypeError, YAMLError, OverflowError):
            if ev.tag is None:
                return text, None  # e.g. an int too long to convert: the schema will say why
            self.diags.append(error("YAML_TAG", f"`{text}` is not a valid value for tag "
                                    f"`{_show_tag(tag)}`", where))
            return text, None
        self.diags.append(error("YAML_TAG", f"unsupported YAML tag `{_show_tag(tag)}`", where,
                                hint="remove the tag; write the value as plain text"))
        return text, None


def read_yaml(file: str, raw: bytes) -> Source:
    """Parse `raw` (the file's bytes); `file` is the name used in diagnostics.

    `data` is None when the document could not be read as a mapping; the diagnostics say why.
    Problems that leave the document readable (duplicate keys, tags) come with data, so that the
    schema and the rules can still report everything else.
    """
    pos = Positions(file)
    top = Location(file, 1, 1)
    pos.values[()] = top
    text, diags = decode(file, raw)
    if text is None:
        return Source(None, pos, diags)
    yaml = YAML(typ="safe", pure=True)
    composer = _Composer(file, yaml, pos)
    try:
        composer.run(yaml.parse(text))
    except _Stop:
        return Source(None, pos, composer.diags)
    except ReaderError as exc:
        ch = exc.character
        what = f"character U+{ch:04X}" if isinstance(ch, int) else f"character {ch!r}"
        return Source(None, pos, [*composer.diags, error(
            "YAML_SYNTAX", f"{what} is not allowed in a YAML file",
            _offset_to_loc(file, text, int(exc.position)),
            hint="remove control characters; a topology file is plain text")])
    except MarkedYAMLError as exc:
        return Source(None, pos, [*composer.diags, _syntax_error(file, exc)])
    except (YAMLError, RecursionError, ValueError, TypeError, IndexError) as exc:
        return Source(None, pos, [*composer.diags, error(
            "YAML_SYNTAX", f"cannot read YAML: {exc}", top)])
    diags = composer.diags
    data = composer.root
    if data is None:
        diags.append(error("EMPTY_FILE", "file is empty; a topology needs at least `vpcdocs: 1` "
                           "and `vpcs`", top, hint="run `vpcdocs init` for a commented starter file"))
        return Source(None, pos, diags)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        diags.append(error("NOT_A_MAPPING",
                           f"the document is {kind}; a topology is a mapping of keys "
                           "(`vpcdocs: 1`, `vpcs: ...`)", top))
        return Source(None, pos, diags)
    return Source(data, pos, diags)
