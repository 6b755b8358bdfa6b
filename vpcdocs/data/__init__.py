"""Data files shipped with vpcdocs (service catalogue, price table) and their readers."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML


def _yaml() -> YAML:
    """ruamel.yaml's safe loader, through libyaml (ruamel.yaml.clib) when it is installed: the
    catalogue and the price table are read by every command, and the pure-Python parser took
    about 0.5 s of CPU for them; the C one under 0.1 s. Both build the same data
    (tests/test_data_files.py compares them on every bundled file)."""
    return YAML(typ="safe")


@cache
def read_data(name: str) -> Any:
    """Parse a bundled YAML data file once (safe loader: plain Python data)."""
    text = resources.files("vpcdocs.data").joinpath(name).read_text(encoding="utf-8")
    return _yaml().load(text)
