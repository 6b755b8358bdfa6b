"""Writing a design as topology YAML: a new file, or merged into the user's (`--into`).

Both go through ruamel.yaml's round-trip mode, so a re-import keeps everything the user wrote:
flows, descriptions, pricing, comments, key order, objects they added by hand. An imported object
is recognised by its comment (`# imported from …`); one that the source no longer has is removed
and listed. Keys the import decides are updated in place (their comments stay); new objects are
added after the existing ones. When nothing changed, the original bytes are returned unchanged,
so the same run twice changes nothing.

This module returns bytes; the command writes them (through `vpcdocs.write.atomic_write`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from vpcdocs.codes import DiagnosticCode
from vpcdocs.importers.document import MARKER, Design, Entry
from vpcdocs.importers.problems import fail

HEADER = "# yaml-language-server: $schema=https://vpcdocs.dev/schema/vpcdocs.schema.json"


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _yaml(text: str | None = None) -> YAML:
    y = YAML()
    y.width = 4096
    y.preserve_quotes = True
    mapping, sequence, offset = _indents(text or "")
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _indents(text: str) -> tuple[int, int, int]:
    """The indentation a file already uses (mapping, sequence, dash offset); default 2, 4, 2."""
    mapping = 2
    match = re.search(r"^([A-Za-z_][^\n:]*):[ \t]*(?:#[^\n]*)?\n( +)[A-Za-z_'\"]", text, re.M)
    if match is not None:
        mapping = len(match.group(2))
    dash = re.search(r"^( *)[A-Za-z_][^\n:]*:[ \t]*(?:#[^\n]*)?\n( *)- ", text, re.M)
    if dash is not None:
        offset = max(len(dash.group(2)) - len(dash.group(1)), 0)
        return mapping, offset + 2, offset
    return mapping, mapping + 2, mapping


def render(design: Design) -> bytes:
    """A new topology file.

    Written directly as text (ruamel's round-trip dumper needs about 10 s for a 100-VPC estate,
    this about 0.1 s) in the layout ruamel writes, so that `--into` later loads and re-dumps it
    unchanged (tests/importers/test_import_emit.py checks that the two agree).
    """
    lines = [f"# {line}" if line else "#" for line in design.header]
    root = design.root.values
    for key, value in root.items():
        _block(lines, key, value, None, 0)
    if not root.get("vpcs"):
        lines.append("vpcs: {}")
    text = "\n".join(lines) + "\n"
    if design.flow_suggestions:
        text += ("\n# flows: no source holds them. Without `flows`, vpcdocs analyses one flow from "
                 "every workload\n# to every service named by an endpoint (0 GB). To choose and "
                 "size them, uncomment and edit:\n# flows:\n")
        shown = design.flow_suggestions[:200]
        text += "".join(f"#   {line}\n" for line in shown)
        if len(design.flow_suggestions) > len(shown):
            text += f"#   ... and {len(design.flow_suggestions) - len(shown)} more pairings\n"
    return text.encode("utf-8")


_PLAIN = re.compile(r"[A-Za-z0-9_/][A-Za-z0-9_./@+*:=-]*")
_RESOLVER: Any = None


def _scalar(value: Any) -> str:
    """A scalar as ruamel writes it: plain when YAML reads it back as the same string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return _string(str(value))


@lru_cache(maxsize=1 << 16)
def _string(text: str) -> str:
    global _RESOLVER
    if _PLAIN.fullmatch(text) and not text.endswith(":") and ": " not in text:
        if _RESOLVER is None:
            from ruamel.yaml.resolver import VersionedResolver

            _RESOLVER = VersionedResolver()
        from ruamel.yaml.nodes import ScalarNode

        if _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str":
            return text
    return "'" + text.replace("'", "''") + "'"


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _note(comment: str | None) -> str:
    return "  # " + comment.replace("\n", " ") if comment else ""


def _block(lines: list[str], key: str, value: Any, comment: str | None, depth: int) -> None:
    pad = "  " * depth
    if isinstance(value, Entry):
        if value.flow:
            body = {k: v for k, v in value.values.items() if not _is_collection(v)}
            lines.append(f"{pad}{_scalar(key)}: {_flow(body)}{_note(value.comment)}")
            return
        lines.append(f"{pad}{_scalar(key)}:{_note(value.comment)}")
        for k, v in value.values.items():
            _block(lines, k, v, None, depth + 1)
        return
    if _is_collection(value):
        if not value:
            return
        lines.append(f"{pad}{_scalar(key)}:{_note(comment)}")
        for name, child in value.items():
            _block(lines, name, child, None, depth + 1)
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        lines.append(f"{pad}{_scalar(key)}:{_note(comment)}")
        lines.extend(f"{pad}  - {_flow(v)}" for v in value)
        return
    rendered = _flow(value)
    lines.append(f"{pad}{_scalar(key)}: {rendered}{_note(comment)}")


