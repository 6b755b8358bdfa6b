"""Contexts of the group index pages of a large design (`groups.flow_groups`): the flows
section's index (its groups with counts), a Region group (its VPC groups) and a VPC group (a
table of its flows: reachable, network, cost), each table sortable and filterable on the site
(`templates/flow_group.md.j2`, the site's `vpcdocs-tables.js`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.render.markdown import layout
from vpcdocs.render.markdown.context import base
from vpcdocs.render.markdown.groups import FlowGroup
from vpcdocs.render.markdown.layout import Ref
from vpcdocs.render.markdown.rows import FlowRow, flow_rows

__all__ = ["GroupRow", "group_context", "groups_index_context"]


@dataclass(frozen=True)
class GroupRow:
    """A group in a table of groups: its page, how many flows, how many reachable, what its
    flows cost a month (data charges)."""

    ref: Ref
    region: str
    flows: int
    reachable: int
    blocked: int
    monthly_usd: float


def _group_row(design: Analysis, group: FlowGroup) -> GroupRow:
    flows = [design.flow(f) for f in group.all_flows()]
    reachable = sum(1 for f in flows if f.reachable)
    usd = sum(design.flow_report(f.id).monthly_usd for f in flows)
    return GroupRow(Ref(group.name, group.kind, group.page), group.region, len(flows), reachable,
                    len(flows) - reachable, usd)


def groups_index_context(design: Analysis, groups: tuple[FlowGroup, ...], page_path: str, *,
                         allow_html: bool) -> dict[str, Any]:
    """The flows section's index page when the flows are grouped."""
    context = base(design, page_path, allow_html=allow_html)
    context["by"] = groups[0].kind if groups else "vpc"
    context["total"] = len(design.flows)
    context["groups"] = tuple(_group_row(design, g) for g in groups)
    return context


def group_context(design: Analysis, group: FlowGroup, page_path: str, *,
                  allow_html: bool) -> dict[str, Any]:
    """A group's index page: a Region's VPC groups, or a VPC's flows."""
    context = base(design, page_path, allow_html=allow_html)
    context["group"] = group
    context["total"] = group.count
    if group.kind == "vpc":
        context["place"] = layout.ref_for(design.topology, "vpc", group.name)
    else:
        context["place"] = layout.ref_for(design.topology, "region", group.name)
    context["groups"] = tuple(_group_row(design, g) for g in group.children)
    rows: tuple[FlowRow, ...] = flow_rows(design, tuple(design.flow(f) for f in group.flows))
    context["rows"] = rows
    return context
