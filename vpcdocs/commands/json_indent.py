"""`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, several times faster.

Python's `json` uses its C encoder only without `indent`; with it, every value goes through
the pure-Python generator encoder (`json.encoder._make_iterencode`), which was a fifth of
`vpcdocs paths --format json` on 100,000 flows (issue 16). This module builds the same text
with plain string joins and the C string escaper `json` itself uses
(`json.encoder.encode_basestring`, the `ensure_ascii=False` one).

orjson (`OPT_INDENT_2`) would be faster still but does not give the same bytes: it writes
`1e-05` as `1e-5` and refuses lone surrogates, which `json` accepts.

What the text must equal (tests/test_json_indent.py checks it against `json.dumps` on every
document the examples and generated designs make, and on random values):

* separators `,` and `: `, each item on its own line indented two spaces per level, `{}` and
  `[]` for empty containers, keys in insertion order;
* strings escaped as `json` does with `ensure_ascii=False` (only `"`, `\\` and control
  characters);
* `null`, `true`, `false`; integers as `int.__repr__`; floats as `float.__repr__`, and `NaN`,
  `Infinity`, `-Infinity`;
* subclasses of str, int, float, list, tuple and dict (enums among them) as `json` treats them;
  anything else is handed to `json.dumps` itself, which raises the same TypeError.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps"]

_INFINITY = float("inf")


def dumps(value: Any, indent: str = "") -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, for a value written at `indent`
    (spaces: its continuation lines start with it, as if the whole text were indented)."""
    return _encode(value, indent)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    # json.encoder._make_iterencode's _iterencode_dict, in its order of tests
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    return json.dumps({key: None})  # raises json's own TypeError


def _encode(value: Any, indent: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(value)
    if kind is dict:
        return _dict(value, indent)
    if kind is list or kind is tuple:
        return _list(value, indent)
    # subclasses, in the order json.encoder tests them
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple)):
        return _list(value, indent)
    if isinstance(value, dict):
        return _dict(value, indent)
    return json.dumps(value, indent=2, ensure_ascii=False)  # raises json's own TypeError


def _dict(value: dict[Any, Any], indent: str) -> str:
    if not value:
        return "{}"
    inner = indent + "  "
    items = [
        (encode_basestring(k) if type(k) is str else _key(k)) + ": "
        + (encode_basestring(v) if type(v) is str else _encode(v, inner))
        for k, v in value.items()
    ]
    return "{\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "}"


def _list(value: list[Any] | tuple[Any, ...], indent: str) -> str:
    if not value:
        return "[]"
    inner = indent + "  "
    items = [encode_basestring(v) if type(v) is str else _encode(v, inner) for v in value]
    return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"
