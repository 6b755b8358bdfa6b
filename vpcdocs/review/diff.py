"""What a change to a topology does: resources added, removed or changed, flows whose path or
cost changed (before and after), and the change in monthly cost.

A design review needs the consequences of a change, not only the new picture. This module
compares two analysed versions of a design (two `Analysis` objects, named as the user gave them)
and returns a frozen `TopologyDiff`; `diff_render` turns that into Markdown or JSON.

* Resources are matched by kind and name. A changed resource lists its changed fields; a field
  holding a list (a route table's routes, an endpoint's subnets) lists the items added and
  removed. Lists that only mirror other resources (a VPC's subnets) are left out: those
  resources show up themselves.
* Flows are matched by id. A flow changed when its reachability, network, way (the kinds of
  gateway it passes), hops, region crossing, reason, per-GB or fixed monthly cost, volume or
  definition changed.
* Cost comes from each side's cost report; a side whose prices are unknown (a region the
  table lacks) has no cost, and the diff says so instead of failing.

Pure: no I/O, no clock; everything sorted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from ipaddress import IPv4Network
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.paths.explain import HOP_WORDS
from vpcdocs.analysis.pricing.report import CostReport
from vpcdocs.analysis.pricing.table import round_usd
from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.model import Route, TgwRoute, Topology

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

# kind (the docs' word) -> Topology attribute; flows are compared separately.
RESOURCE_KINDS: tuple[tuple[str, str], ...] = (
    ("vpc", "vpcs"),
    ("subnet", "subnets"),
    ("route-table", "route_tables"),
    ("internet-gateway", "internet_gateways"),
    ("nat-gateway", "nat_gateways"),
    ("endpoint", "endpoints"),
    ("workload", "workloads"),
    ("peering", "peerings"),
    ("transit-gateway", "transit_gateways"),
    ("tgw-attachment", "tgw_attachments"),
    ("tgw-route-table", "tgw_route_tables"),
    ("endpoint-service", "endpoint_services"),
    ("load-balancer", "load_balancers"),
    ("hosted-zone", "hosted_zones"),
)

# Fields that are not compared: where the object is written, its name (the key), and lists
# that only repeat which other resources point at it.
_SKIPPED: dict[str, frozenset[str]] = {
    "vpc": frozenset({"subnets", "route_tables", "nat_gateways", "endpoints", "workloads"}),
    "transit-gateway": frozenset({"attachments", "route_tables"}),
    "subnet": frozenset({"explicit_route_table"}),
}
_ALWAYS_SKIPPED = frozenset({"loc", "name"})

# The way in words as `paths` names it, less the load balancer (a diff compares how a flow
# travels; the LB behind an endpoint service never changes on its own).
_SHORT: dict[HopKind, str] = {k: v for k, v in HOP_WORDS.items() if k is not HopKind.LOAD_BALANCER}

#: The flow fields compared, in the order they are shown.
FLOW_FIELDS: tuple[str, ...] = (
    "reachable",
    "reason",
    "network",
    "way",
    "cross_region",
    "regions",
    "hops",
    "monthly_usd",
    "fixed_usd",
    "gb_per_month",
    "from",
    "to",
    "to_region",
)

Value = str | tuple[str, ...]


# --------------------------------------------------------------------------- one side


def price_problem(analysis: Analysis) -> str | None:
    """Why a side has no cost, in one line (None when it has one)."""
    error = analysis.price_error
    if error is None:
        return None
    return "; ".join(d.message for d in error.diagnostics).splitlines()[0]


def way(result: FlowResult) -> str:
    """The way in a few words, from the kinds of hop: "gateway endpoint", "NAT → IGW",
    "TGW peering → interface endpoint"; "local" within a VPC; "—" when nothing is crossed."""
    parts: list[str] = []
    for hop in result.hops:
        word = _SHORT.get(hop.kind)
        if word is not None and (not parts or parts[-1] != word):
            parts.append(word)
    if "TGW peering" in parts:  # the transit gateways on either side go without saying
        parts = [p for p in parts if p != "TGW"]
        parts = [p for i, p in enumerate(parts) if i == 0 or parts[i - 1] != p]
    if parts:
        return " → ".join(parts)
    if any(h.kind is HopKind.LOCAL for h in result.hops):
        return "local"
    return "—"


def hops_text(result: FlowResult) -> str:
    """Every hop that is a thing in the design, `kind id`, in order."""
    shown = [h for h in result.hops if h.kind not in (HopKind.SUBNET, HopKind.ROUTE_TABLE)]
    return " → ".join(f"{h.kind.value} {h.id}" for h in shown)


@dataclass(frozen=True)
class FlowState:
    """What matters about one flow on one side."""

    id: str
    source: str
    to: str
    to_region: str | None
    reachable: bool
    reason: str | None
    network: str
    way: str
    cross_region: bool
    regions: tuple[str, ...]
    hops: str
    monthly_usd: float | None  # per-GB charges at gb_per_month
    fixed_usd: float | None  # fixed charges of the resources it uses (shared, not split)
    gb_per_month: float
    explanation: str
    fix: str | None

    def value(self, name: str) -> Any:
        return self.source if name == "from" else getattr(self, name)

    def to_json(self) -> dict[str, Any]:
        out = {name: self.value(name) for name in FLOW_FIELDS}
        out["regions"] = list(self.regions)
        out["explanation"] = self.explanation
        out["fix"] = self.fix
        return out


def flow_state(result: FlowResult, report: CostReport | None) -> FlowState:
    priced = report is not None
    return FlowState(
        id=result.id,
        source=result.source,
        to=result.to,
        to_region=result.to_region,
        reachable=result.reachable,
        reason=result.reason,
        network=result.network.value,
        way=way(result),
        cross_region=result.cross_region,
        regions=result.regions,
        hops=hops_text(result),
        monthly_usd=(result.cost.monthly_usd or 0.0) if priced else None,
        fixed_usd=(result.cost.fixed_usd or 0.0) if priced else None,
        gb_per_month=result.gb_per_month,
        explanation=result.explanation,
        fix=result.fix,
    )


# --------------------------------------------------------------------------- the diff


@dataclass(frozen=True)
class FieldChange:
    """One changed field. Scalars: `before`/`after`; lists: the items `added` and `removed`."""

    field: str
    before: str | None = None
    after: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return self.before is None and self.after is None

    def to_json(self) -> dict[str, Any]:
        if self.is_list:
            return {"field": self.field, "added": list(self.added), "removed": list(self.removed)}
        return {"field": self.field, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class ResourceChange:
    kind: str
    name: str
    change: str  # added | removed | changed
    fields: tuple[FieldChange, ...] = ()
    vpc: str | None = None  # the VPC it belongs to, on the side where it exists

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "change": self.change,
            "vpc": self.vpc,
            "fields": [f.to_json() for f in self.fields],
        }


@dataclass(frozen=True)
class FlowChange:
    id: str
    change: str  # added | removed | changed
    before: FlowState | None
    after: FlowState | None
    changed: tuple[str, ...]  # names from FLOW_FIELDS that differ (none for added/removed)

    @property
    def newly_blocked(self) -> bool:
        """A flow of both versions that worked and no longer does (an added flow that is
        blocked is an added flow, never "newly blocked")."""
        return (self.before is not None and self.after is not None
                and self.before.reachable and not self.after.reachable)

    @property
    def newly_reachable(self) -> bool:
        """A flow of both versions that was blocked and now works."""
        return (self.before is not None and self.after is not None
                and not self.before.reachable and self.after.reachable)

    @property
    def added_blocked(self) -> bool:
        """An added flow that does not work."""
        return self.before is None and self.after is not None and not self.after.reachable

    @property
    def cost_delta_usd(self) -> float | None:
        """The change in this flow's per-GB monthly cost (None when a side is not priced)."""
        before = 0.0 if self.before is None else self.before.monthly_usd
        after = 0.0 if self.after is None else self.after.monthly_usd
        if before is None or after is None:
            return None
        return round_usd(after - before)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.change,
            "changed": list(self.changed),
            "monthly_delta_usd": self.cost_delta_usd,
            "before": None if self.before is None else self.before.to_json(),
            "after": None if self.after is None else self.after.to_json(),
        }


