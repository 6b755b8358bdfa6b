"""A large design's site: flows grouped by source VPC (and Region) in the navigation, with
counts, a group index page with a sortable, filterable table of its flows, the navigation pruned
to the current section (Material's navigation.prune) and the tables' script shipped; a small
design's site is unchanged (the goldens cover it)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vpcdocs.analysis.analysis import analyse
from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology
from vpcdocs.render.markdown.groups import GROUP_FLOWS, flow_groups, large_site
from vpcdocs.site.build import build_site
from vpcdocs.site.mkdocs_config import TABLES_JS, generated_config
from vpcdocs.site.page_paths import flow_page
from vpcdocs.site.pages import design_pages, site_nav

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402


def topology_of(shape: Shape) -> Topology:
    result = load_bytes("net.yaml", design(shape).encode("utf-8"))
    assert result.topology is not None, result.diagnostics[:3]
    return result.topology


@pytest.fixture(scope="module")
def grouped() -> Topology:
    return topology_of(Shape(regions=2, vpcs=8, flows=GROUP_FLOWS + 20))


def leaves(item: Any) -> Iterator[str]:
    if isinstance(item, str):
        yield item
    elif isinstance(item, list):
        for entry in item:
            yield from leaves(entry)
    elif isinstance(item, dict):
        for value in item.values():
            yield from leaves(value)


def test_a_small_design_is_not_grouped() -> None:
    small = topology_of(Shape(regions=2, vpcs=6, flows=10))
    assert not large_site(small) and flow_groups(small) is None
    assert "navigation.prune" not in generated_config("x", nav=site_nav(small))["theme"]["features"]


def test_flows_are_grouped_by_source_vpc_with_counts(grouped: Topology) -> None:
    groups = flow_groups(grouped)
    assert groups is not None and all(g.kind == "vpc" for g in groups)
    assert sorted(f for g in groups for f in g.flows) == sorted(grouped.flows)
    for group in groups:
        assert all(grouped.workloads[grouped.flows[f].source].vpc == group.name
                   for f in group.flows)
    nav = site_nav(grouped)
    flows_section = next(item for item in nav if next(iter(item)).startswith("Flows"))
    assert next(iter(flows_section)) == f"Flows ({len(grouped.flows)})"
    entries = flows_section[next(iter(flows_section))]
    assert entries[0] == "flows/index.md"
    titles = [next(iter(e)) for e in entries[1:]]
    assert titles == [f"{g.name} ({g.count})" for g in groups]
    # every flow page is in the navigation exactly once, under its group's index page
    paths = list(leaves(nav))
    assert sorted(p for p in paths if p.startswith("flows/") and "/_" not in p
                  and p != "flows/index.md") == sorted(flow_page(f) for f in grouped.flows)
    assert len(paths) == len(set(paths))


def test_group_pages_exist_with_a_table_of_their_flows(grouped: Topology) -> None:
    pages = design_pages(analyse(grouped), diagrams=False)
    nav_paths = set(leaves(site_nav(grouped)))
    assert nav_paths <= set(pages), sorted(nav_paths - set(pages))[:5]
    groups = flow_groups(grouped)
    assert groups is not None
    index = pages["flows/index.md"].decode("utf-8")
    assert f"The design has {len(grouped.flows)} flows" in index
    for group in groups:
        page = pages[group.page].decode("utf-8")
        assert '<div class="vpcdocs-table" markdown>' in page
        assert "| Flow | From → to | Reachable | Network | GB/month | USD/month |" in page
        for flow in group.flows:
            assert f"[{flow}]" in page  # each of its flows, linked
        assert group.page.split("/")[-2] in index


def test_many_vpcs_in_several_regions_add_a_region_level() -> None:
    topo = topology_of(Shape(regions=2, vpcs=90, flows=200))
    groups = flow_groups(topo)
    assert groups is not None and [g.kind for g in groups] == ["region", "region"]
    assert sum(g.count for g in groups) == len(topo.flows)
    nav = site_nav(topo)
    vpcs = next(item for item in nav if next(iter(item)).startswith("VPCs"))
    regions = [next(iter(e)) for e in vpcs[next(iter(vpcs))][1:]]
    assert [r.split(" ")[0] for r in regions] == sorted(topo.regions())  # split by Region


def test_a_grouped_site_builds_strictly_with_pruned_navigation(grouped: Topology,
                                                               tmp_path: Path) -> None:
    pages = design_pages(analyse(grouped), diagrams=False)
    result = build_site(pages, tmp_path / "site", strict=True, nav=site_nav(grouped), large=True)
    assert result.warnings == ()
    site = tmp_path / "site"
    assert (site / TABLES_JS).is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert TABLES_JS in home
    groups = flow_groups(grouped)
    assert groups is not None
    # pruned: a flow page's navigation lists its own section's flows, not every flow's page
    first, last = groups[0], groups[-1]
    flow_html = (site / "flows" / first.flows[0] / "index.html").read_text(encoding="utf-8")
    assert f'href="../{first.flows[1]}/"' in flow_html  # its own group's flows
    assert f'href="../{last.flows[-1]}/"' not in flow_html  # not another group's
    assert f'href="../_vpc/{last.name}/"' in flow_html  # only that group's index page
    # search still finds every flow by its name: an entry per flow page, titled with the name
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    for name in grouped.flows:
        assert name in titles[f"flows/{name}/"], name
