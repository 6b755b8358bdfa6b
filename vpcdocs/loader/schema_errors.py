"""Turn pydantic validation errors into located, readable diagnostics.

Pydantic reports a `loc` path such as ('vpcs', 'app', 'subnets', 'a', 'cidr'); we find that path's
line and column in the YAML, pick the key's place for problems with a whole object and the value's
place for a wrong value, and say what is allowed (with the closest key for a typo).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from vpcdocs.diagnostics import Diagnostic, error
from vpcdocs.loader.yamlsrc import Path, Positions

HINTS = {
    "ACCOUNT_NOT_QUOTED": "an unquoted number loses leading zeros; write account: \"012345678901\"",
}

TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "tuple_type": "a list",
    "list_type": "a list",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"`{value}`"


def _data_path(data: Any, loc: Sequence[Any]) -> tuple[Path, bool]:
    """Follow `loc` through the data; skip pydantic-only elements (union tags, '[key]').

    Returns the path that exists in the data and whether the error is about a dict key.
    """
    path: list[str | int] = []
    node = data
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            # a missing or unknown key: keep it so the message can name it
            path.append(part)
            node = None
        # anything else is a pydantic-internal element (e.g. a union member name)
    return tuple(path), is_key


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional / Annotated / Union."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def model_at(root: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The pydantic model class describing the object at `path`, if any."""
    current: Any = root
    for part in path:
        found: Any = None
        for cand in _unwrap(current):
            origin = typing.get_origin(cand)
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                field_name = _field_for_key(cand, part)
                if field_name is not None:
                    found = cand.model_fields[field_name].annotation
                    break
            elif origin in (dict, tuple, list):
                args = typing.get_args(cand)
                found = args[-1] if origin is dict else args[0]
                break
        if found is None:
            return None
        current = found
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _field_for_key(model: type[BaseModel], key: Any) -> str | None:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return name
    return None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _object_name(path: Path) -> str:
    if not path:
        return "the top level"
    return f"`{path[-1]}`" if isinstance(path[-1], str) else f"item {path[-1]}"


def to_diagnostics(
    exc: ValidationError, data: Any, pos: Positions, root: type[BaseModel]
) -> list[Diagnostic]:
    diags = []
    for err in exc.errors(include_url=False):
        path, is_key = _data_path(data, err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        hint = HINTS.get(kind)
        if kind == "missing":
            parent = path[:-1]
            where = pos.key(parent)
            message = f"{_object_name(parent)} is missing the required key `{path[-1]}`"
            code = "MISSING_KEY"
        elif kind == "extra_forbidden":
            where = pos.key(path)
            model = model_at(root, path[:-1])
            keys = allowed_keys(model) if model else []
            message = f"unknown key `{path[-1]}` in {_object_name(path[:-1])}"
            close = difflib.get_close_matches(str(path[-1]), keys, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean `{close[0]}`? allowed keys: {', '.join(keys)}"
            elif keys:
                hint = f"allowed keys: {', '.join(keys)}"
            code = "UNKNOWN_KEY"
        elif kind == "string_pattern_mismatch" and (is_key or (path and path[-1] != "pattern")):
            where = pos.key(path) if is_key else pos.value(path)
            name = path[-1] if is_key else err.get("input")
            message = (f"`{name}` is not a valid name: use 1-64 characters from A-Za-z0-9._- "
                       "starting with a letter or digit")
            code = "BAD_NAME"
        elif kind in TYPE_NAMES:
            where = pos.key(path) if is_key else pos.value(path)
            what = "a name" if is_key else f"`{path[-1]}`" if path else "the document"
            message = f"{what} must be {TYPE_NAMES[kind]}, not {_describe(err.get('input'))}"
            code = "TYPE"
        elif kind == "literal_error":
            where = pos.value(path)
            message = (f"`{path[-1]}` must be {ctx.get('expected', 'one of the allowed values')}, "
                       f"not {_describe(err.get('input'))}")
            code = "BAD_VALUE"
        elif kind in ("too_short", "too_long", "greater_than_equal", "greater_than",
                      "less_than_equal", "less_than"):
            where = pos.value(path)
            message = f"`{path[-1]}`: {err['msg'][0].lower()}{err['msg'][1:]}"
            code = "BAD_VALUE"
        elif kind.isupper():  # our own PydanticCustomError codes
            value_error = isinstance(err.get("input"), str | int | float) or is_key
            where = pos.key(path) if (is_key or not value_error) else pos.value(path)
            message = err["msg"]
            code = kind
        else:
            where = pos.value(path)
            message = err["msg"]
            code = "INVALID"
        diags.append(error(code, message, where, hint))
    return diags
