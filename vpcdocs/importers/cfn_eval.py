"""CloudFormation's intrinsic functions, evaluated as far as a template alone allows.

Implemented after the CloudFormation User Guide's "Intrinsic function reference":
`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::GetAZs`, `Fn::Cidr`,
`Fn::If` with `Conditions` (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`),
`AWS::NoValue`, `Fn::FindInMap`, `Fn::Base64`, `Fn::Length`, `Fn::ImportValue` (matched to the
`Export`s of the other templates given), parameters (given values, else defaults) and pseudo
parameters. A `Ref` to a resource gives the resource's key in the estate (`file#Logical`), so
references between resources are followed without knowing AWS's ids. A value that depends on
something only AWS knows (an account id that was not given, an unknown attribute) is `Unknown`,
which spreads through the functions that use it.

A cycle (a condition that depends on itself, a `Fn::GetAtt`/`Fn::Sub` chain that comes back to
where it started) and nesting deeper than `MAX_DEPTH` are located errors.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic
from vpcdocs.importers.cfn_template import Template

MAX_DEPTH = 60


@dataclass(frozen=True)
class Unknown:
    why: str

    def __str__(self) -> str:
        return f"<unknown: {self.why}>"


class _NoValue:
    pass


NO_VALUE = _NoValue()


class CfnError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.message)


def az_names(region: str) -> list[str]:
    """`Fn::GetAZs`: the Region's zones as the template cannot know them; us-east-1 has six
    (a-f), every other Region is taken to have a, b and c (an assumption, noted)."""
    letters = "abcdef" if region == "us-east-1" else "abc"
    return [region + c for c in letters]


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass
class Stack:
    """One template being evaluated."""

    template: Template
    key_prefix: str  # the file name: resource keys are `<file>#<Logical>`
    params: dict[str, Any]
    region: str
    exports: Any  # callable: export name -> value (across stacks)
    notes: list[str] = field(default_factory=list)
    _conditions: dict[str, bool | Unknown] = field(default_factory=dict)
    _busy: list[str] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.template.data

    def key(self, logical: str) -> str:
        return f"{self.key_prefix}#{logical}"

    def resources(self) -> dict[str, Any]:
        res = self.data.get("Resources")
        return res if isinstance(res, dict) else {}

    def fail(self, code: DiagnosticCode, message: str, path: tuple[object, ...]) -> CfnError:
        return CfnError(self.template.problem(code, message, path))

    # ------------------------------------------------------------------ conditions

    def condition(self, name: object, path: tuple[object, ...]) -> bool | Unknown:
        if not isinstance(name, str):
            raise self.fail(DiagnosticCode.CFN_BAD_CONDITION, "a condition name should be a string", path)
        if name in self._conditions:
            return self._conditions[name]
        conditions = self.data.get("Conditions")
        if not isinstance(conditions, dict) or name not in conditions:
            raise self.fail(DiagnosticCode.CFN_UNKNOWN_CONDITION, f"no condition named `{name}`", path)
        marker = "Condition:" + name
        if marker in self._busy:
            chain = " -> ".join(b.split(":", 1)[1] for b in self._busy[self._busy.index(marker):])
            raise self.fail(DiagnosticCode.CFN_CYCLE, f"condition `{name}` depends on itself ({chain} -> "
                            f"{name})", ("Conditions", name))
        self._busy.append(marker)
        try:
            value = self.truth(conditions[name], ("Conditions", name))
        finally:
            self._busy.pop()
        self._conditions[name] = value
        return value

    def truth(self, node: Any, path: tuple[object, ...]) -> bool | Unknown:
        value = self.eval(node, path)
        if isinstance(value, (bool, Unknown)):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise self.fail(DiagnosticCode.CFN_BAD_CONDITION, "a condition should be true or false", path)

    # ------------------------------------------------------------------ values

    def eval(self, node: Any, path: tuple[object, ...], depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(DiagnosticCode.CFN_TOO_DEEP, f"functions nested more than {MAX_DEPTH} deep", path)
        if isinstance(node, list):
            items = [self.eval(v, (*path, i), depth + 1) for i, v in enumerate(node)]
            return [v for v in items if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (fn, arg), = node.items()
            if fn == "Ref" or fn.startswith("Fn::") or fn == "Condition":
                return self.function(fn, arg, (*path, fn), depth + 1)
        out = {}
        for k, v in node.items():
            value = self.eval(v, (*path, k), depth + 1)
            if value is not NO_VALUE:
                out[k] = value
        return out

    def function(self, fn: str, arg: Any, path: tuple[object, ...], depth: int) -> Any:
        if fn == "Ref":
            return self.ref(arg, path)
        if fn == "Condition":
            return self.condition(arg, path)
        if fn == "Fn::If":
            if not isinstance(arg, list) or len(arg) != 3:
                raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION,
                                "Fn::If takes [condition, if-true, if-false]",
                                path)
            cond = self.condition(arg[0], (*path, 0))
            if isinstance(cond, Unknown):
                return cond
            return self.eval(arg[1] if cond else arg[2], (*path, 1 if cond else 2), depth)
        if fn in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not"):
            return self.logic(fn, arg, path, depth)
        value = self.eval(arg, path, depth)
        if isinstance(value, Unknown):
            return value
        handler = getattr(self, "fn_" + fn[4:].lower(), None) if fn.startswith("Fn::") else None
        if handler is None:
            self.notes.append(f"{self.key_prefix}: {fn} is not evaluated")
            return Unknown(fn)
        return handler(value, path, depth)

    def logic(self, fn: str, arg: Any, path: tuple[object, ...], depth: int) -> bool | Unknown:
        if not isinstance(arg, list):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, f"{fn} takes a list", path)
        if fn == "Fn::Equals":
            if len(arg) != 2:
                raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Equals takes two values", path)
            a, b = (self.eval(x, (*path, i), depth) for i, x in enumerate(arg))
            if isinstance(a, Unknown) or isinstance(b, Unknown):
                return Unknown("a condition on an unknown value")
            return _text(a) == _text(b)
        values = [self.truth(x, (*path, i)) for i, x in enumerate(arg)]
        if fn == "Fn::Not":
            if len(values) != 1:
                raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Not takes one condition", path)
            return values[0] if isinstance(values[0], Unknown) else not values[0]
        known = [v for v in values if not isinstance(v, Unknown)]
        if fn == "Fn::And":
            if any(v is False for v in known):
                return False
            return True if len(known) == len(values) else Unknown("a condition")
        if any(v is True for v in known):
            return True
        return False if len(known) == len(values) else Unknown("a condition")

    def ref(self, name: Any, path: tuple[object, ...]) -> Any:
        if not isinstance(name, str):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Ref takes a name", path)
        pseudo: dict[str, Any] = {"AWS::Region": self.region, "AWS::Partition": partition_of(self.region),
                  "AWS::URLSuffix": "amazonaws.com.cn" if self.region.startswith("cn-")
                  else "amazonaws.com",
                  "AWS::StackName": self.key_prefix.rsplit(".", 1)[0], "AWS::NotificationARNs": []}
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.params:
            return self.params[name]
        if name in pseudo:
            return pseudo[name]
        if name.startswith("AWS::"):
            return Unknown(name)
        if name in self.resources():
            return self.key(name)
        params = self.data.get("Parameters")
        if isinstance(params, dict) and name in params:
            spec = params[name] if isinstance(params[name], dict) else {}
            if "Default" in spec:
                return _param_value(spec, spec["Default"])
            self.notes.append(f"{self.key_prefix}: parameter {name} has no value (give "
                              f"--parameter {name}=...)")
            return Unknown(f"parameter {name}")
        raise self.fail(DiagnosticCode.CFN_UNKNOWN_REF, f"Ref to `{name}`: no parameter or resource of that "
                        "name", path)

    def get_att(self, logical: str, attr: str, path: tuple[object, ...]) -> Any:
        resources = self.resources()
        if logical not in resources:
            raise self.fail(DiagnosticCode.CFN_UNKNOWN_REF, f"Fn::GetAtt of `{logical}`: no resource of that "
                            "name", path)
        res: dict[str, Any] = resources[logical] if isinstance(resources[logical], dict) else {}
        rtype = str(res.get("Type", ""))
        props: dict[str, Any] = res["Properties"] if isinstance(res.get("Properties"), dict) \
            else {}
        if rtype == "AWS::EC2::VPCEndpoint" and attr == "DnsEntries":
            # `hosted-zone-id:dns-name` entries; the name stands for the endpoint itself
            return [f"Z0000000000000:{self.key(logical)}"]
        if attr in props:
            marker = f"GetAtt:{logical}.{attr}"
            if marker in self._busy:
                chain = " -> ".join(b.split(":", 1)[1] for b in self._busy[self._busy.index(
                    marker):])
                raise self.fail(DiagnosticCode.CFN_CYCLE, f"{logical}.{attr} depends on itself ({chain} -> "
                                f"{logical}.{attr})", path)
            self._busy.append(marker)
            try:
                return self.eval(props[attr], ("Resources", logical, "Properties", attr))
            finally:
                self._busy.pop()
        if attr in ("Id", "Arn") or (attr.endswith(("Id", "Arn")) and attr != "DefaultSecurityGroup"):
            return self.key(logical)
        return Unknown(f"{logical}.{attr}")

    # ------------------------------------------------------------------ Fn::*

    def fn_getatt(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        if isinstance(value, str):
            value = value.split(".", 1)
        if not isinstance(value, list) or len(value) != 2 or not all(
                isinstance(v, str) for v in value):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::GetAtt takes [resource, attribute]", path)
        return self.get_att(value[0], value[1], path)

    def fn_sub(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(value, list):
            if len(value) != 2 or not isinstance(value[1], dict):
                raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Sub takes a string or [string, "
                                "{variables}]", path)
            value, variables = value
        if not isinstance(value, str):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Sub takes a string", path)
        unknown: list[Unknown] = []

        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                found = variables[name]
            elif "." in name and not name.startswith("AWS::"):
                logical, attr = name.split(".", 1)
                found = self.get_att(logical, attr, path)
            else:
                found = self.ref(name, path)
            if isinstance(found, Unknown):
                unknown.append(found)
                return ""
            return _text(found)

        text = re.sub(r"\$\{([^}]*)\}", one, value)
        return unknown[0] if unknown else text

    def fn_join(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        if not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], list):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Join takes [delimiter, [values]]", path)
        parts = value[1]
        for p in parts:
            if isinstance(p, Unknown):
                return p
        return str(value[0]).join(_text(p) for p in parts)

    def fn_split(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        if not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], str):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Split takes [delimiter, string]", path)
        return value[1].split(str(value[0]))

    def fn_select(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Select takes [index, list]", path)
        index, items = value
        if isinstance(items, Unknown):
            return items
        try:
            i = int(index)
        except (TypeError, ValueError):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Select's index should be a number",
                            path) from None
        if not isinstance(items, list) or not 0 <= i < len(items):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, f"Fn::Select index {i} is outside the list",
                            path)
        return items[i]

    def fn_getazs(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        region = value if isinstance(value, str) and value else self.region
        self.notes.append(f"{self.key_prefix}: Fn::GetAZs gives {', '.join(az_names(region))} "
                          "(the Availability Zones of an account are not in a template)")
        return az_names(region)

    def fn_cidr(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        if not isinstance(value, list) or len(value) != 3:
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::Cidr takes [block, count, bits]", path)
        try:
            net = ipaddress.ip_network(str(value[0]), strict=False)
            count, bits = int(value[1]), int(value[2])
            subnets = net.subnets(new_prefix=net.max_prefixlen - bits)
            out: list[str] = []
            for sub in subnets:
                if len(out) >= count:
                    break
                out.append(str(sub))
        except (ValueError, TypeError):
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, f"Fn::Cidr cannot split {value[0]!r} that way",
                            path) from None
        return out

    def fn_findinmap(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        mappings = self.data.get("Mappings")
        if not isinstance(value, list) or len(value) < 3:
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, "Fn::FindInMap takes [map, key, key]", path)
        try:
            return mappings[value[0]][_text(value[1])][_text(value[2])]  # type: ignore[index]
        except (KeyError, TypeError):
            if len(value) == 4 and isinstance(value[3], dict) and "DefaultValue" in value[3]:
                return value[3]["DefaultValue"]
            raise self.fail(DiagnosticCode.CFN_BAD_FUNCTION, f"Fn::FindInMap: {value[:3]} is not in "
                            "Mappings", path) from None

    def fn_base64(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        return value

    def fn_length(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        return len(value) if isinstance(value, list) else Unknown("Fn::Length")

    def fn_tojsonstring(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        return json.dumps(value, sort_keys=True, default=str)

    def fn_importvalue(self, value: Any, path: tuple[object, ...], depth: int) -> Any:
        found = self.exports(_text(value))
        if found is None:
            self.notes.append(f"{self.key_prefix}: Fn::ImportValue {_text(value)} matches no "
                              "Export of the templates given: an unresolved reference")
            return Unknown(f"ImportValue {_text(value)}")
        return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _param_value(spec: dict[str, Any], value: Any) -> Any:
    ptype = str(spec.get("Type", "String"))
    if isinstance(value, str) and (ptype.startswith("List<") or ptype == "CommaDelimitedList"):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def param_value(spec: Any, value: str) -> Any:
    return _param_value(spec if isinstance(spec, dict) else {}, value)