@dataclass(frozen=True)
class CostSide:
    resources_usd: float
    flows_usd: float
    total_usd: float
    prices_as_of: str

    def to_json(self) -> dict[str, Any]:
        return {
            "resources_usd": self.resources_usd,
            "flows_usd": self.flows_usd,
            "monthly_total_usd": self.total_usd,
            "prices_as_of": self.prices_as_of,
        }


@dataclass(frozen=True)
class ResourceCostChange:
    """An hourly-billed resource whose monthly fixed cost changed (None: absent on that side)."""

    id: str
    kind: str
    before: float | None
    after: float | None

    @property
    def delta_usd(self) -> float:
        return round_usd((self.after or 0.0) - (self.before or 0.0))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "before_usd": self.before,
            "after_usd": self.after,
            "delta_usd": self.delta_usd,
        }


@dataclass(frozen=True)
class FindingChange:
    change: str  # added | removed | changed
    code: str
    severity: str
    subject: str
    message: str  # the new message (the old one for a removed finding)
    before: str | None = None  # a changed finding's old message

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "change": self.change,
            "code": self.code,
            "severity": self.severity,
            "subject": self.subject,
            "message": self.message,
        }


@dataclass(frozen=True)
class CostDiff:
    before: CostSide | None
    after: CostSide | None
    resources: tuple[ResourceCostChange, ...]
    problems: tuple[str, ...]  # why a side has no cost

    @property
    def delta_usd(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round_usd(self.after.total_usd - self.before.total_usd)

    def to_json(self) -> dict[str, Any]:
        return {
            "before": None if self.before is None else self.before.to_json(),
            "after": None if self.after is None else self.after.to_json(),
            "monthly_delta_usd": self.delta_usd,
            "resources": [r.to_json() for r in self.resources],
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class TopologyDiff:
    old: str
    new: str
    resources: tuple[ResourceChange, ...]  # sorted by kind order, then name
    flows: tuple[FlowChange, ...]  # only flows that changed, sorted by id
    unchanged_flows: tuple[str, ...]
    cost: CostDiff
    findings: tuple[FindingChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.resources or self.flows or self.findings or self.cost.resources) and (
            self.cost.delta_usd in (None, 0.0)
        )

    def flows_with(self, change: str) -> tuple[FlowChange, ...]:
        return tuple(f for f in self.flows if f.change == change)

    def resources_with(self, change: str) -> tuple[ResourceChange, ...]:
        return tuple(r for r in self.resources if r.change == change)

    def to_json(self) -> dict[str, Any]:
        return {
            "vpcdocs": 1,
            "old": self.old,
            "new": self.new,
            "summary": {
                "flows_added": len(self.flows_with(ADDED)),
                "flows_removed": len(self.flows_with(REMOVED)),
                "flows_changed": len(self.flows_with(CHANGED)),
                "flows_unchanged": len(self.unchanged_flows),
                "newly_blocked": [f.id for f in self.flows if f.newly_blocked],
                "newly_reachable": [f.id for f in self.flows if f.newly_reachable],
                "added_blocked": [f.id for f in self.flows if f.added_blocked],
                "resources_added": len(self.resources_with(ADDED)),
                "resources_removed": len(self.resources_with(REMOVED)),
                "resources_changed": len(self.resources_with(CHANGED)),
                "monthly_delta_usd": self.cost.delta_usd,
            },
            "resources": [r.to_json() for r in self.resources],
            "flows": [f.to_json() for f in self.flows],
            "cost": self.cost.to_json(),
            "findings": [f.to_json() for f in self.findings],
        }


def _report(analysis: Analysis) -> CostReport | None:
    return analysis.report if analysis.priced else None


def diff_designs(old: Analysis, new: Analysis, *, old_name: str, new_name: str) -> TopologyDiff:
    """Compare two analysed versions of a design, shown as `old_name` and `new_name` (a file
    name, or `REF:FILE`)."""
    before = {f.id: flow_state(f, _report(old)) for f in old.flows}
    after = {f.id: flow_state(f, _report(new)) for f in new.flows}
    flows: list[FlowChange] = []
    unchanged: list[str] = []
    for fid in sorted(set(before) | set(after)):
        b, a = before.get(fid), after.get(fid)
        if b is None:
            flows.append(FlowChange(fid, ADDED, None, a, ()))
        elif a is None:
            flows.append(FlowChange(fid, REMOVED, b, None, ()))
        else:
            changed = tuple(n for n in FLOW_FIELDS if b.value(n) != a.value(n))
            if changed:
                flows.append(FlowChange(fid, CHANGED, b, a, changed))
            else:
                unchanged.append(fid)
    return TopologyDiff(
        old=old_name,
        new=new_name,
        resources=resource_changes(old.topology, new.topology),
        flows=tuple(flows),
        unchanged_flows=tuple(unchanged),
        cost=_cost_diff((old_name, old), (new_name, new)),
        findings=_finding_changes(_report(old), _report(new)),
    )


def resource_changes(old: Topology, new: Topology) -> tuple[ResourceChange, ...]:
    out: list[ResourceChange] = []
    for kind, attr in RESOURCE_KINDS:
        a: Mapping[str, Any] = getattr(old, attr)
        b: Mapping[str, Any] = getattr(new, attr)
        for name in sorted(set(a) | set(b)):
            if name not in a:
                out.append(ResourceChange(kind, name, ADDED, vpc=_vpc(b[name])))
            elif name not in b:
                out.append(ResourceChange(kind, name, REMOVED, vpc=_vpc(a[name])))
            else:
                fields = field_changes(kind, a[name], b[name])
                if fields:
                    out.append(ResourceChange(kind, name, CHANGED, fields, vpc=_vpc(b[name])))
    pricing = _pricing_change(old, new)
    if pricing is not None:
        out.append(pricing)
    return tuple(out)


def _vpc(obj: Any) -> str | None:
    vpc = getattr(obj, "vpc", None)
    return vpc if isinstance(vpc, str) else None


def describe(kind: str, obj: Any) -> dict[str, Value]:
    """The comparable fields of a model object as text (lists as tuples of text)."""
    skipped = _ALWAYS_SKIPPED | _SKIPPED.get(kind, frozenset())
    out: dict[str, Value] = {}
    for f in dataclasses.fields(obj):
        if f.name in skipped:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, tuple):
            out[f.name] = tuple(_text(v) for v in value)
        else:
            out[f.name] = _text(value)
    return out


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, IPv4Network):
        return str(value)
    if isinstance(value, Route):
        return f"{value.to} → {value.via}"
    if isinstance(value, TgwRoute):
        return f"{value.to} → {'blackhole' if value.blackhole else value.via}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def field_changes(kind: str, old: Any, new: Any) -> tuple[FieldChange, ...]:
    a, b = describe(kind, old), describe(kind, new)
    out: list[FieldChange] = []
    for name in a:
        x, y = a[name], b[name]
        if x == y:
            continue
        if isinstance(x, tuple) and isinstance(y, tuple):
            added = tuple(v for v in y if v not in x)
            removed = tuple(v for v in x if v not in y)
            if not added and not removed:  # same items, another order
                out.append(FieldChange(name, ", ".join(x), ", ".join(y)))
            else:
                out.append(FieldChange(name, added=added, removed=removed))
        else:
            out.append(FieldChange(name, _join(x), _join(y)))
    return tuple(out)