def merge_into(existing: bytes, name: str, design: Design) -> tuple[bytes, MergeReport]:
    """`existing` (a topology file) with the design merged in; the same bytes when nothing
    changed."""
    try:
        text = existing.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(DiagnosticCode.NOT_UTF8, "the file is not UTF-8 text", name) from None
    y = _yaml(text)
    try:
        doc = y.load(text) if text.strip() else CommentedMap()
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(DiagnosticCode.YAML_SYNTAX, f"cannot read the topology to merge into: "
                   f"{getattr(exc, 'problem', None) or exc}", name,
                   (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1) from None
    if doc is None:
        doc = CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise fail(DiagnosticCode.NOT_A_TOPOLOGY, "the file to merge into is not a YAML mapping", name)
    report = MergeReport()
    changed = merge(doc, design.root, (), report)
    changed |= _ensure_vpcs(doc)
    if not changed:
        return existing, report
    return _dump(doc, y).encode("utf-8"), report


def _ensure_vpcs(doc: CommentedMap) -> bool:
    """`vpcs` is required even when the input held none."""
    if "vpcs" in doc:
        return False
    _insert(doc, "vpcs", CommentedMap(), ["vpcdocs", "title", "description", "accounts"])
    return True


def _dump(doc: CommentedMap, y: YAML) -> str:
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


# --------------------------------------------------------------------------- merging


def _plain(value: Any) -> Any:
    """Comparable plain data from ruamel's round-trip objects."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _build(value: Any) -> Any:
    """Round-trip objects for a new value: lists and small maps in flow style."""
    if isinstance(value, dict):
        cm = CommentedMap()
        for k, v in value.items():
            cm[k] = _build(v)
        cm.fa.set_flow_style()
        return cm
    if isinstance(value, list):
        seq = CommentedSeq(_build(v) for v in value)
        if (all(not isinstance(v, dict) for v in value) or all(
                isinstance(v, dict) for v in value)) and all(not isinstance(v, dict) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _is_collection(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, Entry) for v in value.values())


def _eol(parent: CommentedMap, key: str) -> str | None:
    item = parent.ca.items.get(key)
    if not item or len(item) < 3 or item[2] is None:
        return None
    first: str = item[2].value.split("\n", 1)[0]
    return first.strip()


def is_imported(parent: CommentedMap, key: str) -> bool:
    text = _eol(parent, key)
    return text is not None and text.lstrip("# ").startswith(MARKER)


def _set_comment(parent: CommentedMap, key: str, text: str) -> bool:
    """Set the end-of-line comment of `key`, keeping comment lines that follow it."""
    wanted = "# " + text
    item = parent.ca.items.get(key)
    if item and len(item) >= 3 and item[2] is not None:
        first, _, rest = item[2].value.partition("\n")
        if first.strip() == wanted:
            return False
        if not first.strip() or first.strip().lstrip("# ").startswith(MARKER):
            item[2].value = wanted + "\n" + rest
            value = parent[key]
            if isinstance(value, CommentedMap) and value.ca.comment and value.ca.comment[0]:
                value.ca.comment[0] = item[2]
            return True
        return False  # the user's own comment stays
    parent.yaml_add_eol_comment(wanted, key)
    return True


def _remove(parent: CommentedMap, key: str) -> None:
    """Delete `key`, moving comment lines that followed it to the key before it."""
    item = parent.ca.items.get(key)
    rest = ""
    if item and len(item) >= 3 and item[2] is not None:
        rest = item[2].value.partition("\n")[2]
    keys = list(parent.keys())
    index = keys.index(key)
    del parent[key]
    parent.ca.items.pop(key, None)
    if rest.strip() and index > 0:
        before = keys[index - 1]
        prev = parent.ca.items.get(before)
        if prev and len(prev) >= 3 and prev[2] is not None:
            prev[2].value = prev[2].value.rstrip("\n") + "\n" + rest
        else:
            parent.yaml_add_eol_comment("#", before)
            parent.ca.items[before][2].value = "\n" + rest


def merge(target: CommentedMap, entry: Entry, path: tuple[str, ...], report: MergeReport) -> bool:
    """Merge `entry` into `target`; True when anything changed."""
    changed = False
    for key in sorted(entry.owned):
        if key not in entry.values and key in target:
            _remove(target, key)
            changed = True
    order = list(entry.values)
    for i, (key, value) in enumerate(entry.values.items()):
        if _is_collection(value):
            changed |= _merge_collection(target, key, value, (*path, key), order[:i], report)
            continue
        if key in target and _plain(target[key]) == _plain(value):
            continue
        if key in target:
            target[key] = _build(value)
        else:
            _insert(target, key, _build(value), order[:i])
        changed = True
    return changed


def _insert(target: CommentedMap, key: str, value: Any, before: list[str]) -> None:
    """Insert after the last of `before` present in `target` (else at the end)."""
    keys = list(target.keys())
    at = len(keys)
    for prev in reversed(before):
        if prev in target:
            at = keys.index(prev) + 1
            break
    if at >= len(keys):
        target[key] = value
    else:
        target.insert(at, key, value)


def _merge_collection(target: CommentedMap, key: str, entries: dict[str, Entry],
                      path: tuple[str, ...], before: list[str], report: MergeReport) -> bool:
    changed = False
    existing = target.get(key)
    if existing is not None and not isinstance(existing, CommentedMap):
        return False  # the user's file has something else there: left as it is
    if existing is None:
        if not entries:
            return False
        existing = CommentedMap()
        if key in target:
            target[key] = existing
        else:
            _insert(target, key, existing, before)
        changed = True
    for name in list(existing.keys()):
        if str(name) not in entries and is_imported(existing, name):
            _remove(existing, name)
            report.removed.append(".".join((*path, str(name))))
            changed = True
    for name, child in entries.items():
        where = ".".join((*path, name))
        current = existing.get(name)
        if isinstance(current, CommentedMap):
            if merge(current, child, (*path, name), report):
                report.updated.append(where)
                changed = True
            if child.comment and _set_comment(existing, name, child.comment):
                changed = True
            continue
        fresh = CommentedMap()
        merge(fresh, child, (*path, name), MergeReport())
        if child.flow and not any(isinstance(v, CommentedMap) and v and not v.fa.flow_style()
                                  for v in fresh.values()):
            fresh.fa.set_flow_style()
        if current is None and name in existing:
            existing[name] = fresh
        else:
            existing[name] = fresh
        if child.comment:
            existing.yaml_add_eol_comment("# " + child.comment, name)
        report.added.append(where)
        changed = True
    if not existing and key in target and not entries:
        del target[key]
    return changed
