"""Hostile and degenerate inputs: each gives a located diagnostic, never a traceback.

How long each takes is measured by benchmarks/loader_bench.py, not asserted here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from vpcdocs.loader import LoadResult, load_bytes, load_file
from vpcdocs.loader.yamlsrc import MAX_BYTES, MAX_DEPTH, MAX_NODES, MIN_NODES, max_values


def codes(result: LoadResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def only(result: LoadResult, code: str, line: int = 1, col: int = 1) -> None:
    assert result.topology is None
    assert [(d.code, d.location.line, d.location.col) for d in result.diagnostics] == [
        (code, line, col)], result.diagnostics


def alias_bomb(levels: int, width: int = 9) -> bytes:
    lines = ["vpcdocs: 1", 'l0: &l0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    lines.append("vpcs: {}")
    return ("\n".join(lines) + "\n").encode()


def test_alias_bomb_stops_at_the_first_alias() -> None:
    only(load_bytes("bomb.yaml", alias_bomb(30)), "YAML_ALIAS", 3, 10)


def test_merge_keys_are_aliases_too() -> None:
    raw = b"vpcdocs: 1\nbase: &b {region: eu-west-1}\nvpcs:\n  v:\n    <<: *b\n"
    only(load_bytes("merge.yaml", raw), "YAML_ALIAS", 5, 9)


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_ten_thousand_levels_of_nesting(opener: str) -> None:
    raw = ("vpcdocs: 1\nvpcs: " + ("\n  " if opener == "- " else "") + opener * 10_000 + "x")
    result = load_bytes("deep.yaml", raw.encode())
    assert codes(result) in (["TOO_DEEP"], ["YAML_SYNTAX"]), result.diagnostics
    if opener != "- ":
        assert codes(result) == ["TOO_DEEP"]


def test_nesting_just_below_the_limit_is_read() -> None:
    raw = "vpcdocs: 1\nvpcs: {}\ntitle: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    result = load_bytes("deep.yaml", raw.encode())
    assert codes(result) == ["TYPE"]  # the title is a list: a schema error, not TOO_DEEP


def test_five_megabytes_over_a_one_megabyte_limit() -> None:
    raw = b"vpcdocs: 1\nvpcs: {}\ndescription: |\n" + b"  filler line of text\n" * 250_000
    assert len(raw) > 5_000_000
    result = load_bytes("big.yaml", raw, max_bytes=1024 * 1024)
    only(result, "FILE_TOO_LARGE")
    assert "1,048,576" in result.diagnostics[0].message


def test_over_the_default_limit() -> None:
    raw = b"vpcdocs: 1\nvpcs: {}\ndescription: |\n" + b"  filler line of text\n" * (
        MAX_BYTES // 22 + 1)
    assert len(raw) > MAX_BYTES
    result = load_bytes("big.yaml", raw)
    only(result, "FILE_TOO_LARGE")
    assert f"{MAX_BYTES:,}" in result.diagnostics[0].message


def test_a_file_at_the_limit_is_read() -> None:
    limit = 1024 * 1024
    head = b"vpcdocs: 1\nvpcs: {}\ndescription: |\n"
    line = b"  filler line of text\n"
    raw = head + line * ((limit - len(head)) // len(line))
    assert len(raw) <= limit
    assert load_bytes("big.yaml", raw, max_bytes=limit).ok


def test_too_many_values_in_a_small_file() -> None:
    raw = b"vpcdocs: 1\nvpcs: {}\ntitle: [" + b"a, " * 200_000 + b"]\n"
    assert len(raw) < MAX_BYTES and max_values(len(raw)) < 200_000
    only(load_bytes("dense.yaml", raw), "FILE_TOO_LARGE")


def test_the_value_limit_grows_with_the_file() -> None:
    """Values are bounded in proportion to the file's size, not by one constant: a dense file
    is refused early, a large topology of ordinary density is read."""
    assert max_values(0) == MIN_NODES
    assert max_values(12_000_000) == MIN_NODES + 3_000_000
    assert max_values(MAX_BYTES) == MAX_NODES


def test_the_size_limit_is_a_setting() -> None:
    raw = b"vpcdocs: 1\nvpcs: {}\n"
    only(load_bytes("small.yaml", raw, max_bytes=10), "FILE_TOO_LARGE")
    assert "the limit is 10 bytes" in load_bytes("small.yaml", raw, max_bytes=10).diagnostics[0].message
    assert load_bytes("small.yaml", raw, max_bytes=len(raw)).ok


def test_examples_are_far_below_the_limits() -> None:
    root = Path(__file__).resolve().parent.parent / "examples"
    for path in root.glob("*.yaml"):
        assert path.stat().st_size < MAX_BYTES / 4
    raw = b"vpcdocs: 1\nvpcs: {}\ntitle: [" + b"a, " * 20_000 + b"]\n"
    assert max_values(len(raw)) > 20_000
    assert [d.code for d in load_bytes("dense.yaml", raw).diagnostics] == ["TYPE"]


def test_nul_bytes() -> None:
    only(load_bytes("nul.yaml", b"vpcdocs: 1\nvpcs: {\x00\x00}\n"), "BINARY_FILE", 2, 8)


@pytest.mark.parametrize("seed", range(8))
def test_random_binary(seed: int) -> None:
    raw = random.Random(seed).randbytes(4096)
    result = load_bytes("random.bin", raw)
    assert result.topology is None
    assert result.diagnostics
    assert {d.code for d in result.diagnostics} <= {"BINARY_FILE", "ENCODING", "YAML_SYNTAX"}


def test_random_printable_text() -> None:
    rng = random.Random(7)
    raw = "".join(rng.choice("abc:-[]{}# \n'\"") for _ in range(5000)).encode()
    result = load_bytes("soup.yaml", raw)
    assert result.topology is None
    assert result.diagnostics


@pytest.mark.parametrize("raw", [b"", b"\n\n  \n", b"\xef\xbb\xbf", b"# only a comment\n",
                                 b"---\n", b"---\n...\n", b"~\n"])
def test_empty_documents(raw: bytes) -> None:
    only(load_bytes("empty.yaml", raw), "EMPTY_FILE")


@pytest.mark.parametrize("raw", [b"- a\n- b\n", b"[1, 2]\n", b"hello\n", b"42\n", b"true\n",
                                 b'"quoted"\n'])
def test_documents_that_are_not_mappings(raw: bytes) -> None:
    only(load_bytes("doc.yaml", raw), "NOT_A_MAPPING")


def test_utf8_bom_is_accepted() -> None:
    assert load_bytes("bom.yaml", b"\xef\xbb\xbfvpcdocs: 1\nvpcs: {}\n").ok


def test_windows_line_endings_keep_lines_right() -> None:
    raw = b"vpcdocs: 1\r\nvpcs:\r\n  v:\r\n    region: eu-west-9\r\n    cidr: 10.0.0.0/16\r\n"
    only(load_bytes("crlf.yaml", raw), "BAD_REGION", 4, 13)


def test_huge_number_is_a_diagnostic() -> None:
    raw = b"vpcdocs: " + b"9" * 10_000 + b"\nvpcs: {}\n"
    only(load_bytes("num.yaml", raw), "BAD_VALUE", 1, 10)


def test_thousands_of_duplicate_keys_are_all_reported() -> None:
    raw = b"vpcdocs: 1\nvpcs: {}\n" + b"title: x\n" * 2000
    result = load_bytes("dups.yaml", raw)
    assert codes(result).count("DUPLICATE_KEY") == 1999


def test_many_unknown_references_each_get_a_diagnostic() -> None:
    subnets = "".join(f"      s{i}: {{az: eu-west-1a, cidr: 10.0.{i}.0/24, route_table: rt{i}}}\n"
                      for i in range(200))
    raw = ("vpcdocs: 1\nvpcs:\n  v:\n    region: eu-west-1\n    cidr: 10.0.0.0/16\n"
           "    subnets:\n" + subnets).encode()
    result = load_bytes("refs.yaml", raw)
    assert codes(result) == ["UNKNOWN_REFERENCE"] * 200


def test_unreadable_paths(tmp_path: Path) -> None:
    only(load_file(tmp_path / "missing.yaml"), "CANNOT_READ")
    only(load_file(tmp_path), "NOT_A_FILE")


def test_line_breaks_in_keys_and_values_are_escaped_in_messages() -> None:
    raw = (b'? |\n  a\n: b\nvpcdocs: 1\nvpcs:\n  v: {region: eu-west-1, cidr: "10.0.0.0/16\\nx"}\n'
           b'? "dup\\r\\n"\n: 1\n? "dup\\r\\n"\n: 2\n')
    result = load_bytes("breaks.yaml", raw)
    messages = [d.message for d in result.diagnostics]
    assert "unknown key `a\\n` at the top level" in messages
    assert "unknown key `dup\\r\\n` at the top level" in messages
    assert any(m.startswith("`10.0.0.0/16\\nx` is not") for m in messages)
    assert any(m.startswith("duplicate key `dup\\r\\n`:") for m in messages)
    assert all("\n" not in d.message and "\r" not in d.message for d in result.diagnostics)