def _join(value: Value) -> str:
    return ", ".join(value) if isinstance(value, tuple) else value


def _pricing_change(old: Topology, new: Topology) -> ResourceChange | None:
    def items(t: Topology) -> tuple[str, ...]:
        rows = [f"as_of {t.pricing_as_of}"] if t.pricing_as_of else []
        for region in sorted(t.pricing_overrides):
            for key, usd in sorted(t.pricing_overrides[region].items()):
                rows.append(f"{region}.{key} = {usd:g}")
        return tuple(rows)

    a, b = items(old), items(new)
    if a == b:
        return None
    field = FieldChange(
        "overrides",
        added=tuple(v for v in b if v not in a),
        removed=tuple(v for v in a if v not in b),
    )
    return ResourceChange("pricing", "pricing", CHANGED, (field,))


def _cost_side(analysis: Analysis) -> CostSide | None:
    r = _report(analysis)
    if r is None:
        return None
    return CostSide(r.resources_usd, r.flows_usd, r.monthly_total_usd, r.prices_as_of)


def _cost_diff(old_side: tuple[str, Analysis], new_side: tuple[str, Analysis]) -> CostDiff:
    problems = tuple(
        f"{name}: {problem}"
        for name, side in (old_side, new_side)
        if (problem := price_problem(side)) is not None
    )
    old, new = old_side[1], new_side[1]
    old_report, new_report = _report(old), _report(new)
    changes: list[ResourceCostChange] = []
    if old_report is not None and new_report is not None:
        a = {(r.kind, r.id): round_usd(r.monthly_usd) for r in old_report.resources}
        b = {(r.kind, r.id): round_usd(r.monthly_usd) for r in new_report.resources}
        for key in sorted(set(a) | set(b), key=lambda k: (k[1], k[0])):
            x, y = a.get(key), b.get(key)
            if x != y:
                changes.append(ResourceCostChange(key[1], key[0], x, y))
    return CostDiff(_cost_side(old), _cost_side(new), tuple(changes), problems)


