"""The bundled data files read alike through libyaml and ruamel.yaml's pure-Python parser
(`vpcdocs.data.read_data` uses the former when ruamel.yaml.clib is installed)."""

from __future__ import annotations

from importlib import resources

import pytest
from ruamel.yaml import YAML

from vpcdocs import data

NAMES = sorted(p.name for p in resources.files("vpcdocs.data").iterdir()
               if p.name.endswith(".yaml"))


def test_every_data_file_is_listed() -> None:
    assert {"services.yaml", "prices.yaml", "companions.yaml", "prefix_lists.yaml"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_fast_reader_equals_pure_reader(name: str) -> None:
    text = resources.files("vpcdocs.data").joinpath(name).read_text(encoding="utf-8")
    pure = YAML(typ="safe", pure=True).load(text)
    assert data.read_data(name) == pure
    # and the types match too (1 == True == 1.0 in Python)
    assert repr(data.read_data(name)) == repr(pure)


def test_reader_uses_libyaml_when_installed() -> None:
    pytest.importorskip("_ruamel_yaml")
    from ruamel.yaml.parser import Parser
    assert data._yaml().Parser is not Parser  # the C one
