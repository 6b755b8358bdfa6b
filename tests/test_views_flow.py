"""The per-flow view: only the flow's hops (with the DNS lookup and the security group checks),
every hop numbered exactly as the flow's hop table numbers it, the path styled by what the packet
crosses, and for a blocked flow a last line in the blocked style carrying the reason."""

from __future__ import annotations

import pytest
from views_support import case_files, loaded

from vpcdocs.analysis.analysis import analyse as analyse_design
from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.model import Topology
from vpcdocs.render.markdown.rows import hop_rows
from vpcdocs.render.scene import Edge, EdgeStyle, Emphasis, Scene
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
    ids.update(f"gate:{gate.hop}" for gate in result.gates)
    if result.lookup is not None:
        ids.add("dns:")
    return ids


def path(scene: Scene) -> list[Edge]:
    """The lines the packet takes, in order: from the highlighted source, each line starting
    where the one before ended (the DNS lookup and faded context lines are not the path)."""
    lines = [e for e in scene.edges
             if e.style is not EdgeStyle.RESOLVES and e.emphasis is not Emphasis.MUTED]
    starts = {e.src for e in lines}
    ends = {e.dst for e in lines}
    (first,) = starts - ends or {None}
    chain: list[Edge] = []
    here = first
    while True:
        following = [e for e in lines if e.src == here]
        if not following:
            break
        assert len(following) == 1, f"the path branches at {here}"
        chain.append(following[0])
        here = following[0].dst
    assert len(chain) == len(lines), "every path line is on one chain"
    return chain


def drawn_numbers(scene: Scene) -> dict[int, str]:
    """Step number -> what carries it: a node id, ``box:<cluster id>`` or ``line:<src>-><dst>``;
    each number may be drawn once only."""
    found: list[tuple[int, str]] = []
    found += [(n, node.id) for node in scene.nodes for n in node.numbers]
    found += [(n, f"box:{box.id}") for box in scene.all_clusters() for n in box.numbers]
    found += [(e.number, f"line:{e.src}->{e.dst}") for e in scene.edges if e.number is not None]
    numbers = [n for n, _ in found]
    assert len(numbers) == len(set(numbers)), f"a number is drawn twice: {sorted(numbers)}"
    return dict(found)


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
def test_the_numbers_are_exactly_the_hops_of_the_flows_table(case: str, flow: str) -> None:
    """Both ways: every row of the hop table has its number in the picture, on the thing that
    row names, and every number in the picture is a row of the table."""
    topo, result, scene = get(case, flow)
    rows = hop_rows(analyse_design(topo), result)
    drawn = drawn_numbers(scene)
    assert sorted(drawn) == [row.number for row in rows]
    for row, hop in zip(rows, result.hops, strict=True):
        where = drawn[row.number]
        assert row.ref.name == hop.id
        if hop.kind == HopKind.SUBNET:
            assert where == f"box:subnet@{hop.id}"
        elif hop.kind in (HopKind.LOCAL, HopKind.TRANSIT_GATEWAY_PEERING):
            assert where.startswith("line:")
        else:
            assert where in hop_node_ids(topo, result) and not where.startswith(("dns:", "gate:"))
            assert where == hop.id or hop.id in where, (row.number, where, hop.id)


@pytest.mark.parametrize(("case", "flow"), every_flow())
def test_the_path_is_one_chain_from_the_source(case: str, flow: str) -> None:
    _, _result, scene = get(case, flow)
    chain = path(scene)
    assert chain, "every flow has at least one step"
    highlighted = {n.id for n in scene.nodes if n.emphasis is Emphasis.HIGHLIGHT}
    assert chain[0].src in highlighted
    assert scene.node(chain[0].src).numbers[:1] == (1,)