def _finding_changes(
    old: CostReport | None, new: CostReport | None
) -> tuple[FindingChange, ...]:
    """Findings matched by code and subject; one whose message (its figures) changed is
    `changed`, with the old message kept."""
    if old is None or new is None:
        return ()

    def keyed(report: CostReport) -> dict[tuple[str, str], tuple[str, str]]:
        found: dict[tuple[str, str], tuple[str, str]] = {}
        for f in report.findings:
            key = (f.code, f.subject)
            if key in found:  # two findings of one code on one subject: keep them apart
                key = (f.code, f"{f.subject}\x00{f.message}")
            found[key] = (f.severity, f.message)
        return found

    a, b = keyed(old), keyed(new)
    out: list[FindingChange] = []
    for key in sorted(set(a) | set(b)):
        code, subject = key[0], key[1].split("\x00")[0]
        if key not in b:
            out.append(FindingChange(REMOVED, code, a[key][0], subject, a[key][1]))
        elif key not in a:
            out.append(FindingChange(ADDED, code, b[key][0], subject, b[key][1]))
        elif a[key] != b[key]:
            out.append(FindingChange(CHANGED, code, b[key][0], subject, b[key][1], a[key][1]))
    return tuple(sorted(out, key=lambda f: (f.subject, f.code, f.change, f.message)))


__all__ = [
    "ADDED",
    "CHANGED",
    "FLOW_FIELDS",
    "REMOVED",
    "CostDiff",
    "CostSide",
    "FieldChange",
    "FindingChange",
    "FlowChange",
    "FlowState",
    "ResourceChange",
    "ResourceCostChange",
    "TopologyDiff",
    "diff_designs",
    "flow_state",
    "hops_text",
    "price_problem",
    "resource_changes",
    "way",
]
