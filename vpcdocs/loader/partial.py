"""Validate the schema, and keep going past its errors so every problem is reported at once.

A schema error would otherwise stop the load before the cross-object rules run: a file with one
misspelt key and one unknown reference would show only the first. So after reporting the schema
errors we set aside each object that has one (the smallest named entry holding the error: a
subnet, a route table, an account label), validate the rest again, and let the rules check what
is left. Names defined inside a set-aside object are remembered as "damaged": a reference to one
is not reported as unknown (it exists, it is just wrong), and rules that depend on something being
absent (no main route table, one-sided TGW peering, ...) stay quiet where something was set aside.
Set-aside objects never produce new errors, so nothing is reported that is not in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from vpcdocs.diagnostics import Diagnostic
from vpcdocs.loader import schema as s
from vpcdocs.loader.schema_errors import data_path, is_dict_entry, to_diagnostics
from vpcdocs.loader.suggest import Suggester
from vpcdocs.loader.yamlsrc import Path, Positions

# keys whose mapping entries are named objects (topology-format.md "Identity and references")
NAMED_COLLECTIONS = frozenset({
    "vpcs", "subnets", "route_tables", "nat_gateways", "endpoints", "workloads", "peerings",
    "transit_gateways", "attachments", "endpoint_services", "hosted_zones", "flows",
    "on_premises", "connections", "direct_connect_gateways", "resolver_rules", "prefix_lists",
    "resolver_endpoints", "security_groups", "network_acls",
})
# top-level collections other objects refer to: without them, references cannot be judged
REFERENCED_TOP = frozenset({"vpcs", "peerings", "transit_gateways", "endpoint_services",
                            "hosted_zones", "on_premises", "direct_connect_gateways",
                            "resolver_rules", "prefix_lists"})
MAX_ROUNDS = 8


@dataclass
class Damage:
    """What was set aside because of schema errors."""

    paths: set[Path] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    blind: bool = False  # a whole referenced collection is unusable: skip the rules

    def under(self, prefix: Path) -> bool:
        """Whether anything at or below `prefix` was set aside."""
        n = len(prefix)
        return any(p[:n] == prefix for p in self.paths)


@dataclass
class Checked:
    topology: s.Topology | None
    diagnostics: list[Diagnostic]
    damage: Damage


def validate(data: dict[str, Any], pos: Positions,
             suggester: Suggester | None = None) -> Checked:
    """Validate `data`; on errors, report them and validate what remains (see module doc)."""
    damage = Damage()
    diags: list[Diagnostic] = []
    reported: set[tuple[str, Path]] = set()
    current: dict[str, Any] = data
    # setting aside changes a copy: the containers on the way to each cut are copied once each
    # (copying the whole document would cost more than validating it)
    copies: set[int] | None = None
    for _ in range(MAX_ROUNDS):
        try:
            return Checked(s.Topology.model_validate(current), diags, damage)
        except ValidationError as exc:
            found = to_diagnostics(exc, current, pos, s.Topology, suggester)
            for d, err in zip(found, exc.errors(), strict=True):
                key = (d.code, tuple(data_path(current, err["loc"])[0]))
                if key not in reported:
                    reported.add(key)
                    diags.append(d)
            if copies is None:
                current = dict(data)
                copies = {id(current)}
            progress = False
            for err in exc.errors():
                path, _ = data_path(current, err["loc"])
                progress |= _set_aside(current, path, damage, copies)
            if not progress:
                damage.blind = True
                return Checked(None, diags, damage)
    damage.blind = True
    return Checked(None, diags, damage)


def _cut_point(path: Path) -> Path:
    """The smallest user-keyed mapping entry holding `path` (or its top-level key)."""
    for n in range(len(path), 0, -1):
        if is_dict_entry(s.Topology, path[:n]):
            return path[:n]
    return path[:1]


def _set_aside(data: dict[str, Any], path: Path, damage: Damage, copies: set[int]) -> bool:
    """Remove the object holding `path` from `data` (a copy of the document: see validate)."""
    if not path:
        return False
    cut = _cut_point(path)
    parent: Any = data
    for part in cut[:-1]:
        if not isinstance(parent, dict) or part not in parent:
            return False
        child = parent[part]
        if isinstance(child, dict | list) and id(child) not in copies:
            child = parent[part] = dict(child) if isinstance(child, dict) else list(child)
            copies.add(id(child))
        parent = child
    last = cut[-1]
    if len(cut) == 1:
        # a top-level key: required ones get a neutral value, others go
        if last == "vpcdocs":
            if data.get("vpcdocs") == 1:
                return False
            data["vpcdocs"] = 1
            return True
        if last == "vpcs" and data.get("vpcs") == {}:
            return False
        if last in REFERENCED_TOP:
            damage.blind = True
        if last == "vpcs":
            data["vpcs"] = {}
            damage.paths.add(cut)
            return True
    if not isinstance(parent, dict) or last not in parent:
        return False
    removed = parent.pop(last)
    damage.paths.add(cut)
    if len(cut) >= 2 and cut[-2] in NAMED_COLLECTIONS and isinstance(last, str):
        damage.names.add(last)
    _collect_names(removed, damage.names)
    return True


def _collect_names(node: Any, names: set[str]) -> None:
    """Every name defined inside a raw subtree (keys of named collections, IGW and LB names)."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in NAMED_COLLECTIONS and isinstance(value, dict):
            for name, child in value.items():
                if isinstance(name, str):
                    names.add(name)
                _collect_names(child, names)
        elif key in ("internet_gateway", "vpn_gateway") and isinstance(value, str):
            names.add(value)
        elif key == "load_balancer" and isinstance(value, dict):
            lb_name = value.get("name")
            if isinstance(lb_name, str):
                names.add(lb_name)
