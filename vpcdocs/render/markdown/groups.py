"""How a large design's flows are grouped: by source VPC, and by source Region above that.

A design with a thousand flows cannot list them in one navigation section (every page of the
site would carry the whole list: MkDocs' time per page and the site's size both grew with the
number of pages) nor in one table. Past `GROUP_FLOWS` flows the flows section is grouped by the
VPC each flow starts in, each group with an index page holding a sortable, filterable table of
its flows; past `REGION_LEVEL` VPC groups in several Regions, the VPC groups are grouped by
Region too. Smaller designs keep one flat section (their pages do not change).

Everything here follows from the topology alone (a flow starts at its `from` workload), so the
navigation (`vpcdocs.site.pages.site_nav`) and the pages agree without an analysis. Group pages
live in folders whose names no flow can have (`flows/_vpc/<vpc>/`, `flows/_region/<region>/`:
item folders never start with `_`, `vpcdocs.filenames.safe_filename`).
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcdocs.filenames import safe_filename
from vpcdocs.model import Topology

__all__ = [
    "GROUP_FLOWS",
    "GROUP_ITEMS",
    "REGION_LEVEL",
    "FlowGroup",
    "flow_groups",
    "large_site",
]

#: More flows than this: the flows section is grouped by source VPC.
GROUP_FLOWS = 60
#: More VPC groups than this, in more than one Region: a Region level above them.
REGION_LEVEL = 40
#: More VPCs or endpoints than this: their navigation sections are split by Region.
GROUP_ITEMS = 60


@dataclass(frozen=True)
class FlowGroup:
    """A group of flows: those starting in one VPC (`kind` "vpc", `flows` their ids, sorted),
    or the VPC groups of one Region (`kind` "region", `children`)."""

    kind: str
    name: str
    region: str
    page: str
    flows: tuple[str, ...] = ()
    children: tuple[FlowGroup, ...] = ()

    @property
    def count(self) -> int:
        return len(self.flows) + sum(c.count for c in self.children)

    def all_flows(self) -> tuple[str, ...]:
        return self.flows + tuple(f for c in self.children for f in c.all_flows())


def large_site(topology: Topology) -> bool:
    """Whether the site is grouped (and its navigation pruned to the current section)."""
    return (len(topology.flows) > GROUP_FLOWS or len(topology.vpcs) > GROUP_ITEMS
            or len(topology.endpoints) > GROUP_ITEMS)


def vpc_group_page(vpc: str) -> str:
    return f"flows/_vpc/{safe_filename(vpc)}/index.md"


def region_group_page(region: str) -> str:
    return f"flows/_region/{safe_filename(region)}/index.md"


def flow_groups(topology: Topology) -> tuple[FlowGroup, ...] | None:
    """The groups of the flows section (VPC groups, or Region groups of VPC groups), sorted by
    name; None when the section is not grouped."""
    if len(topology.flows) <= GROUP_FLOWS:
        return None
    by_vpc: dict[str, list[str]] = {}
    for flow in topology.flows.values():
        vpc = topology.workloads[flow.source].vpc
        by_vpc.setdefault(vpc, []).append(flow.name)
    vpc_groups = [
        FlowGroup("vpc", vpc, topology.vpcs[vpc].region, vpc_group_page(vpc), tuple(sorted(ids)))
        for vpc, ids in sorted(by_vpc.items())
    ]
    regions = sorted({g.region for g in vpc_groups})
    if len(vpc_groups) <= REGION_LEVEL or len(regions) < 2:
        return tuple(vpc_groups)
    return tuple(
        FlowGroup("region", region, region, region_group_page(region),
                  children=tuple(g for g in vpc_groups if g.region == region))
        for region in regions
    )
