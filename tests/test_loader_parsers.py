"""The two YAML parsers give the same results: libyaml (ruamel.yaml.clib's CParser, used when it
is installed) and ruamel.yaml's pure-Python parser (the fallback, here forced by setting
`yamlsrc.CParser` to None).

libyaml 0.1.7, the version clib bundles, follows YAML 1.1 in a few corners; `yamlsrc` evens them
out (see its docstring). The differences it leaves are pinned in
`test_libyaml_also_accepts_tabs_and_nel_line_breaks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from test_loader_properties import text_mutants

import vpcdocs.loader.yamlsrc as yamlsrc
from vpcdocs.loader import LoadResult, load_bytes, load_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HAVE_LIBYAML = yamlsrc.CParser is not None
needs_libyaml = pytest.mark.skipif(not HAVE_LIBYAML, reason="ruamel.yaml.clib is not installed")


@pytest.fixture(params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each parser."""
    if request.param == "pure":
        monkeypatch.setattr(yamlsrc, "CParser", None)
    elif not HAVE_LIBYAML:
        pytest.skip("ruamel.yaml.clib is not installed")
    return str(request.param)


def with_each_parser(raw: bytes) -> tuple[LoadResult, LoadResult]:
    c_parser = yamlsrc.CParser
    try:
        yamlsrc.CParser = None
        pure = load_bytes("t.yaml", raw)
    finally:
        yamlsrc.CParser = c_parser
    return load_bytes("t.yaml", raw), pure


def summary(result: LoadResult) -> list[tuple[str, int, int]]:
    return [(d.code, d.location.line, d.location.col) for d in result.diagnostics]


