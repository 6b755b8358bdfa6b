"""The per-flow view: only the flow's hops, numbered 1..n in order, styled by what the packet
crosses, and for a blocked flow a last line in the blocked style carrying the reason."""

from __future__ import annotations

import itertools

import pytest
from views_support import case_files, loaded

from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.model import Topology
from vpcdocs.render.scene import EdgeStyle, Emphasis, Scene
from vpcdocs.render.views import flow_view
from vpcdocs.render.views.common import (
    INTERNET_ID,
    aws_service_id,
    eni_id,
    reason_words,
    subnet_node_id,
)


def every_flow() -> list[tuple[str, str]]:
    return [(case, r.id) for case in sorted(case_files()) for r in loaded(case)[1]]


def get(case: str, flow: str) -> tuple[Topology, FlowResult, Scene]:
    topo, results = loaded(case)
    result = next(r for r in results if r.id == flow)
    return topo, result, flow_view(topo, result)


def hop_node_ids(topo: Topology, result: FlowResult) -> set[str]:
    """Every node id a hop of this flow may be drawn as."""
    ids: set[str] = set()
    for hop in result.hops:
        ids.add(hop.id)
        ids.add(subnet_node_id(hop.id))
        if hop.kind == HopKind.SERVICE:
            ids.add(aws_service_id(hop.id, hop.region or result.to_region or ""))
        if hop.kind == HopKind.INTERNET:
            ids.add(INTERNET_ID)
        if hop.id in topo.endpoints:
            ids.update(eni_id(hop.id, s) for s in topo.endpoints[hop.id].subnets)
    return ids


@pytest.mark.parametrize(("case", "flow"), every_flow())
def test_only_the_flows_hops_are_drawn(case: str, flow: str) -> None:
    topo, result, scene = get(case, flow)
    allowed = hop_node_ids(topo, result)
    faded = {n.id for n in scene.nodes if n.emphasis is Emphasis.MUTED}
    extra = {n.id for n in scene.nodes} - allowed - faded
    assert extra == set()
    if result.reachable:
        assert faded == set()
    else:  # only the destination it never reached is faded
        assert len(faded) <= 1


@pytest.mark.parametrize(("case", "flow"), every_flow())
def test_steps_are_numbered_one_to_n_along_a_chain(case: str, flow: str) -> None:
    _, _result, scene = get(case, flow)
    numbered = sorted((e for e in scene.edges if e.number is not None), key=lambda e: e.number or 0)
    assert [e.number for e in numbered] == list(range(1, len(numbered) + 1))
    for a, b in itertools.pairwise(numbered):
        assert a.dst == b.src, "consecutive steps join"
    assert numbered, "every flow has at least one step"
    assert numbered[0].src in {n.id for n in scene.nodes if n.emphasis is Emphasis.HIGHLIGHT}


@pytest.mark.parametrize(("case", "flow"), every_flow())
def test_outcome_styles(case: str, flow: str) -> None:
    _, result, scene = get(case, flow)
    steps = sorted((e for e in scene.edges if e.number is not None), key=lambda e: e.number or 0)
    styles = [e.style for e in steps]
    if result.reachable:
        assert EdgeStyle.BLOCKED not in styles
        assert (EdgeStyle.INTERNET in styles) == (result.network.value == "internet")
        if result.cross_region and result.network.value != "internet":
            assert EdgeStyle.CROSS_REGION in styles
        if not result.cross_region:
            assert EdgeStyle.CROSS_REGION not in styles
    else:
        assert styles[-1] is EdgeStyle.BLOCKED
        assert EdgeStyle.BLOCKED not in styles[:-1]
        last = steps[-1]
        assert reason_words(result.reason or "") in last.label
        assert result.reason is not None and result.reason in (last.tooltip or "")
        if result.fix:
            assert result.fix in (last.tooltip or "")
    assert scene.legend is not None
    legend_styles = {entry.edge_style for entry in scene.legend.entries}
    assert set(styles) <= legend_styles


def test_blocked_example_flow_stops_at_the_gateway_endpoint() -> None:
    _, result, scene = get("hub-and-spoke", "analytics-notebook-to-s3")
    assert not result.reachable
    last = max((e for e in scene.edges if e.number is not None), key=lambda e: e.number or 0)
    assert last.dst == "euw1-egress-s3-gw"
    assert last.style is EdgeStyle.BLOCKED
    assert "gateway endpoint not transitive" in last.label
    assert "BLOCKED" in scene.title
    s3 = scene.node(aws_service_id("s3", "eu-west-1"))
    assert s3.emphasis is Emphasis.MUTED  # shown, but never reached


def test_a_flow_with_a_single_hop_still_gets_its_blocked_line() -> None:
    _topo, result, scene = get("privatelink", "lonely-to-api")
    assert result.reason == "NO_ENDPOINT"
    (edge,) = [e for e in scene.edges if e.number is not None]
    assert (edge.src, edge.dst, edge.style) == ("lonely-app", "api-svc", EdgeStyle.BLOCKED)
    assert "no endpoint" in edge.label


def test_route_labels_show_the_matched_destination() -> None:
    _, _, scene = get("course", "web-to-s3-us-east-1")
    labels = {e.number: e.label for e in scene.edges}
    assert labels[2] == "0.0.0.0/0"  # london-app-a-rt's route to the NAT gateway
    styles = {e.number: e.style for e in scene.edges}
    assert styles[1] is EdgeStyle.BACKBONE and styles[3] is EdgeStyle.INTERNET
    _, _, scene = get("course", "web-to-s3")
    assert any(e.label == "pl-7ca54015 (s3)" for e in scene.edges)


def test_cross_region_hop_is_styled_cross_region() -> None:
    _, _, scene = get("course", "reporting-to-dynamodb")
    crossing = [e for e in scene.edges if e.style is EdgeStyle.CROSS_REGION]
    eni = eni_id("ddb-if", "london-endpoints-a")
    assert [(e.src, e.dst) for e in crossing] == [("london-reporting-peering", eni)]
