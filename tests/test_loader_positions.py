"""The places `yamlsrc` records agree with an independent reader, and its fast paths keep every check.

`read_yaml` builds the document and its places in one pass over the parse events, with the
places packed in ints and the common case (a new key of a kept mapping, a plain scalar) handled
inline. These tests compare its places with the start marks of ruamel.yaml's own composer (a
different code path over the same YAML rules) on every YAML file of the repository, and pin
the checks that the inline path hands over to the general one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

import vpcdocs.loader.yamlsrc as yamlsrc
from vpcdocs.diagnostics import Location

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted({*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("examples/**/*.yml"),
                     *ROOT.glob("tests/**/*.yaml"), *ROOT.glob("tests/**/*.yml")})


def _oracle(text: str, file: str) -> tuple[dict[Any, Location], dict[Any, Location]] | None:
    """Places of every key and value by ruamel.yaml's pure-Python composer, or None where it
    does not compose the text into one mapping (those files are the goldens' business)."""
    try:
        root = YAML(typ="safe", pure=True).compose(text)
    except Exception:
        return None
    if not isinstance(root, MappingNode):
        return None
    keys: dict[Any, Location] = {}
    values: dict[Any, Location] = {}
    marks = yamlsrc._Marks(file, text)

    def at(node: Any) -> Location:
        return marks.at(node.start_mark.line, node.start_mark.column)

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                assert isinstance(k, ScalarNode)
                key = _typed(k)
                sub = (*path, key)
                keys[sub] = at(k)
                empty = isinstance(v, ScalarNode) and v.value == "" and v.style is None \
                    and v.tag in (None, "tag:yaml.org,2002:null")
                values[sub] = keys[sub] if empty else at(v)
                walk(v, sub)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                values[(*path, i)] = at(item)
                walk(item, (*path, i))

    walk(root, ())
    return keys, values


def _typed(node: ScalarNode) -> Any:
    return YAML(typ="safe", pure=True).load(f"- {node.value}")[0] if node.style is None else node.value


@pytest.mark.parametrize("path", YAML_FILES, ids=[p.relative_to(ROOT).as_posix() for p in YAML_FILES])
def test_every_key_and_value_is_where_ruamels_composer_puts_it(path: Path) -> None:
    raw = path.read_bytes()
    src = yamlsrc.read_yaml(path.name, raw)
    if src.data is None or src.diagnostics:
        return  # a file with YAML problems: its output is pinned by the loader goldens
    text = raw.decode("utf-8").removeprefix("\ufeff")
    oracle = _oracle(text, path.name)
    if oracle is None:
        return
    keys, values = oracle
    pos = src.positions
    assert set(pos.keys) == set(keys)
    assert {p for p in pos.values if p != ()} == set(values)
    for p, where in keys.items():
        assert pos.key(p) == where, p
    for p, where in values.items():
        assert pos.value(p) == where, p


def test_the_repository_has_yaml_files_with_places_to_compare() -> None:
    compared = 0
    for path in YAML_FILES:
        src = yamlsrc.read_yaml(path.name, path.read_bytes())
        compared += bool(src.data is not None and not src.diagnostics and len(src.positions.keys) > 20)
    assert compared >= 50


def test_places_are_packed_line_then_column_and_made_once() -> None:
    src = yamlsrc.read_yaml("t.yaml", b"a:\n  bb: [x, y]\n  c:\n")
    pos = src.positions
    assert pos.key(("a", "bb")) == Location("t.yaml", 2, 3)
    assert pos.value(("a", "bb", 1)) == Location("t.yaml", 2, 11)
    # an empty value is placed at its key
    assert pos.value(("a", "c")) == pos.key(("a", "c")) == Location("t.yaml", 3, 3)
    # a path with no place of its own: the nearest parent's
    assert pos.key(("a", "bb", 5, "z")) == Location("t.yaml", 2, 3)
    assert pos.keys[("a", "bb")] == yamlsrc.pack(1, 2)
    assert pos.key(("a", "bb")) is pos.key(("a", "bb"))


def _codes(raw: bytes) -> list[tuple[str, int, int, str]]:
    src = yamlsrc.read_yaml("t.yaml", raw)
    return [(d.code.name, d.location.line, d.location.col, d.message) for d in src.diagnostics]


@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_duplicate_keys_are_found_in_kept_and_in_dropped_mappings(parser: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if parser == "pure":
        monkeypatch.setattr(yamlsrc, "CParser", None)
    raw = (b"a:\n  x: 1\n  y: 2\n  x: 3\n"  # in a kept mapping
           b"a:\n  b: 1\n  b: 2\n"  # the value of a duplicate key is read, not kept: still checked
           b"c: {1: a, 1.0: b, true: c}\n")  # keys equal as values are duplicates
    assert _codes(raw) == [
        ("DUPLICATE_KEY", 4, 3, "duplicate key `x`: it is already defined at line 2"),
        ("DUPLICATE_KEY", 5, 1, "duplicate key `a`: it is already defined at line 1"),
        ("DUPLICATE_KEY", 7, 3, "duplicate key `b`: it is already defined at line 6"),
        ("DUPLICATE_KEY", 8, 11, "duplicate key `1.0`: it is already defined at line 8"),
        ("DUPLICATE_KEY", 8, 19, "duplicate key `True`: it is already defined at line 8"),
    ]
    data = yamlsrc.read_yaml("t.yaml", raw).data
    assert data == {"a": {"x": 1, "y": 2}, "c": {1: "a"}}


def test_the_value_limit_counts_scalars_and_collections() -> None:
    # the mapping, the key `a`, the list and its n items: n + 3 values, in 2n + 6 bytes
    for n in range(39_990, 40_004):
        raw = b"a: [" + b"1," * n + b"]\n"
        over = n + 3 > yamlsrc.max_values(len(raw))
        assert [c[0] for c in _codes(raw)] == (["FILE_TOO_LARGE"] if over else []), n
    assert over and yamlsrc.max_values(2 * 39_990 + 6) >= 39_990 + 3  # both sides seen


@given(st.text(alphabet="ab\r\n\x85\u2028\u2029", max_size=40))
def test_line_count_counts_breaks_as_the_pattern_does(text: str) -> None:
    assert yamlsrc.line_count(text) == len(re.findall(yamlsrc.LINE_BREAK, text)) + 1
