"""Read YAML text into plain Python data plus the line and column of every key and value.

Hand-written topology files are read defensively: NUL bytes, invalid UTF-8, control characters,
empty files, several documents, aliases (an alias bomb expands exponentially when walked),
over-deep nesting, duplicate keys, tags and non-scalar keys each become a located diagnostic,
never an exception.

The document is built in one pass over the YAML parse events (each event carries its line and
column, toolchain-notes.md), so that every check (aliases first of all) can stop the read at once.
Plain scalars are typed with ruamel.yaml's YAML 1.2 resolver and constructors, as ruamel's own
loader would type them, whichever parser read them.

The events come from libyaml (ruamel.yaml.clib's CParser, a dependency) when it is installed,
else from ruamel.yaml's pure-Python parser, which is about 13 times slower. The results are the
pure-Python parser's (tests/test_loader_parsers.py compares them), except for the wording of a
syntax error in a large file and the few texts only libyaml accepts (both below):
* libyaml reports a plain scalar's style as '' (not None), places the marks of an empty value at
  the end of a file past its last line (clamped here), and counts the position of a control
  character in bytes (those are found here before parsing);
* clib bundles libyaml 0.1.7, which refuses `x:y` inside `[...]` and `{...}` (ARNs, URLs);
  such a text is read again with those colons stood in for by a private-use character;
* where libyaml still refuses a text, the pure-Python parser reads it again if it can answer in
  time (PURE_BYTES, PURE_NODES), so small files get its verdict and wording; a larger one gets
  libyaml's error, with the same hints.
libyaml accepts a few things the pure-Python parser refuses (a tab after `key:`, NEL as a line
break); those files load.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.inputs import too_large_message

try:
    # libyaml through ruamel.yaml.clib (a declared dependency): 0.3 s per MB of events
    from _ruamel_yaml import CParser  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - the fallback is tested by setting CParser to None
    CParser = None

# How large a topology may be: a setting (`--max-input-size`, `max_input_size` in .vpcdocs.yml),
# this by default. libyaml reads the events of a topology at 0.15-0.3 s per MB and building the
# data, the schema and the rules take several times that (benchmarks/RESULTS.md), so the bound
# is what keeps any input's cost in proportion to its size. A hand-written topology is tens of KB
# (the examples: 16 and 25 KB); an imported estate of 1,000 VPCs and 100,000 flows about 12 MB
# (benchmarks/topologies.py, size L): the default admits it with room to spare.
MAX_BYTES = 32 * 1024 * 1024
# ... and the work per byte varies with how dense the values are (`[a, a, a, ...]` is a value
# every 3 bytes, a commented topology one every 15-20, the generated L one every 10), so the
# number of values is bounded in proportion to the file's size (`max_values`): a file is read
# no further than the values a topology of its size could hold.
MIN_NODES = 20_000
BYTES_PER_NODE = 4
MAX_NODES = MIN_NODES + MAX_BYTES // BYTES_PER_NODE  # at the default size limit


def max_values(size: int) -> int:
    """The most keys and values a file of `size` bytes may hold."""
    return MIN_NODES + size // BYTES_PER_NODE


# Where libyaml rejects a text, the pure-Python parser reads it again (see read_yaml) if it can
# answer as quickly: the old limits, which it reads in under 1 s of CPU.
PURE_BYTES = 128 * 1024
PURE_NODES = 20_000
TOO_LARGE_HINT = ("split a generated inventory by account or Region, or raise the limit: "
                  "`vpcdocs --max-input-size 64MiB ...` or `max_input_size` in .vpcdocs.yml")
# A topology nests at most 7 levels (vpcs > vpc > route_tables > table > routes > route > key).
MAX_DEPTH = 32

Path = tuple[Any, ...]

# YAML (and both parsers' marks) count these as line breaks; \r\n is one break.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Characters a YAML file may not contain (outside YAML's c-printable set), as both ruamel.yaml's
# reader and libyaml's define them. Found before parsing, so both parsers report them alike.
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                           "\U00010000-\U0010FFFF]")

_STD = "tag:yaml.org,2002:"


def one_line(text: str) -> str:
    """User text shown in a one-line message: line breaks written as escapes (`a\\n`)."""
    return LINE_BREAK.sub(lambda m: repr(m.group())[1:-1], text)


_BREAKS = frozenset("\r\n\x85\u2028\u2029")


def single_line(d: Diagnostic) -> Diagnostic:
    """`d` with any line break in its message or hint (from a key or value) escaped."""
    if _BREAKS.isdisjoint(d.message) and (d.hint is None or _BREAKS.isdisjoint(d.hint)):
        return d
    message, hint = one_line(d.message), one_line(d.hint) if d.hint is not None else None
    if (message, hint) == (d.message, d.hint):
        return d
    return dataclasses.replace(d, message=message, hint=hint)


def line_count(text: str) -> int:
    """How many lines an editor shows for `text`, counting breaks as YAML does.

    A file that ends with a line break has an empty last line; a diagnostic at the end of the
    file points there.
    """
    # counted per character (LINE_BREAK.findall makes a string per line: slow on a large file)
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + sum(text.count(c) for c in "\x85\u2028\u2029") + 1


# A place in the text as one int: the 0-based line above the 0-based column. A large file has a
# million keys and values; one small int each (rather than a Location, a path's worth of objects
# the garbage collector walks again and again while the document grows) keeps reading it linear
# and light. Locations are made when a place is asked for (`Positions.key`, `Positions.value`).
COL_BITS = 40
_COL_MASK = (1 << COL_BITS) - 1


def pack(line0: int, col0: int) -> int:
    """The packed place of a 0-based line and column (see COL_BITS)."""
    return line0 << COL_BITS | col0


class _Node:
    """The places inside one kept mapping or list, and its own place as a value (`at`).

    A mapping's `keys` holds each key's place and `vals` each value's place, or the `_Node` of
    a mapping or list value; a list's `vals` holds its items' places (or nodes) in order and
    `keys` is None. Recording a place is one insertion into the container's own small table:
    no path tuple is built and no document-wide table grows (a large file has a million keys
    and values).
    """

    __slots__ = ("at", "keys", "vals")

    def __init__(self, at: int, is_list: bool) -> None:
        self.at = at
        self.keys: dict[Any, int] | None = None if is_list else {}
        self.vals: dict[Any, int | _Node] | list[int | _Node] = [] if is_list else {}


_UNSEEN: Any = object()  # a path `Positions.nodes` has not seen yet


def _entry(node: _Node, part: Any) -> tuple[int | None, int | _Node | None]:
    """The key place and the value place (or node) of `part` in `node`; None where it has none."""
    vals = node.vals
    if node.keys is None:
        assert isinstance(vals, list)
        # a list's entries are its indexes (True == 1 as in a path tuple's comparison)
        if isinstance(part, int) and 0 <= part < len(vals):
            return None, vals[part]
        return None, None
    assert isinstance(vals, dict)
    return node.keys.get(part), vals.get(part)


@dataclass
class Positions:
    """Where each path of the document stands: the key of a mapping entry and its value.

    Paths are tuples of mapping keys and list indexes from the document root; places are packed
    ints (`pack`), read with `key` and `value`, and kept in a tree of `_Node`s that follows the
    document (`root`; the document itself is always at line 1, column 1). `texts` keeps the
    source spelling of plain scalars that were not read as strings (an unquoted account id
    loses its leading zeros, and the message should show what the user wrote).
    """

    file: str
    root: _Node | None = None
    texts: dict[Path, str] = field(default_factory=dict)
    key_texts: dict[Path, str] = field(default_factory=dict)
    # Locations made so far, by packed place: the rules and the model ask for the same places
    # several times (a name where it is defined, referred to and built)
    made: dict[int, Location] = field(default_factory=dict, repr=False, compare=False)
    # the node at each path asked for so far (None: no kept mapping or list there); the rules
    # and the model ask for many entries of the same few mappings
    nodes: dict[Path, _Node | None] = field(default_factory=dict, repr=False, compare=False)

    def location(self, place: int) -> Location:
        """The Location of a packed place."""
        made = self.made.get(place)
        if made is None:
            made = self.made[place] = Location(self.file, (place >> COL_BITS) + 1,
                                               (place & _COL_MASK) + 1)
        return made

    def node(self, path: Path) -> _Node | None:
        """The places inside the mapping or list at `path`, if it has any."""
        try:
            return self.nodes[path]
        except KeyError:
            pass
        node = self.root
        for part in path:
            if node is None:
                break
            val = _entry(node, part)[1]
            node = val if isinstance(val, _Node) else None
        self.nodes[path] = node
        return node

    def key(self, path: Path) -> Location:
        """The place of the entry `path`: its key, or for a list item the item; else the nearest parent."""
        if path:  # most often: a mapping's key (inline: the model asks for 100,000s)
            parent = path[:-1]
            node = self.nodes.get(parent, _UNSEEN)
            if node is _UNSEEN:
                node = self.node(parent)
            if node is not None:
                keys = node.keys
                place = keys.get(path[-1]) if keys is not None else None
                if place is not None:
                    made = self.made.get(place)
                    return made if made is not None else self.location(place)
        return self.location(self.key_place(path))

    def key_place(self, path: Path) -> int:
        """`key(path)`, packed (see COL_BITS)."""
        if path:
            node = self.node(path[:-1])
            if node is not None:
                key, val = _entry(node, path[-1])
                place = key if key is not None else val.at if isinstance(val, _Node) else val
                if place is not None:
                    return place
        # the key place, else the value place, of the longest prefix of `path` that has one
        best = 0  # the document's own place: ()
        node = self.root
        for part in path:
            if node is None:
                break
            key, val = _entry(node, part)
            if key is None and val is None:
                break
            if isinstance(val, _Node):
                node, val = val, val.at
            else:
                node = None
            best = key if key is not None else val  # type: ignore[assignment]
        return best

    def value(self, path: Path) -> Location:
        return self.location(self.value_place(path))

    def value_place(self, path: Path) -> int:
        """`value(path)`, packed (see COL_BITS)."""
        place = self._value(path)
        return place if place is not None else self.key_place(path)

    def _value(self, path: Path) -> int | None:
        if not path:
            return 0
        node = self.node(path[:-1])
        if node is None:
            return None
        val = _entry(node, path[-1])[1]
        return val.at if isinstance(val, _Node) else val

    # The places as tables by path (for tests and debugging; the loader never builds them)

    @property
    def keys(self) -> dict[Path, int]:
        """Every recorded key place, by path."""
        return {path: key for path, key, _ in self._walk() if key is not None}

    @property
    def values(self) -> dict[Path, int]:
        """Every recorded value place, by path (the document's own, (), included)."""
        return {(): 0, **{path: val for path, _, val in self._walk() if val is not None}}

    def _walk(self) -> Iterator[tuple[Path, int | None, int | None]]:
        todo: list[tuple[Path, _Node]] = [((), self.root)] if self.root is not None else []
        while todo:
            path, node = todo.pop()
            vals = node.vals
            if isinstance(vals, list):
                entries: list[tuple[Any, int | None, int | _Node | None]] = [
                    (i, None, val) for i, val in enumerate(vals)]
            else:
                assert node.keys is not None
                entries = [(part, key, vals.get(part)) for part, key in node.keys.items()]
            for part, key, val in entries:
                sub = (*path, part)
                if isinstance(val, _Node):
                    todo.append((sub, val))
                    val = val.at
                yield sub, key, val


@dataclass
class Source:
    data: Any
    positions: Positions
    diagnostics: list[Diagnostic]


class _Marks:
    """Parser marks (0-based line and column) to locations that always lie inside the text.

    libyaml places the marks of an empty value, and of the events that end the document, after
    the last line break even when the text does not end with one (`?` reads as a key on line 1
    and an empty value on line 2): those are moved back to the end of the last line.
    """

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        last_start = max(text.rfind(c) for c in "\r\n\x85\u2028\u2029") + 1
        self.end = (line_count(text) - 1, len(text) - last_start)
        self.last_line = self.end[0]

    def at(self, line0: int, col0: int) -> Location:
        if line0 >= self.last_line and (line0, col0) > self.end:
            line0, col0 = self.end
        return Location(self.file, line0 + 1, col0 + 1)

    def place(self, line0: int, col0: int) -> int:
        """`at`, packed (see COL_BITS)."""
        if line0 >= self.last_line and (line0, col0) > self.end:
            line0, col0 = self.end
        return line0 << COL_BITS | col0


def _offset_to_loc(file: str, text: str, offset: int) -> Location:
    before = text[:offset]
    breaks = list(LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return Location(file, len(breaks) + 1, offset - start + 1)


_TAB_HINT = "indent with spaces: YAML does not allow tab characters for indentation"
_INDENT_HINT = ("check the indentation: the keys of one mapping must start in the same column, "
                "and a list item cannot follow a key of the same mapping")
# problem text (substring) -> hint; the first match wins. ruamel.yaml's wording, then libyaml's
# where it differs (libyaml's errors are shown for files beyond PURE_BYTES).
SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("'\\t'", _TAB_HINT),
    ("tab character", _TAB_HINT),
    ("mapping values are not allowed", "a value that contains `: ` must be quoted; otherwise "
     "check the indentation of this line and the line above"),
    ("could not find expected ':'", "each line of a mapping is `key: value`; check for a "
     "missing colon or an unclosed quote"),
    ("expected <block end>", _INDENT_HINT),
    ("did not find expected key", _INDENT_HINT),
    ("did not find expected '-' indicator", _INDENT_HINT),
    ("end of stream", "a quote or bracket opened earlier is not closed"),
    ("expected ',' or ']'", "a `[` list is not closed, or an item needs quotes"),
    ("expected ',' or '}'", "a `{` mapping is not closed, or a value needs quotes"),
    ("found undefined tag handle", "tags are not supported; remove the `!...`"),
    ("sequence entries are not allowed", "a list item (`- `) must start on its own line "
     "under its key"),
    ("found unexpected ':'", "inside `[...]` or `{...}`, quote a value that contains `:`"),
)


def _show_tag(tag: str) -> str:
    """`tag:yaml.org,2002:binary` as the user wrote it: `!!binary`."""
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _char_at(text: str, line0: int, col0: int) -> str | None:
    """The character at a 0-based line and column of `text`, if there is one."""
    start, seen = 0, 0
    for brk in LINE_BREAK.finditer(text):
        if seen == line0:
            break
        start, seen = brk.end(), seen + 1
    if seen < line0:
        return None
    offset = start + col0
    return text[offset] if offset < len(text) else None


def _syntax_error(marks: _Marks, text: str, exc: MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    where = marks.at(mark.line, mark.column) if mark is not None else marks.at(0, 0)
    problem = (exc.problem or "").strip() or "invalid YAML"
    if problem == "found character that cannot start any token" and exc.problem_mark is not None:
        # libyaml does not say which character; ruamel.yaml does (a tab deserves its own hint)
        ch = _char_at(text, exc.problem_mark.line, exc.problem_mark.column)
        if ch is not None:
            problem = f"found character {ch!r} that cannot start any token"
    message = problem
    cmark = exc.context_mark
    if exc.context and cmark is not None and exc.problem_mark is not None and (
            cmark.line, cmark.column) != (exc.problem_mark.line, exc.problem_mark.column):
        start = marks.at(cmark.line, cmark.column)
        message += f" ({exc.context}, which starts at line {start.line} column {start.col})"
    elif exc.context:
        message += f" ({exc.context})"
    hint = next((h for key, h in SYNTAX_HINTS if key in problem), None)
    return error(DiagnosticCode.YAML_SYNTAX, f"YAML syntax error: {message}", where, hint)


def decode(file: str, raw: bytes, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text, or a diagnostic saying why the file is not YAML text."""
    top = Location(file, 1, 1)
    if len(raw) > max_bytes:
        return None, [error(DiagnosticCode.FILE_TOO_LARGE, too_large_message(len(raw), max_bytes), top,
                            hint=TOO_LARGE_HINT)]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(DiagnosticCode.ENCODING, "file is UTF-16; a topology file is UTF-8 text", top,
                            hint="save the file as UTF-8")]
    nul = raw.find(b"\x00")
    if nul >= 0:
        prefix = raw[:nul].decode("utf-8", errors="replace")
        return None, [error(DiagnosticCode.BINARY_FILE,
                            "file contains a NUL byte; a topology file is UTF-8 text",
                            _offset_to_loc(file, prefix, len(prefix)))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        return None, [error(DiagnosticCode.ENCODING, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                            _offset_to_loc(file, prefix, len(prefix)), hint="save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


class _Frame:
    """A mapping or list being built; for a mapping, whether a key or a value comes next."""

    __slots__ = ("container", "is_list", "keep", "key", "keys", "path", "seen", "vals")

    def __init__(self, container: dict[Any, Any] | list[Any], path: Path,
                 node: _Node | None) -> None:
        self.container = container
        self.is_list = isinstance(container, list)
        self.path = path
        # None: the contents are read but not kept (a bad key's value), nor are their places
        self.keep = node is not None
        self.key: Any = _NEED_KEY
        # the places of a kept mapping's keys and values (a list's items), see _Node
        self.keys: dict[Any, int] = node.keys if node is not None and node.keys is not None else {}
        self.vals: Any = node.vals if node is not None else None
        # a mapping not kept: its keys so far -> their places
        self.seen: dict[Any, int] | None = None if node is not None else {}


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
    """Builds plain dicts, lists and scalars from events, recording positions and problems.

    Scalars are most of the events of a topology (a million in a large one), so `run` handles
    them inline; everything else goes through the methods below.
    """

    def __init__(self, marks: _Marks, yaml: YAML, pos: Positions, max_nodes: int = MAX_NODES) -> None:
        self.max_nodes = max_nodes
        self.file = marks.file
        self.marks = marks
        self.yaml = yaml
        self.pos = pos
        self.diags: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_set = False
        self.documents = 0
        self.nodes = 0  # scalars and collections read so far
        self.constructor = yaml.constructor
        self.resolvers: Any = None  # the resolver's patterns by first character, once fetched
        self.patterns: dict[str, tuple[Any, ...]] = {}  # first character -> patterns to try
        self.known: dict[str, tuple[Any, str | None]] = {}  # plain scalar -> typed value

    def here(self, ev: Event) -> int:
        return self.marks.place(ev.start_mark.line, ev.start_mark.column)

    def loc(self, place: int) -> Location:
        return self.pos.location(place)

    def count(self, more: int = 0) -> None:
        """`more` scalars or collections read; stop past the limit for the file's size."""
        self.nodes += more
        if self.nodes > self.max_nodes:
            limit = self.max_nodes
            self.diags.append(error(
                DiagnosticCode.FILE_TOO_LARGE, f"file holds more than {limit:,} keys and values; "
                f"the limit for its size is {limit:,}", Location(self.file, 1, 1),
                hint="a topology describes a network design by hand; split a generated "
                     "inventory by account or Region"))
            raise _Stop

    def run(self, events: Iterator[Event]) -> None:
        stack = self.stack
        known = self.known
        texts = self.pos.texts
        last_line, end = self.marks.last_line, self.marks.end
        key_texts, max_nodes = self.pos.key_texts, self.max_nodes
        for ev in events:
            if type(ev) is ScalarEvent:
                # scalar(), inline: count, place, type, then put into the parent
                self.nodes += 1
                if self.nodes > max_nodes:
                    self.count()
                mark = ev.start_mark
                line0, col0 = mark.line, mark.column
                if line0 >= last_line and (line0, col0) > end:
                    line0, col0 = end
                where = line0 << COL_BITS | col0
                text: str = ev.value
                tag = ev.tag
                if tag is None and ev.implicit[0]:
                    typed = known.get(text)
                    if typed is None:
                        typed = self.plain(text, where)
                    value, number_text = typed
                else:
                    value, number_text = self.construct(ev, where)
                if not stack:
                    self.root, self.root_set = value, True
                    continue
                frame = stack[-1]
                container = frame.container
                if frame.is_list:
                    if frame.keep:
                        if number_text is not None:
                            texts[(*frame.path, len(container))] = number_text
                        frame.vals.append(where)
                    container.append(value)  # type: ignore[union-attr]
                    continue
                key = frame.key
                if key is _NEED_KEY:
                    if frame.keep and value not in container:
                        # take_key(), inline for a new key of a kept mapping (its keys so far
                        # are those of `container`)
                        frame.key = value
                        frame.keys[value] = where
                        if number_text is not None:
                            key_texts[(*frame.path, value)] = number_text
                    else:
                        self.take_key(frame, value, where, number_text)
                    continue
                frame.key = _NEED_KEY
                if key is _DROP or not frame.keep:
                    continue
                container[key] = value
                # a plain scalar's style is None from ruamel.yaml's parser, '' from libyaml; an
                # empty value's mark is where the next token starts (often the next line): use
                # the key's
                empty = text == "" and not ev.style and tag is None
                frame.vals[key] = frame.keys[key] if empty else where
                if number_text is not None:
                    texts[(*frame.path, key)] = number_text
            elif isinstance(ev, CollectionStartEvent):
                self.nodes += 1
                if self.nodes > max_nodes:
                    self.count()
                is_list = type(ev) is SequenceStartEvent
                parent = stack[-1] if stack else None
                if (parent is not None and parent.keep and ev.tag is None
                        and (is_list or type(ev) is MappingStartEvent)
                        and len(stack) < MAX_DEPTH
                        and (parent.is_list or (parent.key is not _NEED_KEY
                                               and parent.key is not _DROP))):
                    # start() and place(), inline for an untagged mapping or list inside a
                    # kept one (200,000 in a large file)
                    mark = ev.start_mark
                    line0, col0 = mark.line, mark.column
                    if line0 >= last_line and (line0, col0) > end:
                        line0, col0 = end
                    node = _Node(line0 << COL_BITS | col0, is_list)
                    new: dict[Any, Any] | list[Any] = [] if is_list else {}
                    container = parent.container
                    if parent.is_list:
                        path = (*parent.path, len(container))
                        container.append(new)  # type: ignore[union-attr]
                        parent.vals.append(node)
                    else:
                        key, parent.key = parent.key, _NEED_KEY
                        path = (*parent.path, key)
                        container[key] = new
                        parent.vals[key] = node
                    stack.append(_Frame(new, path, node))
                else:
                    self.start(ev)
            elif isinstance(ev, CollectionEndEvent):
                stack.pop()
            elif isinstance(ev, ScalarEvent):  # a subclass: not expected, handled all the same
                self.count(1)
                self.scalar(ev)
            elif isinstance(ev, AliasEvent):
                self.diags.append(error(
                    DiagnosticCode.YAML_ALIAS, f"YAML aliases (*{ev.anchor}) are not supported",
                    self.loc(self.here(ev)), hint="write the value out in full; vpcdocs does not "
                                                  "expand aliases (an alias can make a small file huge)"))
                raise _Stop
            elif isinstance(ev, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    self.diags.append(error(
                        DiagnosticCode.MULTIPLE_DOCUMENTS, "file holds more than one YAML document (`---`); "
                        "write one topology per file", self.loc(self.here(ev))))
                    raise _Stop
                if ev.version is not None and tuple(ev.version) in ((1, 1), (1, 2)):
                    # `%YAML 1.1` types plain scalars by the 1.1 rules, whichever parser read them
                    self.yaml.version = tuple(ev.version)
                    self.constructor = self.yaml.constructor
                    self.resolvers, self.known, self.patterns = None, {}, {}
                    known = self.known

    # --- placing nodes -------------------------------------------------------------------------

    def place(self, value: Any, where: int, *, empty: bool = False,
              text: str | None = None, node: _Node | None = None) -> tuple[Path | None, bool]:
        """Put a finished (or, for collections, started, with the `node` of their places) node
        into its parent.

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
                frame.vals.append(where if node is None else node)
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
        frame.vals[key] = node if node is not None else frame.keys[key] if empty else where
        if text is not None:
            self.pos.texts[path] = text
        return path, True

    def take_key(self, frame: _Frame, key: Any, where: int, text: str | None) -> None:
        if isinstance(key, dict | list):
            self.diags.append(error(DiagnosticCode.COMPLEX_KEY,
                                    "a key must be a plain name, not a mapping or "
                                    "a list", self.loc(where)))
            frame.key = _DROP
            return
        # a kept mapping's keys so far are those of its container (run() records no `seen`)
        if frame.seen is None:
            first = frame.keys[key] if key in frame.container else None
        else:
            first = frame.seen.get(key)
        if first is not None:
            self.diags.append(error(
                DiagnosticCode.DUPLICATE_KEY, f"duplicate key `{key}`: it is already defined at line "
                f"{self.loc(first).line}", self.loc(where), hint="a key appears once in a mapping; "
                                                                 "merge the two entries or rename one"))
            frame.key = _DROP
            return
        frame.key = key
        if frame.seen is not None:
            frame.seen[key] = where
        else:
            frame.keys[key] = where
            if text is not None:
                self.pos.key_texts[(*frame.path, key)] = text

    def start(self, ev: CollectionStartEvent) -> None:
        where = self.here(ev)
        if len(self.stack) >= MAX_DEPTH:
            self.diags.append(error(DiagnosticCode.TOO_DEEP, f"the document nests deeper than {MAX_DEPTH} "
                                    "levels; a topology needs fewer than 10", self.loc(where)))
            raise _Stop
        is_map = isinstance(ev, MappingStartEvent)
        tag = ev.tag
        if tag not in (None, "!", _STD + ("map" if is_map else "seq")):
            self.diags.append(error(DiagnosticCode.YAML_TAG, f"unsupported YAML tag `{_show_tag(str(tag))}`",
                                    self.loc(where), hint="remove the tag; plain mappings and lists "
                                                          "are enough"))
        container: dict[Any, Any] | list[Any] = {} if is_map else []
        if not self.stack:  # the document: placed at its start (line 1, column 1)
            self.root, self.root_set = container, True
            self.pos.root = _Node(0, not is_map)
            self.stack.append(_Frame(container, (), self.pos.root))
            return
        node = _Node(where, not is_map)
        path, keep = self.place(container, where, node=node)
        if path is None:
            # a collection used as a key, or the value of a rejected key
            path = ()
        self.stack.append(_Frame(container, path, node if keep else None))

    def scalar(self, ev: ScalarEvent) -> None:
        where = self.here(ev)
        value, number_text = self.construct(ev, where)
        # a plain scalar's style is None from ruamel.yaml's parser, '' from libyaml
        empty = ev.value == "" and not ev.style and ev.tag is None
        self.place(value, where, empty=empty, text=number_text)

    def construct(self, ev: ScalarEvent, where: int) -> tuple[Any, str | None]:
        """The typed value of a scalar, and its source text when it was not read as a string."""
        text: str = ev.value
        tag = ev.tag
        if tag == "!" or (tag is None and not ev.implicit[0]):
            return text, None  # quoted, or `! x`: a string
        if tag is None:
            return self.plain(text, where)
        return self.typed(text, str(tag), where, explicit=True)

    def plain(self, text: str, where: int) -> tuple[Any, str | None]:
        """A plain scalar typed by the resolver's rules; the same text always types the same,
        so each is typed once per file (a topology repeats its AZs, Regions and `true`s)."""
        known = self.known.get(text)
        if known is not None:
            return known
        try:
            tag = self.plain_tag(text)
        except Exception:  # a resolver failure means: keep the text
            return text, None
        if tag == _STD + "str":  # most often (names): what typed() answers, without a call
            known = self.known[text] = (text, None)
            return known
        before = len(self.diags)
        known = self.typed(text, tag, where, explicit=False)
        if len(self.diags) == before:
            self.known[text] = known
        return known

    def plain_tag(self, text: str) -> str:
        """What ruamel.yaml's resolver.resolve() answers for a plain scalar, with its table of
        patterns fetched once per YAML version (fetching it is most of resolve()'s cost)."""
        if self.resolvers is None:
            self.resolvers = self.yaml.resolver.versioned_resolver
        first = text[0] if text else ""
        patterns = self.patterns.get(first)
        if patterns is None:
            table = self.resolvers
            patterns = self.patterns[first] = (*table.get(first, ()), *table.get(None, ()))
        for tag, regexp in patterns:
            if regexp.match(text):
                return str(tag)
        return _STD + "str"

    def typed(self, text: str, tag: str, where: int, *,
              explicit: bool) -> tuple[Any, str | None]:
        constructor = self.constructor
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
            if tag in (_STD + "timestamp", _STD + "merge") and not explicit:
                # dates stay as written (pricing.as_of); `<<` is just an (unknown) key here
                return text, None
        except (ValueError, TypeError, YAMLError, OverflowError):
            if not explicit:
                return text, None  # e.g. an int too long to convert: the schema will say why
            self.diags.append(error(DiagnosticCode.YAML_TAG, f"`{text}` is not a valid value for tag "
                                    f"`{_show_tag(tag)}`", self.loc(where)))
            return text, None
        self.diags.append(error(DiagnosticCode.YAML_TAG, f"unsupported YAML tag `{_show_tag(tag)}`",
                                self.loc(where), hint="remove the tag; write the value as plain text"))
        return text, None


@contextlib.contextmanager
def _libyaml(text: str) -> Iterator[Iterator[Event]]:
    """libyaml's events of `text`, for the time of a `with` block.

    get_event() answers None after the end of the stream: iterating it in C saves a
    check_event() call and a loop step per event, and handing that iterator to the composer
    itself (not through a generator) a generator step per event (0.1 s on a 12 MB file)."""
    parser = CParser(text)
    try:
        yield iter(parser.get_event, None)
    finally:
        parser.dispose()


def _libyaml_events(text: str) -> Iterator[Event]:
    with _libyaml(text) as events:
        yield from events


def _pure_events(text: str) -> Iterator[Event]:
    yield from YAML(typ="safe", pure=True).parse(text)


# A `:` that YAML 1.2 reads as part of a plain scalar wherever it stands, but libyaml 0.1.7
# (the one ruamel.yaml.clib bundles) rejects inside `[...]` and `{...}` ("found unexpected
# ':'"): one followed by a character that can continue a scalar, and not preceded by the end
# of a quoted key or a collection (`{"a":1}`, where it separates key and value).
_INNER_COLON = re.compile(r"(?<![\"'\]}]):(?=[^\s,\[\]{}\x85\u2028\u2029])")
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))


def _colon_stand_in(text: str) -> str | None:
    """A private-use character that `text` does not contain, or None if it holds them all."""
    present = set(text)
    return next((chr(c) for block in _PRIVATE_USE for c in block if chr(c) not in present), None)


def _restore_colons(events: Iterator[Event], stand_in: str) -> Iterator[Event]:
    """The events of a text whose inner colons were replaced by `stand_in`, with the colons
    put back (one character for one, so every mark stays where it was)."""
    for ev in events:
        for attr in ("value", "tag", "anchor"):
            old = getattr(ev, attr, None)
            if isinstance(old, str) and stand_in in old:
                setattr(ev, attr, old.replace(stand_in, ":"))
        yield ev


def parse_events(text: str) -> Iterator[Event]:
    """The YAML parse events of `text`, from libyaml when ruamel.yaml.clib is installed, else
    from ruamel.yaml's pure-Python parser. Raises ruamel.yaml's errors for invalid YAML."""
    return _pure_events(text) if CParser is None else _libyaml_events(text)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@dataclass
class _Read:
    source: Source
    failed: MarkedYAMLError | None  # the parser's error, if it rejected the text
    nodes: int  # values read before it stopped


def _compose(file: str, text: str, marks: _Marks, events: Iterator[Event],
             max_nodes: int = MAX_NODES) -> _Read:
    """Build the document from `events`; stop at the first reason not to go on."""
    pos = Positions(file)
    top = Location(file, 1, 1)
    # the events may come from libyaml; ruamel.yaml's resolver and constructors type them
    composer = _Composer(marks, YAML(typ="safe", pure=True), pos, max_nodes)
    try:
        composer.run(events)
    except _Stop:
        return _Read(Source(None, pos, composer.diags), None, composer.nodes)
    except MarkedYAMLError as exc:
        return _Read(Source(None, pos, [*composer.diags, _syntax_error(marks, text, exc)]), exc,
                     composer.nodes)
    except (YAMLError, RecursionError, ValueError, TypeError, IndexError, AssertionError) as exc:
        # e.g. ruamel.yaml's parser asserts on `%YAML 1.3`
        return _Read(Source(None, pos, [*composer.diags, error(
            DiagnosticCode.YAML_SYNTAX, f"cannot read YAML: {_first_line(exc)}", top)]), None, composer.nodes)
    diags = composer.diags
    data = composer.root
    if data is None:
        diags.append(error(DiagnosticCode.EMPTY_FILE, "file is empty; a topology needs at least `vpcdocs: 1` "
                           "and `vpcs`", top, hint="run `vpcdocs init` for a commented starter file"))
        return _Read(Source(None, pos, diags), None, composer.nodes)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        diags.append(error(DiagnosticCode.NOT_A_MAPPING,
                           f"the document is {kind}; a topology is a mapping of keys "
                           "(`vpcdocs: 1`, `vpcs: ...`)", top))
        return _Read(Source(None, pos, diags), None, composer.nodes)
    return _Read(Source(data, pos, diags), None, composer.nodes)


def read_yaml(file: str, raw: bytes, *, max_bytes: int = MAX_BYTES) -> Source:
    """Parse `raw` (the file's bytes, at most `max_bytes` of them, with at most
    `max_values(len(raw))` keys and values); `file` is the name used in diagnostics (see
    _read_yaml)."""
    src = _read_yaml(file, raw, max_bytes)
    src.diagnostics[:] = [single_line(d) for d in src.diagnostics]
    return src


def _read_yaml(file: str, raw: bytes, max_bytes: int = MAX_BYTES) -> Source:
    """`data` is None when the document could not be read as a mapping; the diagnostics say why.
    Problems that leave the document readable (duplicate keys, tags) come with data, so that the
    schema and the rules can still report everything else.

    libyaml reads first. Where it rejects a text, ruamel.yaml's parser has the last word when it
    can answer quickly (within PURE_BYTES and PURE_NODES), so that every file is judged by the
    YAML 1.2 rules whichever parser is installed: libyaml 0.1.7 follows YAML 1.1 in a few corners
    (`:` inside flow collections, handled above without a second parser; NEL and U+2028 as line
    breaks; unknown `%` directives) and words its errors differently.
    """
    text, diags = decode(file, raw, max_bytes)
    nodes = max_values(len(raw))
    if text is None:
        return Source(None, Positions(file), diags)
    bad = NOT_PRINTABLE.search(text)
    if bad is not None:
        return Source(None, Positions(file), [error(
            DiagnosticCode.YAML_SYNTAX, f"character U+{ord(bad.group()):04X} is not allowed in a YAML file",
            _offset_to_loc(file, text, bad.start()),
            hint="remove control characters; a topology file is plain text")])
    marks = _Marks(file, text)
    if CParser is None:
        return _compose(file, text, marks, _pure_events(text), nodes).source
    with _libyaml(text) as events:
        read = _compose(file, text, marks, events, nodes)
    if read.failed is None:
        return read.source
    stand_in = _colon_stand_in(text) if read.failed.problem == "found unexpected ':'" else None
    if stand_in is not None:
        with _libyaml(_INNER_COLON.sub(stand_in, text)) as events:
            again = _compose(file, text, marks, _restore_colons(events, stand_in), nodes)
        if again.failed is None:
            return again.source
        read = _Read(again.source, again.failed, max(read.nodes, again.nodes))
    if len(raw) <= PURE_BYTES and read.nodes <= PURE_NODES:
        return _compose(file, text, marks, _pure_events(text), nodes).source
    return read.source
