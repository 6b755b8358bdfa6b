"""Turn pydantic validation errors into located, readable diagnostics.

Pydantic reports a `loc` path such as ('vpcs', 'app', 'subnets', 'a', 'cidr'); we find that path's
line and column in the YAML, pick the key's place for problems with a whole object and the value's
place for a wrong value, name the object in words ("subnet `a`"), and say what is allowed (with the
closest key or value for a typo).
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Sequence
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.loader import catalogue
from vpcdocs.loader.suggest import Suggester
from vpcdocs.loader.yamlsrc import Path, Positions

# pydantic model class name -> what the docs call it
LABELS = {
    "Topology": "the top level",
    "Vpc": "VPC",
    "Subnet": "subnet",
    "RouteTable": "route table",
    "Route": "route",
    "NatGateway": "NAT gateway",
    "Endpoint": "endpoint",
    "Workload": "workload",
    "Peering": "peering",
    "TransitGateway": "transit gateway",
    "TgwAttachment": "transit gateway attachment",
    "TgwRouteTable": "transit gateway route table",
    "TgwRoute": "route",
    "EndpointService": "endpoint service",
    "LoadBalancer": "load balancer",
    "HostedZone": "hosted zone",
    "Flow": "flow",
    "Pricing": "`pricing`",
    "SgRule": "rule",
    "SecurityGroup": "security group",
    "NaclRule": "rule",
    "NetworkAcl": "network ACL",
    "EndpointPolicy": "`policy`",
    "ResolverEndpoint": "Resolver endpoint",
    "Connection": "connection",
    "OnPremisesRoute": "route",
    "DnsForwarder": "DNS forwarder",
    "OnPremisesWorkload": "on-premises workload",
    "OnPremises": "on-premises network",
    "DxAssociation": "association",
    "DirectConnectGateway": "Direct Connect gateway",
    "ResolverRule": "Resolver rule",
    "PrefixList": "prefix list",
}

TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "tuple_type": "a list",
    "list_type": "a list",
}

MAX_SHOWN = 50  # characters of a user's value quoted in a message


def _clip(text: str) -> str:
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[:MAX_SHOWN - 10]}… ({len(text):,} characters)"


def _looks_typed(text: str) -> bool:
    """Whether a string would read as a number, a boolean or null if it were not quoted."""
    if text.lower() in ("true", "false", "null", "~", ""):
        return True
    try:
        float(text.replace("_", ""))
    except ValueError:
        return False
    return True


def describe(value: Any, source: str | None = None) -> str:
    """A user's value in words: `interfase`, the string "1", the number 5, a list, nothing."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {_clip(source if source is not None else str(value))}"
    text = str(value)
    if _looks_typed(text):
        return f'the string "{_clip(text)}"'
    return f"`{_clip(text)}`"


def data_path(data: Any, loc: Sequence[Any]) -> tuple[Path, bool]:
    """Follow `loc` through the data; skip pydantic-only elements (union tags, '[key]').

    Returns the path that exists in the data and whether the error is about a dict key.
    """
    path: list[Any] = []
    node = data
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(node, dict) and part not in node and isinstance(part, str):
            # pydantic names a non-string key (1e3, null) by its str()
            part = next((k for k in node if not isinstance(k, str) and str(k) == part), part)
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


# What one step into a type leads to, for each concrete type in it: ("model", the model, its
# fields' annotations by key) or ("dict" | "list", None, the items' annotation). Computed once per
# annotation object (they live as long as the schema), since a file with thousands of schema
# errors asks about the same few types thousands of times.
_Step = tuple[str, Any, Any]
_STEPS: dict[int, tuple[Any, tuple[_Step, ...]]] = {}


def _steps(annotation: Any) -> tuple[_Step, ...]:
    known = _STEPS.get(id(annotation))
    if known is not None and known[0] is annotation:
        return known[1]
    steps: list[_Step] = []
    for cand in _unwrap(annotation):
        origin = typing.get_origin(cand)
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            fields = {(info.alias or name): info.annotation
                      for name, info in cand.model_fields.items()}
            steps.append(("model", cand, fields))
        elif origin in (dict, tuple, list):
            args = typing.get_args(cand)
            steps.append(("dict", None, args[-1]) if origin is dict else ("list", None, args[0]))
    _STEPS[id(annotation)] = (annotation, tuple(steps))
    return tuple(steps)


def annotation_at(root: type[BaseModel], path: Path) -> Any:
    """The type annotation describing the value at `path` (None when the path leaves the schema)."""
    current: Any = root
    for part in path:
        found: Any = None
        for kind, _model, inner in _steps(current):
            if kind != "model":
                found = inner
                break
            if isinstance(part, str) and part in inner:
                found = inner[part]
                break
        if found is None:
            return None
        current = found
    return current