@pytest.mark.parametrize(("case", "flow"), every_flow())
def test_the_dns_step_and_the_security_group_checks_are_drawn(case: str, flow: str) -> None:
    _topo, result, scene = get(case, flow)
    ids = {n.id for n in scene.nodes}
    if result.lookup is not None:
        dns = scene.node("dns:")
        assert result.lookup.name in dns.details
        text = " ".join(dns.details)
        if result.lookup.zone:
            assert result.lookup.zone in text
        if result.lookup.endpoint:
            assert result.lookup.endpoint in text
        looks = [e for e in scene.edges if e.dst == "dns:"]
        assert [e.style for e in looks] == [EdgeStyle.RESOLVES]
    else:
        assert "dns:" not in ids
    chain_nodes = {e.src for e in path(scene)} | {e.dst for e in path(scene)}
    for gate in result.gates:
        node = scene.node(f"gate:{gate.hop}")
        assert node.id in chain_nodes, "the security group check is on the path"
        assert ("✓" if gate.passed else "✗") in " ".join(node.details)


@pytest.mark.parametrize(("case", "flow"), every_flow())
def test_outcome_styles(case: str, flow: str) -> None:
    _, result, scene = get(case, flow)
    steps = path(scene)
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
    last = path(scene)[-1]
    assert last.dst == "euw1-egress-s3-gw"
    assert last.style is EdgeStyle.BLOCKED
    assert "gateway endpoint not transitive" in last.label
    assert "BLOCKED" in scene.title
    s3 = scene.node(aws_service_id("s3", "eu-west-1"))
    assert s3.emphasis is Emphasis.MUTED  # shown, but never reached


def test_a_flow_with_a_single_hop_still_gets_its_blocked_line() -> None:
    _topo, result, scene = get("privatelink", "lonely-to-api")
    assert result.reason == "NO_ENDPOINT"
    (edge,) = path(scene)
    assert (edge.src, edge.dst, edge.style) == ("lonely-app", "api-svc", EdgeStyle.BLOCKED)
    assert "no endpoint" in edge.label


def test_route_labels_show_the_matched_destination() -> None:
    _, _, scene = get("course", "web-to-s3-us-east-1")
    steps = path(scene)
    assert [e.src for e in steps][:3] == ["web", "london-app-a-rt", "nat-london-a"]
    assert steps[1].label == "0.0.0.0/0"  # london-app-a-rt's route to the NAT gateway
    assert steps[0].style is EdgeStyle.BACKBONE and steps[2].style is EdgeStyle.INTERNET
    _, _, scene = get("course", "web-to-s3")
    assert any(e.label == "pl-7ca54015 (s3)" for e in scene.edges)


def test_cross_region_hop_is_styled_cross_region() -> None:
    _, _, scene = get("course", "reporting-to-dynamodb")
    crossing = [e for e in scene.edges if e.style is EdgeStyle.CROSS_REGION]
    # across the peering into london-vpc, where the ENI's security group checks the packet
    assert [(e.src, e.dst) for e in crossing] == [("london-reporting-peering", "gate:4")]
    gate = scene.node("gate:4")
    assert "allows 10.30.0.0/16, 10.31.0.0/16" in gate.details
    eni = eni_id("ddb-if", "london-endpoints-a")
    assert ("gate:4", eni) in {(e.src, e.dst) for e in path(scene)}


def test_the_dns_step_names_the_hosted_zone_that_answers() -> None:
    _, _result, scene = get("course", "reporting-to-dynamodb")
    dns = scene.node("dns:")
    assert dns.details == (
        "dynamodb.eu-west-2.amazonaws.com",
        "answered by private hosted zone ddb-euw2-zone (dynamodb.eu-west-2.amazonaws.com)",
        "→ the ENIs of ddb-if",
    )
    assert dns.icon == "hosted-zone"
    _, _, scene = get("course", "web-to-kms")
    assert "answered by private DNS of endpoint kms-if" in scene.node("dns:").details
    _, _, scene = get("course", "web-to-s3")
    assert scene.node("dns:").details[1:] == ("answered by public DNS", "→ public addresses")


def test_a_long_flow_runs_down_not_across() -> None:
    _, _, scene = get("course", "batch-to-dynamodb")
    assert scene.direction == "TB"
    _, _, scene = get("privatelink", "lonely-to-api")
    assert len(path(scene)) + 1 <= 3 and scene.direction == "LR"
