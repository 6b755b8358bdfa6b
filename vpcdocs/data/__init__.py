"""Data files shipped with vpcdocs (service catalogue, price table) and their readers."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML


@cache
def read_data(name: str) -> Any:
    """Parse a bundled YAML data file once (safe loader: plain Python data)."""
    text = resources.files("vpcdocs.data").joinpath(name).read_text(encoding="utf-8")
    return YAML(typ="safe", pure=True).load(text)
