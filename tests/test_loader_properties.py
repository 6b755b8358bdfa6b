"""Property tests: broken versions of valid topologies never crash the loader, and every
diagnostic points into the file.

The bases are the course example (comment lines dropped, to keep each run cheap) and the starter
file of `vpcdocs init`. Mutations work on the text (delete, duplicate or swap lines, corrupt a
CIDR, change a value's type, truncate at a byte, insert junk bytes) and on the data (delete,
duplicate, rename or retype a key or item, then write the YAML back).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from vpcdocs.loader import LoadResult, load_bytes
from vpcdocs.loader.yamlsrc import line_count

ROOT = Path(__file__).resolve().parent.parent


def _without_comment_lines(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.lstrip().startswith("#"))


BASES: tuple[bytes, ...] = (
    _without_comment_lines((ROOT / "examples" / "course.yaml").read_text("utf-8")).encode(),
    (ROOT / "vpcdocs" / "data" / "starter.yaml").read_bytes(),
)
CIDR = re.compile(rb"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/\d{1,2}\b")
SCALAR_VALUE = re.compile(rb"(?<=: )[^\s{}\[\],#][^\n{}\[\],#]*")

SETTINGS = settings(max_examples=120, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def check(raw: bytes, name: str = "mutant.yaml") -> LoadResult:
    """The properties every load must have, whatever the input."""
    result = load_bytes(name, raw)  # must not raise
    lines = line_count(raw.decode("utf-8", errors="replace").removeprefix("\ufeff"))
    for d in result.diagnostics:
        assert d.location.file == name
        assert 1 <= d.location.line <= lines, (d, lines)
        assert d.location.col >= 1, d
        assert d.message and "\n" not in d.message, d
    keys = [d.sort_key() for d in result.diagnostics]
    assert keys == sorted(keys), "diagnostics are sorted by position"
    assert result.ok == (result.topology is not None and not result.errors)
    if result.errors:
        assert result.topology is None
    return result


def test_bases_are_valid() -> None:
    for raw in BASES:
        assert check(raw).ok


# --- text mutations ---------------------------------------------------------------------------

CORRUPT_CIDRS = (b"10.0.0.1/16", b"10.0.0.0/33", b"10.0.0.0", b"999.0.0.0/8", b"fd00::/64",
                 b"10.0.0.0/8", b"10.0.0.0/29", b"0.0.0.0/0", b"pl-12345678", b"")
OTHER_VALUES = (b"~", b"", b"0", b"-1", b"1.5", b"true", b"[]", b"{}", b"[a, b]", b"{a: 1}",
                b"'quoted'", b"!!binary aGk=", b"*alias", b"&anchor x", b"\"\\x00\"",
                b"0123456789012", b".nan", b"a" * 300)


@st.composite
def text_mutants(draw: st.DrawFn) -> bytes:
    raw = draw(st.sampled_from(BASES))
    lines = raw.splitlines(keepends=True)
    op = draw(st.sampled_from(["delete", "duplicate", "swap", "cidr", "value", "indent",
                               "truncate", "junk"]))
    if op in ("delete", "duplicate", "swap", "indent"):
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = b" " * draw(st.integers(1, 3)) + lines[i]
        return b"".join(lines)
    if op == "cidr":
        spots = list(CIDR.finditer(raw))
        m = spots[draw(st.integers(0, len(spots) - 1))]
        return raw[: m.start()] + draw(st.sampled_from(CORRUPT_CIDRS)) + raw[m.end():]
    if op == "value":
        spots = list(SCALAR_VALUE.finditer(raw))
        m = spots[draw(st.integers(0, len(spots) - 1))]
        return raw[: m.start()] + draw(st.sampled_from(OTHER_VALUES)) + raw[m.end():]
    at = draw(st.integers(0, len(raw)))
    if op == "truncate":
        return raw[:at]
    return raw[:at] + draw(st.binary(min_size=1, max_size=16)) + raw[at:]


@SETTINGS
@given(text_mutants())
def test_text_mutants_give_located_diagnostics(raw: bytes) -> None:
    check(raw)


@settings(max_examples=150, derandomize=True)
@given(st.integers(0, len(BASES[0])))
def test_truncation_at_any_byte(at: int) -> None:
    check(BASES[0][:at])


@settings(max_examples=150, derandomize=True)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(raw: bytes) -> None:
    check(raw)


@settings(max_examples=150, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}#&*!|>'\" \n\t,?%@`")), max_size=200))
def test_yaml_punctuation_soup(text: str) -> None:
    check(text.encode("utf-8"))


# --- data mutations ---------------------------------------------------------------------------

def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    return yaml


BASE_DATA: tuple[Any, ...] = tuple(_safe_yaml().load(raw) for raw in BASES)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


NEW_VALUES: tuple[Any, ...] = (None, 0, -3, 2.5, True, "", "x", "10.0.0.1/8", [], {}, ["x"],
                               {"x": 1}, {"region": "eu-west-1"}, "eu-west-9", 111111111111)


def _copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


@st.composite
def data_mutants(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from(range(len(BASE_DATA))))
    data = _copy(BASE_DATA[base])
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        if not paths:
            break
        path = paths[draw(st.integers(0, len(paths) - 1))]
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        op = draw(st.sampled_from(["delete", "duplicate", "rename", "retype"]))
        if op == "delete":
            del parent[last]
        elif op == "duplicate":
            if isinstance(parent, list):
                parent.append(_copy(parent[last]))
            else:
                parent[f"{last}-copy" if isinstance(last, str) else "copy"] = _copy(parent[last])
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from([f"{last}x", str(last)[:-1] or "k", "vpcs", "app-vpc",
                                        "bad name", "s3"]))
            parent[new] = parent.pop(last)
        else:
            parent[last] = draw(st.sampled_from(NEW_VALUES))
    out = io.StringIO()
    _safe_yaml().dump(data, out)
    return out.getvalue().encode("utf-8")


@SETTINGS
@given(data_mutants())
def test_data_mutants_give_located_diagnostics(raw: bytes) -> None:
    check(raw)


def test_loading_is_deterministic() -> None:
    broken = BASES[0].replace(b"10.20.0.0/16", b"10.20.0.1/16").replace(b"via: nat-london-a",
                                                                       b"via: nat-london-c")
    first = check(broken)
    assert first.errors
    assert load_bytes("mutant.yaml", broken).diagnostics == first.diagnostics