def model_at(root: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The pydantic model class describing the object at `path`, if any."""
    return next((model for kind, model, _ in _steps(annotation_at(root, path))
                 if kind == "model"), None)


def is_dict_entry(root: type[BaseModel], path: Path) -> bool:
    """Whether `path` is an entry of a mapping keyed by the user (names, accounts, regions)."""
    if not path:
        return False
    return any(kind == "dict" for kind, _, _ in _steps(annotation_at(root, path[:-1])))


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def object_name(root: type[BaseModel], path: Path) -> str:
    """The object at `path` in words: "subnet `a`", "route 2 of route table `r`", "the top level"."""
    if not path:
        return "the top level"
    model = model_at(root, path)
    label = LABELS.get(model.__name__, "") if model is not None else ""
    last = path[-1]
    if isinstance(last, int):
        owner = object_name(root, path[:-2]) if len(path) >= 2 else "the list"
        what = label or "item"
        return f"{what} {last + 1} of {owner}" if len(path) >= 2 else f"{what} {last + 1}"
    if model is not None and is_dict_entry(root, path):
        return f"{label} `{last}`"
    if model is not None and label and not label.startswith("`"):
        return f"the {label} `{last}`" if label == "load balancer" else f"`{last}`"
    return f"`{last}`"


def _literal_choices(expected: str) -> list[str]:
    """pydantic's "'a', 'b' or 'c'" -> ['a', 'b', 'c']."""
    parts = expected.replace(" or ", ", ").split(", ")
    return [p.strip().strip("'") for p in parts if p.strip()]


def to_diagnostics(
    exc: ValidationError, data: Any, pos: Positions, root: type[BaseModel],
    suggester: Suggester | None = None,
) -> list[Diagnostic]:
    suggest = suggester or Suggester()
    return [_one(err, data, pos, root, suggest) for err in exc.errors(include_url=False)]


def _one(err: Any, data: Any, pos: Positions, root: type[BaseModel],
         suggest: Suggester) -> Diagnostic:
    path, is_key = data_path(data, err["loc"])
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    source = (pos.key_texts if is_key else pos.texts).get(path)
    field = f"`{path[-1]}`" if path and isinstance(path[-1], str) else "this item"
    hint: str | None = None
    where: Location
    if kind == "missing":
        parent = path[:-1]
        where = pos.key(parent)
        return error(DiagnosticCode.MISSING_KEY, f"{object_name(root, parent)} is missing the required key "
                     f"`{path[-1]}`", where, _missing_hint(root, parent, str(path[-1])))
    if kind == "extra_forbidden":
        where = pos.key(path)
        model = model_at(root, path[:-1])
        keys = allowed_keys(model) if model else []
        close = suggest.closest(str(path[-1]), keys)
        if close:
            hint = f"did you mean `{close}`? allowed keys: {', '.join(keys)}"
        elif keys:
            hint = f"allowed keys: {', '.join(keys)}"
        owner = object_name(root, path[:-1])
        where_text = "at the top level" if not path[:-1] else f"in {owner}"
        return error(DiagnosticCode.UNKNOWN_KEY, f"unknown key `{_clip(str(path[-1]))}` {where_text}", where,
                     hint)
    if kind == "string_pattern_mismatch":
        where = pos.key(path) if is_key else pos.value(path)
        return error(DiagnosticCode.BAD_NAME,
                     f"{describe(value)} is not a valid name: use 1-64 characters from "
                     "A-Za-z0-9._- starting with a letter or digit", where,
                     "names cannot contain spaces, slashes or colons")
    if kind in TYPE_NAMES:
        where = pos.key(path) if is_key else pos.value(path)
        what = "a name" if is_key else field
        if kind in ("model_type", "model_attributes_type", "dict_type") and path and not is_key:
            what = object_name(root, path)
        expected = TYPE_NAMES[kind]
        if kind == "list_type" and isinstance(value, str):
            hint = f"write a list, even of one item: [{_clip(value)}]"
        elif kind == "string_type" and is_key:
            hint = f'quote it: "{source if source is not None else value}"'
        elif kind in ("model_type", "dict_type") and value is None:
            hint = "write its keys under it, indented, or remove the line"
        return error(DiagnosticCode.TYPE, f"{what} must be {expected}, not {describe(value, source)}", where,
                     hint)
    if kind == "literal_error":
        where = pos.value(path)
        expected = str(ctx.get("expected", "one of the allowed values"))
        if path == ("vpcdocs",):
            return error(DiagnosticCode.BAD_VALUE, f"`vpcdocs` must be 1 (the format version), not "
                         f"{describe(value, source)}", where,
                         "this version of vpcdocs reads format 1")
        choices = _literal_choices(expected)
        close = suggest.closest(value, choices) if isinstance(value, str) else None
        return error(DiagnosticCode.BAD_VALUE,
                     f"{field} must be {_or(choices)}, not {describe(value, source)}",
                     where, f"did you mean `{close}`?" if close else None)
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        where = pos.value(path)
        if isinstance(value, float) and not math.isfinite(value):
            return error(DiagnosticCode.BAD_VALUE, f"{field} must be a finite number, not "
                         f"{describe(value, source)}", where)
        words = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "?")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return error(DiagnosticCode.BAD_VALUE, f"{field} must be {words} {limit}, not "
                     f"{describe(value, source)}", where)
    if kind in ("finite_number",):
        return error(DiagnosticCode.BAD_VALUE, f"{field} must be a finite number, not "
                     f"{describe(value, source)}", pos.value(path))
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        where = pos.value(path)
        n = ctx.get("min_length" if kind.endswith("too_short") else "max_length", "?")
        words = "at least" if kind.endswith("too_short") else "at most"
        if kind == "string_too_short" and n == 1:
            return error(DiagnosticCode.BAD_VALUE, f"{field} must not be empty", where)
        unit = "character" if kind.startswith("string") else "item"
        return error(DiagnosticCode.BAD_VALUE, f"{field} must have {words} {n} {unit}{'s' if n != 1 else ''}",
                     where)
    if kind.isupper():  # our own PydanticCustomError codes
        at = ctx.get("at")
        if at is not None:
            path = (*path, at)
            where = pos.key(path)
        else:
            value_error = isinstance(value, str | int | float) or is_key
            where = pos.key(path) if (is_key or not value_error) else pos.value(path)
        message = str(err["msg"])
        if kind == "ACCOUNT_NOT_QUOTED":
            shown = source or str(value)
            message = f"account id {shown} is a number; write it as a quoted string: \"{shown}\""
            hint = ("YAML reads an unquoted account id as a number, which loses leading zeros "
                    "(0123... becomes 123...)")
        elif kind == "BAD_REGION" and isinstance(value, str):
            close = (value.lower() if value.lower() in catalogue.regions()
                     else suggest.closest(value, catalogue.regions(), 0.7))
            hint = f"did you mean `{close}`?" if close else "Region names look like eu-west-2"
        elif kind == "BAD_CIDR" and isinstance(value, str) and value.startswith("pl-"):
            hint = ("a gateway endpoint's prefix-list route is implicit: list the route table in "
                    "the endpoint's `route_tables` instead")
        elif kind == "BAD_PRINCIPAL" and isinstance(value, str) and value.isdigit():
            hint = f"a whole account is arn:aws:iam::{value}:root"
        elif kind == "BAD_PRINCIPAL" and isinstance(value, str) and value.endswith(":root") \
                and "policy principal" in str(err["msg"]):
            hint = f'a whole account is written as its 12 digits: "{value.split(":")[4]}"'
        elif kind == "BAD_PRINCIPAL" and isinstance(value, str) and value.endswith(":root") \
                and "role or user ARN" in str(err["msg"]):
            hint = "requests are signed by an IAM role or user, not by an account"
        elif kind == "CIDR_HOST_BITS":
            hint = f"write {ctx.get('net')}"
        return error(DiagnosticCode(kind), message, where, hint)
    where = pos.value(path)
    return error(DiagnosticCode.INVALID, f"{field}: {str(err['msg'])[0].lower()}{str(err['msg'])[1:]}", where)


def _or(choices: list[str]) -> str:
    if len(choices) == 1:
        return choices[0]
    return f"{', '.join(choices[:-1])} or {choices[-1]}"


TOP_LEVEL_HINTS = {
    "vpcdocs": "start the file with `vpcdocs: 1` (the format version)",
    "vpcs": "add `vpcs:` with at least one VPC; `vpcdocs init` writes a starter file",
}


def _missing_hint(root: type[BaseModel], parent: Path, key: str) -> str | None:
    if not parent and key in TOP_LEVEL_HINTS:
        return TOP_LEVEL_HINTS[key]
    model = model_at(root, parent)
    if model is None:
        return None
    info = model.model_fields.get(key) or next(
        (f for f in model.model_fields.values() if f.alias == key), None)
    if info is not None and info.description:
        return f"`{key}`: {info.description}"
    return None
