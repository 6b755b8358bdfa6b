"""Reading a CloudFormation template (YAML or JSON) into plain data plus positions.

YAML templates use CloudFormation's short intrinsic forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`);
they become the long forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`) that JSON templates
write, so one evaluator reads both. Every key and value keeps its line:col (YAML) or is found
again by its JSON pointer (JSON), for located errors. CloudFormation does not accept YAML
aliases, so a template with one is refused (which also rules out alias bombs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.importers.problems import ImportFailed, fail, pointer
from vpcdocs.importers.source import JsonDoc, decode, parse_json, read_bytes

MAX_BYTES = 16 * 1024 * 1024  # CloudFormation's own limit is 1 MB (S3-hosted templates)
MAX_DEPTH = 100

_SHORT = {"Ref": "Ref", "Condition": "Condition", "GetAtt": "Fn::GetAtt"}


@dataclass
class Template:
    name: str
    data: dict[str, Any]
    positions: dict[tuple[object, ...], tuple[int, int]] = field(default_factory=dict)
    json_doc: JsonDoc | None = None

    def locate(self, path: tuple[object, ...]) -> Location:
        if self.json_doc is not None:
            return self.json_doc.locate(path)
        for cut in range(len(path), -1, -1):
            found = self.positions.get(path[:cut])
            if found is not None:
                return Location(self.name, found[0], found[1])
        return Location(self.name, 1, 1)

    def problem(self, code: DiagnosticCode, message: str, path: tuple[object, ...],
                hint: str | None = None) -> Diagnostic:
        where = pointer(path) or "/"
        return error(code, f"{where}: {message}", self.locate(path), hint)


def load(path: Path, name: str) -> Template:
    text = decode(read_bytes(path, name, MAX_BYTES), name)
    if not text.strip():
        raise fail(DiagnosticCode.EMPTY_FILE, "the template is empty", name)
    if text.lstrip().startswith("{"):
        doc = JsonDoc(name, text, parse_json(text, name))
        data = doc.data
        template = Template(name, data if isinstance(data, dict) else {}, json_doc=doc)
    else:
        template = _yaml(text, name)
    if not isinstance(template.data, dict) or not isinstance(template.data.get("Resources"), dict):
        raise ImportFailed([template.problem(
            DiagnosticCode.CFN_NOT_TEMPLATE, "not a CloudFormation template: no `Resources` mapping", (),
            "give a template (YAML or JSON) with a Resources section")])
    return template


def _yaml(text: str, name: str) -> Template:
    y = YAML(typ="rt")
    try:
        node = y.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise fail(DiagnosticCode.YAML_SYNTAX, f"invalid YAML: {exc.problem or exc.context}", name,
                   (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1) from None
    except (YAMLError, RecursionError) as exc:
        raise fail(DiagnosticCode.YAML_SYNTAX, f"invalid YAML: {exc}", name) from None
    if node is None:
        raise fail(DiagnosticCode.EMPTY_FILE, "the template is empty", name)
    template = Template(name, {})
    builder = _Builder(template)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise ImportFailed(builder.problems)
    template.data = data if isinstance(data, dict) else {}
    return template


class _Builder:
    def __init__(self, template: Template) -> None:
        self.t = template
        self.seen: set[int] = set()
        self.problems: list[Diagnostic] = []

    def where(self, node: Node) -> Location:
        return Location(self.t.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, path: tuple[object, ...], depth: int) -> Any:
        self.t.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in self.seen:
            self.problems.append(error(DiagnosticCode.YAML_ALIAS, "YAML aliases are not allowed in "
                                       "CloudFormation templates", self.where(node)))
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problems.append(error(DiagnosticCode.CFN_TOO_DEEP, f"nested more than {MAX_DEPTH} levels",
                                       self.where(node)))
            return None
        tag = node.tag or ""
        value: Any
        if isinstance(node, MappingNode):
            value = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path, depth + 1) if isinstance(key_node, ScalarNode) \
                    else None
                if not isinstance(key, str):
                    key = str(key)
                value[key] = self.build(value_node, (*path, key), depth + 1)
        elif isinstance(node, SequenceNode):
            value = [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        else:
            value = _scalar(node)
        if tag.startswith("!"):
            short = tag[1:]
            if short == "GetAtt" and isinstance(value, str):
                logical, _, attr = value.partition(".")
                value = [logical, attr]
            return {_SHORT.get(short, "Fn::" + short): value}
        return value


def _scalar(node: Node) -> Any:
    text = node.value
    tag = node.tag or ""
    if getattr(node, "style", None) in ("'", '"', "|", ">") or tag.startswith("!"):
        return text
    if tag.endswith(":int"):
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag.endswith(":float"):
        try:
            return float(text)
        except ValueError:
            return text
    if tag.endswith(":bool"):
        return text.lower() in ("true", "yes", "on")
    if tag.endswith(":null"):
        return None
    return text