@pytest.fixture
def no_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the pure-Python parser is asked to read anything."""
    def refuse(text: str) -> Iterator[object]:
        raise AssertionError("the pure-Python parser was used")
    monkeypatch.setattr(yamlsrc, "_pure_events", refuse)


def big_valid_head(size: int) -> str:
    """A valid topology of at least `size` bytes (a long description), to be continued at the
    top level."""
    return ("vpcdocs: 1\ndescription: |\n" + "  filler line of text\n" * (size // 22 + 1)
            + "vpcs: {}\n")


# --- the same results ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_load_the_same_with_either_parser(path: Path, parser: str) -> None:
    result = load_file(path)
    assert result.ok and result.diagnostics == ()
    assert result.topology is not None
    if parser == "libyaml":
        libyaml, pure = with_each_parser(path.read_bytes())
        assert libyaml.topology == pure.topology


@needs_libyaml
def test_parse_events_uses_libyaml_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    events = list(yamlsrc.parse_events("a: [b]\n"))
    assert type(events[0]).__module__.startswith("ruamel.yaml")
    assert [type(e).__name__ for e in events] == [
        "StreamStartEvent", "DocumentStartEvent", "MappingStartEvent", "ScalarEvent",
        "SequenceStartEvent", "ScalarEvent", "SequenceEndEvent", "MappingEndEvent",
        "DocumentEndEvent", "StreamEndEvent"]
    monkeypatch.setattr(yamlsrc, "CParser", None)
    pure = list(yamlsrc.parse_events("a: [b]\n"))
    assert [type(e) for e in pure] == [type(e) for e in events]


@pytest.mark.parametrize("text", [
    # libyaml 0.1.7 rejects `x:y` inside [] and {}: read with the colons stood in for
    "vpcdocs: 1\nvpcs: {}\ntitle: [arn:aws:iam::222222222222:root, 'x:y', \"z\"]\n",
    "vpcdocs: 1\nvpcs:\n  v: {region: eu-west-1, cidr: fd00::/64}\n",
    "vpcdocs: 1\nvpcs: {}\ntitle: {http://example.com: 12:30}\n",
    "vpcdocs: 1\nvpcs: {}\ntitle: [:a, a::b]\n",
    '{"vpcdocs":1, "vpcs":{}, "title":"a:b"}\n',
    "vpcdocs: 1\nvpcs: {}\ntitle: [\ue000, a:b]\n",  # the first stand-in is taken
    "vpcdocs: 1\nvpcs: {}\ntitle: [a:]\n",  # libyaml still refuses: the pure parser answers
    # empty values at the end of a file without a final line break
    "?", "a:", "vpcdocs: 1\nvpcs:", "- ? a\n  :",
    # `%YAML 1.1` types plain scalars the 1.1 way; `%YAML 1.3` is refused by both
    "%YAML 1.1\n---\nvpcdocs: 1\nvpcs: {}\ntitle: 010\n",
    "%YAML 1.3\n---\nvpcdocs: 1\nvpcs: {}\n",
    # control characters, found before parsing
    "vpcdocs: 1\ntitle: é\x07\nvpcs: {}\n",
])
def test_both_parsers_give_the_same_diagnostics(text: str) -> None:
    libyaml, pure = with_each_parser(text.encode())
    assert [str(d) for d in libyaml.diagnostics] == [str(d) for d in pure.diagnostics]
    assert libyaml.topology == pure.topology
    lines = yamlsrc.line_count(text)
    assert all(1 <= d.location.line <= lines for d in libyaml.diagnostics), libyaml.diagnostics


def test_flow_colons_keep_their_values(parser: str) -> None:
    text = ("vpcdocs: 1\nvpcs: {}\ntitle: [arn:aws:iam::222222222222:root, :a, a::b, 'x:y', "
            "\ue000]\n")
    result = load_bytes("t.yaml", text.encode())
    assert [d.code for d in result.diagnostics] == ["TYPE"]
    assert "a list" in result.diagnostics[0].message


def test_the_colon_stand_in_is_a_character_the_text_lacks() -> None:
    assert yamlsrc._colon_stand_in("a: [b:c]") == "\ue000"
    assert yamlsrc._colon_stand_in("\ue000\ue001 [b:c]") == "\ue002"
    every = "".join(chr(c) for block in yamlsrc._PRIVATE_USE for c in block)
    assert yamlsrc._colon_stand_in(every) is None


@settings(max_examples=80, derandomize=True)
@given(text_mutants())
def test_both_parsers_agree_on_broken_topologies(raw: bytes) -> None:
    text = raw.decode("utf-8", errors="replace")
    assume(not any(c in text for c in "\t\x85\u2028\u2029"))  # see the test below
    libyaml, pure = with_each_parser(raw)
    assert [str(d) for d in libyaml.diagnostics] == [str(d) for d in pure.diagnostics]


# --- libyaml's own errors, beyond what the pure parser re-reads in time ------------------------

@needs_libyaml
@pytest.mark.usefixtures("no_pure_parser")
@pytest.mark.parametrize(("tail", "at", "message", "hint"), [
    ("title: Course: network\n", (0, 14), "mapping values are not allowed in this context",
     "a value that contains `: ` must be quoted"),
    ("\ttitle: x\n", (0, 1), "found character '\\t' that cannot start any token",
     "indent with spaces"),
    ("title: [a, b\n", (1, 1), "did not find expected ',' or ']'", "a `[` list is not closed"),
    ("title: [a:]\n", (0, 10), "found unexpected ':'", "quote a value that contains `:`"),
])
def test_a_large_file_gets_libyaml_errors_with_our_hints(tail: str, at: tuple[int, int],
                                                         message: str, hint: str) -> None:
    head = big_valid_head(yamlsrc.PURE_BYTES)
    result = load_bytes("big.yaml", (head + tail).encode())
    (d,) = result.diagnostics
    line = yamlsrc.line_count(head) + at[0]  # `at` counts from the line of `tail`
    assert (d.code, d.location.line, d.location.col) == ("YAML_SYNTAX", line, at[1])
    assert message in d.message
    assert d.hint is not None and hint in d.hint


@needs_libyaml
@pytest.mark.usefixtures("no_pure_parser")
def test_a_large_file_with_flow_colons_is_read_by_libyaml() -> None:
    text = big_valid_head(yamlsrc.PURE_BYTES) + "title: [arn:aws:iam::1:root]\n"
    (d,) = load_bytes("big.yaml", text.encode()).diagnostics
    assert d.code == "TYPE"  # not a syntax error


@needs_libyaml
def test_small_files_with_syntax_errors_are_judged_by_the_pure_parser() -> None:
    # libyaml's wording would be "mapping values are not allowed in this context"
    (d,) = load_bytes("s.yaml", b"vpcdocs: 1\ntitle: a: b\nvpcs: {}\n").diagnostics
    assert d.message == "YAML syntax error: mapping values are not allowed here"


# --- what still differs -------------------------------------------------------------------------

@needs_libyaml
@pytest.mark.parametrize("text", [
    "vpcdocs: 1\nvpcs: {}\ntitle:\tx\n",  # a tab after the colon
    "vpcdocs: 1\nvpcs: {}\ntitle: x\t\n",  # a trailing tab
    "vpcdocs: 1\nvpcs: {}\ntitle: x\n\x85description: y\n",  # NEL as a line break (YAML 1.1)
    "vpcdocs: 1\nvpcs: {}\ntitle: [ 'a':b ]\n",  # a quoted key and `:` in a flow sequence
])
def test_libyaml_also_accepts_tabs_and_nel_line_breaks(text: str) -> None:
    """YAML that libyaml reads and ruamel.yaml's parser refuses: a file without such
    characters is judged alike (the property test above). Loading more valid YAML is harmless;
    this pins the difference so that a new clib or ruamel.yaml release is noticed."""
    libyaml, pure = with_each_parser(text.encode())
    assert "YAML_SYNTAX" not in [d.code for d in libyaml.diagnostics]
    assert [d.code for d in pure.diagnostics] == ["YAML_SYNTAX"]
