"""Terraform's file formats as one list of resource instances, with references resolved.

Three inputs are read (Terraform's "JSON Output Format",
https://developer.hashicorp.com/terraform/internals/json-format, and the state file it writes):

* a plan (`terraform show -json plan.out`): `planned_values` (resources after the change; those
  being destroyed are absent), `resource_changes` (which are deleted; `after_unknown` marks values
  known only after apply), `prior_state` (data sources read while planning) and `configuration`
  (each attribute's expression and the objects it references: how a value unknown until apply,
  such as a new VPC's id, is followed to the resource it comes from, through module variables and
  outputs, at any depth);
* a state (`terraform show -json` with no plan): `values`;
* a raw state file (`terraform.tfstate`, format version 4): `resources[].instances[]`.

An instance's key is its AWS id when known, else its address (`module.net["a"].aws_subnet.x[0]`).
A reference is returned as an id (a known value) or an address; `Estate.resolve` maps both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic
from vpcdocs.importers.source import JsonDoc

ModulePath = tuple[tuple[str, Any], ...]  # ((module name, instance key or None), ...)

_MODULE = re.compile(r'module\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|-?\d+)\])?')
_REF = re.compile(r'^(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|-?\d+)\])?')


def index_text(index: Any) -> str:
    if index is None:
        return ""
    if isinstance(index, int) and not isinstance(index, bool):
        return f"[{index}]"
    return "[" + json.dumps(str(index)) + "]"


def _parse_index(text: str | None) -> Any:
    if not text:
        return None
    inner = text[1:-1]
    if inner.startswith('"'):
        try:
            return json.loads(inner)
        except ValueError:
            return inner.strip('"')
    try:
        return int(inner)
    except ValueError:
        return inner


def parse_module(address: str | None) -> ModulePath:
    if not address:
        return ()
    return tuple((m.group(1), _parse_index(m.group(2))) for m in _MODULE.finditer(address))


def module_text(path: ModulePath) -> str:
    return ".".join(f"module.{n}{index_text(k)}" for n, k in path)


@dataclass
class Instance:
    module: ModulePath
    mode: str  # managed | data
    type: str
    name: str
    index: Any
    values: dict[str, Any]
    where: tuple[object, ...]  # JSON path of `values` in the file
    unknown: Any = None  # plan: after_unknown
    provider_key: str | None = None  # plan: the configuration's provider key
    provider: str | None = None  # raw state: provider["registry…/aws"].alias

    @property
    def address(self) -> str:
        prefix = module_text(self.module)
        own = ("data." if self.mode == "data" else "") + f"{self.type}.{self.name}" + index_text(
            self.index)
        return f"{prefix}.{own}" if prefix else own

    @property
    def config_address(self) -> str:
        return ("data." if self.mode == "data" else "") + f"{self.type}.{self.name}"


@dataclass
class TfFile:
    """One Terraform JSON file, read: its instances and how to follow references."""

    doc: JsonDoc
    kind: str  # plan | state | raw-state
    instances: list[Instance] = field(default_factory=list)
    destroyed: int = 0  # resources the plan deletes
    deposed: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    configuration: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    by_config: dict[tuple[ModulePath, str], list[Instance]] = field(default_factory=dict)
    module_keys: dict[tuple[tuple[str, ...], str], list[Any]] = field(default_factory=dict)
    _configs: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)

    def problem(self, code: DiagnosticCode, message: str, path: tuple[object, ...]) -> None:
        self.problems.append(self.doc.problem(code, message, path))

    # ---- reading

    def expect(self, value: Any, kind: type, path: tuple[object, ...], what: str) -> Any:
        if isinstance(value, kind):
            return value
        self.problem(DiagnosticCode.TF_WRONG_TYPE, f"{what} should be {_article(kind)}, not "
                     f"{_describe(value)}", path)
        return kind()

    def index(self) -> None:
        for inst in self.instances:
            self.by_config.setdefault((inst.module, inst.config_address), []).append(inst)
            for depth in range(1, len(inst.module) + 1):
                parent = tuple(n for n, _ in inst.module[: depth - 1])
                key = inst.module[depth - 1][1]
                keys = self.module_keys.setdefault(((*parent, inst.module[depth - 1][0]),
                                                    module_text(inst.module[: depth - 1])), [])
                if key not in keys:
                    keys.append(key)

    # ---- configuration (plans only)

    def module_config(self, names: tuple[str, ...]) -> dict[str, Any]:
        mod = self.configuration.get("root_module")
        for name in names:
            if not isinstance(mod, dict):
                return {}
            call = (mod.get("module_calls") or {}).get(name)
            mod = call.get("module") if isinstance(call, dict) else None
        return mod if isinstance(mod, dict) else {}

    def resource_config(self, inst: Instance) -> dict[str, Any]:
        names = tuple(n for n, _ in inst.module)
        table = self._configs.get(names)
        if table is None:
            mod = self.module_config(names)
            table = {str(r.get("address")): r for r in mod.get("resources") or ()
                     if isinstance(r, dict)}
            self._configs[names] = table
        found = table.get(inst.config_address)
        return found if isinstance(found, dict) else {}

    def expression(self, inst: Instance, path: tuple[Any, ...]) -> Any:
        expr: Any = self.resource_config(inst).get("expressions") or {}
        for step in path:
            if isinstance(expr, list):
                if isinstance(step, int) and step < len(expr):
                    expr = expr[step]
                elif len(expr) == 1:
                    expr = expr[0][step] if isinstance(expr[0], dict) and step in expr[0] else None
                else:
                    return None
            elif isinstance(expr, dict):
                expr = expr.get(step)
            else:
                return None
            if expr is None:
                return None
        return expr

    def follow(self, module: ModulePath, refs: list[Any], self_index: Any,
               depth: int = 0) -> list[str]:
        """The instances (addresses) or literal values a list of references names."""
        if depth > 40:
            return []
        out: list[str] = []
        per_instance = self_index is not None and any(
            r in ("count.index", "each.key", "each.value") for r in refs)
        for ref in refs:
            if not isinstance(ref, str):
                continue
            for found in self._follow_one(module, ref, self_index if per_instance else None,
                                          depth):
                if found not in out:
                    out.append(found)
        return out

    def _follow_one(self, module: ModulePath, ref: str, self_index: Any,
                    depth: int) -> list[str]:
        if ref.startswith("var."):
            return self._variable(module, ref.split(".")[1].split("[")[0], depth)
        if ref.startswith("module."):
            match = _MODULE.match(ref)
            if match is None:
                return []
            rest = ref[match.end():].lstrip(".")
            output = re.split(r"[.\[]", rest)[0] if rest else None
            return self._output(module, match.group(1), _parse_index(match.group(2)),
                                output, depth)
        match = _REF.match(ref)
        if match is None or match.group(2) in ("count", "each", "self", "path", "local",
                                                "terraform"):
            return []
        config = ("data." if match.group(1) else "") + f"{match.group(2)}.{match.group(3)}"
        insts = self.by_config.get((module, config), [])
        wanted = _parse_index(match.group(4))
        if match.group(4):
            insts = [i for i in insts if i.index == wanted]
        elif self_index is not None and len(insts) > 1:
            same = [i for i in insts if i.index == self_index]
            insts = same or insts
        return [i.address for i in insts]

    def _variable(self, module: ModulePath, var: str, depth: int) -> list[str]:
        if not module:
            value = self.variables.get(var)
            if isinstance(value, dict):
                value = value.get("value")
            return [v for v in _strings(value)]
        parent = module[:-1]
        call = (self.module_config(tuple(n for n, _ in parent)).get("module_calls") or {}).get(
            module[-1][0]) or {}
        expr = (call.get("expressions") or {}).get(var) if isinstance(call, dict) else None
        return self._expr_values(parent, expr, module[-1][1], depth)

    def _output(self, module: ModulePath, name: str, key: Any, output: str | None,
                depth: int) -> list[str]:
        names = (*tuple(n for n, _ in module), name)
        outputs = self.module_config(names).get("outputs") or {}
        out = outputs.get(output) if isinstance(outputs, dict) and output else None
        expr = out.get("expression") if isinstance(out, dict) else None
        keys = self.module_keys.get((names, module_text(module)), [None])
        if key is not None:
            keys = [key]
        found: list[str] = []
        for k in keys:
            for value in self._expr_values((*module, (name, k)), expr, None, depth):
                if value not in found:
                    found.append(value)
        return found

    def _expr_values(self, module: ModulePath, expr: Any, self_index: Any,
                     depth: int) -> list[str]:
        if not isinstance(expr, dict):
            return []
        if "constant_value" in expr:
            return list(_strings(expr["constant_value"]))
        return self.follow(module, list(expr.get("references") or ()), self_index, depth + 1)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _article(kind: type) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false",
            int: "a number"}.get(kind, kind.__name__)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return "a number"


# --------------------------------------------------------------------------- the three formats


def detect(doc: JsonDoc) -> str | None:
    data = doc.data
    if not isinstance(data, dict):
        return None
    if "version" in data and "resources" in data and "format_version" not in data:
        return "raw-state"
    if "format_version" in data and ("planned_values" in data or "resource_changes" in data
                                     or "configuration" in data):
        return "plan"
    if "format_version" in data:
        return "state"
    return None


def read(doc: JsonDoc) -> TfFile:
    kind = detect(doc)
    assert kind is not None
    tf = TfFile(doc, kind)
    data = doc.data
    if kind == "raw-state":
        _raw_state(tf, data)
    elif kind == "state":
        values = tf.expect(data.get("values") or {}, dict, ("values",), "`values`")
        _module(tf, values.get("root_module") or {}, ("values", "root_module"), ())
    else:
        _plan(tf, data)
    tf.index()
    return tf


def _plan(tf: TfFile, data: dict[str, Any]) -> None:
    tf.configuration = tf.expect(data.get("configuration") or {}, dict, ("configuration",),
                                 "`configuration`")
    tf.variables = tf.expect(data.get("variables") or {}, dict, ("variables",), "`variables`")
    planned = tf.expect(data.get("planned_values") or {}, dict, ("planned_values",),
                        "`planned_values`")
    unknown: dict[str, Any] = {}
    changes = tf.expect(data.get("resource_changes") or [], list, ("resource_changes",),
                        "`resource_changes`")
    for i, rc in enumerate(changes):
        if not isinstance(rc, dict):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a resource change should be an object", (
                "resource_changes", i))
            continue
        change: dict[str, Any] = rc["change"] if isinstance(rc.get("change"), dict) else {}
        actions = change.get("actions") or []
        if actions == ["delete"] and rc.get("mode") == "managed":
            tf.destroyed += 1
        if isinstance(rc.get("address"), str):
            unknown[rc["address"]] = change.get("after_unknown")
    _module(tf, planned.get("root_module") or {}, ("planned_values", "root_module"), (),
            unknown)
    seen = {i.address for i in tf.instances}
    prior = data.get("prior_state")
    values = prior.get("values") if isinstance(prior, dict) else None
    if isinstance(values, dict):
        before = len(tf.instances)
        _module(tf, values.get("root_module") or {},
                ("prior_state", "values", "root_module"), ())
        # only data sources come from the prior state (managed ones are in planned_values)
        tf.instances[before:] = [i for i in tf.instances[before:]
                                 if i.mode == "data" and i.address not in seen]


def _module(tf: TfFile, mod: Any, path: tuple[object, ...], module: ModulePath,
            unknown: dict[str, Any] | None = None) -> None:
    if not isinstance(mod, dict):
        tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a module should be an object", path)
        return
    resources = tf.expect(mod.get("resources") or [], list, (*path, "resources"), "`resources`")
    for i, res in enumerate(resources):
        rp = (*path, "resources", i)
        if not isinstance(res, dict):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a resource should be an object", rp)
            continue
        rtype, name = res.get("type"), res.get("name")
        if not isinstance(rtype, str) or not isinstance(name, str):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a resource needs `type` and `name` strings", rp)
            continue
        values = res.get("values")
        if values is None:
            values = {}
        if not isinstance(values, dict):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "`values` should be an object", (*rp, "values"))
            continue
        inst = Instance(module, str(res.get("mode") or "managed"), rtype, name,
                        res.get("index"), values, (*rp, "values"),
                        provider_key=None)
        if unknown is not None:
            inst.unknown = unknown.get(inst.address)
        tf.instances.append(inst)
    children = tf.expect(mod.get("child_modules") or [], list, (*path, "child_modules"),
                         "`child_modules`")
    for i, child in enumerate(children):
        cp = (*path, "child_modules", i)
        if not isinstance(child, dict):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a child module should be an object", cp)
            continue
        address = child.get("address")
        _module(tf, child, cp, parse_module(address if isinstance(address, str) else ""),
                unknown)


def _raw_state(tf: TfFile, data: dict[str, Any]) -> None:
    version = data.get("version")
    if version != 4:
        tf.problem(DiagnosticCode.TF_STATE_VERSION, f"state format version {version!r}: only version 4 "
                   "(Terraform 0.12 and later) is read", ("version",))
        return
    resources = tf.expect(data.get("resources") or [], list, ("resources",), "`resources`")
    for i, res in enumerate(resources):
        rp = ("resources", i)
        if not isinstance(res, dict):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a resource should be an object", rp)
            continue
        rtype, name = res.get("type"), res.get("name")
        if not isinstance(rtype, str) or not isinstance(name, str):
            tf.problem(DiagnosticCode.TF_WRONG_TYPE, "a resource needs `type` and `name` strings", rp)
            continue
        module = parse_module(res.get("module") if isinstance(res.get("module"), str) else "")
        instances = tf.expect(res.get("instances") or [], list, (*rp, "instances"),
                              "`instances`")
        for j, inst in enumerate(instances):
            ip = (*rp, "instances", j)
            if not isinstance(inst, dict):
                tf.problem(DiagnosticCode.TF_WRONG_TYPE, "an instance should be an object", ip)
                continue
            if inst.get("deposed"):
                tf.deposed += 1
                continue
            attrs = inst.get("attributes")
            if attrs is None and isinstance(inst.get("attributes_flat"), dict):
                tf.problem(DiagnosticCode.TF_STATE_VERSION, "flat attributes (Terraform 0.11) are not read",
                           (*ip, "attributes_flat"))
                continue
            if not isinstance(attrs, dict):
                tf.problem(DiagnosticCode.TF_WRONG_TYPE,
                           "`attributes` should be an object", (*ip, "attributes"))
                continue
            tf.instances.append(Instance(module, str(res.get("mode") or "managed"), rtype, name,
                                         inst.get("index_key"), attrs, (*ip, "attributes"),
                                         provider=res.get("provider") if isinstance(
                                             res.get("provider"), str) else None))
