"""The loader's shortcuts for large files answer what the slow paths answer: plain scalars
typed through the per-character pattern cache as ruamel.yaml's resolver types them, and a
flow's protocol looked up by name as the Enum call makes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

import vpcdocs.loader.yamlsrc as yamlsrc
from vpcdocs import model as m
from vpcdocs.loader import build

SAMPLES = ["", "a", "true", "True", "TRUE", "tRue", "false", "yes", "no", "on", "off", "null",
           "Null", "~", "0", "010", "0o10", "0x1F", "-1", "+1", "1_000", "1.5", ".5", "-.inf",
           ".NaN", "1e3", "2026-12-08", "2026-12-08 01:02:03", "<<", "=", "10.0.0.0/16",
           "vpc-0001", "eu-west-1", "arn:aws:s3:::b/*", "1:20", "!x", "&a", "*a", "ä"]


def _composer(version: tuple[int, int] | None) -> yamlsrc._Composer:
    yaml = YAML(typ="safe", pure=True)
    if version is not None:
        yaml.version = version
    return yamlsrc._Composer(yamlsrc._Marks("t.yaml", "a: b\n"), yaml, yamlsrc.Positions("t.yaml"))


def _resolved(version: tuple[int, int] | None, text: str) -> str:
    yaml = YAML(typ="safe", pure=True)
    if version is not None:
        yaml.version = version
    return str(yaml.resolver.resolve(ScalarNode, text, (True, False)))


@pytest.mark.parametrize("version", [None, (1, 1), (1, 2)])
def test_plain_scalars_are_tagged_as_the_resolver_tags_them(version: tuple[int, int] | None) -> None:
    composer = _composer(version)
    for text in SAMPLES * 2:  # the second time through the cache
        assert composer.plain_tag(text) == _resolved(version, text), text


@given(st.lists(st.text(alphabet="abtfnyoTFN0123456789.+-_:eE~xX <=", max_size=8), max_size=20))
def test_random_plain_scalars_are_tagged_as_the_resolver_tags_them(texts: list[str]) -> None:
    composer = _composer(None)
    for text in texts:
        assert composer.plain_tag(text) == _resolved(None, text), text


@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_plain_strings_typed_once_are_the_same_values(parser: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if parser == "pure":
        monkeypatch.setattr(yamlsrc, "CParser", None)
    raw = b"a: [vpc-1, vpc-1, true, 010, x1, x1]\nb: vpc-1\n"
    assert yamlsrc.read_yaml("t.yaml", raw).data == {"a": ["vpc-1", "vpc-1", True, 10, "x1", "x1"],
                                                     "b": "vpc-1"}
    # `%YAML 1.1` types by the 1.1 rules (010 is octal; `yes` stays text: only true/false
    # are booleans to vpcdocs), whatever was cached for another document
    raw11 = b"%YAML 1.1\n---\na: [yes, 010, vpc-1]\n"
    assert yamlsrc.read_yaml("t.yaml", raw11).data == {"a": ["yes", 8, "vpc-1"]}


def test_flow_protocols_by_name_are_the_enum_members() -> None:
    for protocol in m.Protocol:
        assert build._PROTOCOLS[protocol.value] is m.Protocol(protocol.value)
        assert build._PROTOCOLS.get(protocol) is protocol  # a member is its own name
    assert set(build._PROTOCOLS) == {p.value for p in m.Protocol}
