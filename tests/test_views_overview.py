"""The overview, per-VPC and per-service views: what each must show, checked on every case."""

from __future__ import annotations

import pytest
from views_support import case_files, loaded

from vpcdocs.model import EndpointType
from vpcdocs.render.scene import ClusterKind, EdgeStyle, Emphasis
from vpcdocs.render.views import UnknownTarget, overview, service_view, vpc_view
from vpcdocs.render.views.common import INTERNET_ID, aws_service_id, eni_id, vpc_node_id
from vpcdocs.render.views.overview import eni_group_id

CASES = sorted(case_files())


def text_of(scene) -> str:  # type: ignore[no-untyped-def]
    parts = [n.label + " " + (n.tooltip or "") for n in scene.nodes]
    parts += [c.label + " " + (c.tooltip or "") for c in scene.all_clusters()]
    return "\n".join(parts)


@pytest.mark.parametrize("case", CASES)
def test_overview_shows_regions_vpcs_azs_and_every_subnet(case: str) -> None:
    topo, results = loaded(case)
    scene = overview(topo, results, detailed=True)
    clusters = {c.id: c for c in scene.all_clusters()}
    node_ids = {n.id for n in scene.nodes}
    for region in topo.regions():
        assert clusters[f"region@{region}"].kind is ClusterKind.REGION
    for vpc in topo.vpcs.values():
        assert clusters[f"vpc@{vpc.name}"].kind is ClusterKind.VPC
        for subnet in vpc.subnets:
            az = topo.subnets[subnet].az
            assert f"az@{vpc.name}@{az}" in clusters, (vpc.name, az)
            boxed = f"subnet@{subnet}" in clusters
            listed = subnet in clusters[f"az@{vpc.name}@{az}"].label + (
                next((n.label for n in scene.nodes if n.id == f"subnets:{vpc.name}:{az}"), "")
            )
            assert boxed or listed, subnet
    for name in (*topo.workloads, *topo.nat_gateways, *topo.internet_gateways,
                 *topo.transit_gateways, *topo.peerings, *topo.endpoint_services,
                 *topo.load_balancers):
        assert name in node_ids, name
    for ep in topo.endpoints.values():  # interface endpoints: each ENI inside its subnet's box
        if ep.type is EndpointType.GATEWAY or not ep.subnets:
            assert ep.name in node_ids, ep.name
            continue
        assert ep.name not in node_ids, ep.name
        for subnet in ep.subnets:  # its own node, or named on its subnet's group of ENIs
            inside = clusters[f"subnet@{subnet}"].node_ids
            group = eni_group_id(subnet)
            assert eni_id(ep.name, subnet) in inside or (
                group in inside and f"{ep.name} · " in "\n".join(scene.node(group).details)
            ), (ep.name, subnet)
    for att in topo.tgw_attachments.values():
        if att.vpc is not None:
            assert att.name in node_ids
    if topo.internet_gateways:
        assert INTERNET_ID in node_ids
    for ep in topo.endpoints.values():
        if ep.service not in topo.endpoint_services:
            region = ep.service_region if ep.type is not EndpointType.GATEWAY else topo.vpcs[ep.vpc].region
            assert aws_service_id(ep.service, region) in node_ids


@pytest.mark.parametrize("case", CASES)
def test_overview_draws_every_flow_without_label_soup(case: str) -> None:
    topo, results = loaded(case)
    scene = overview(topo, results, detailed=True)
    labelled = [e for e in scene.edges if e.label]
    for edge in labelled:  # only blocked lines and TGW peerings say something
        assert edge.style is EdgeStyle.BLOCKED or edge.label.startswith("TGW peering"), edge
    assert all(e.number is None for e in scene.edges)
    tips = " ".join(e.tooltip or "" for e in scene.edges)
    for result in results:
        assert result.id in tips, f"flow {result.id} is not on the overview"
    blocked = [r for r in results if not r.reachable]
    assert len([e for e in scene.edges if e.style is EdgeStyle.BLOCKED]) >= min(1, len(blocked))
    if scene.edges:
        assert scene.legend is not None


def test_hub_and_spoke_overview_stays_readable() -> None:
    topo, results = loaded("hub-and-spoke")
    scene = overview(topo, results, detailed=True)
    assert len(scene.nodes) <= 70
    assert len(scene.edges) <= 100
    # an interface endpoint's ENIs sit in their subnets; a subnet of many is one node
    subnet_of = {n: cl.id for cl in scene.all_clusters() for n in cl.node_ids}
    enis = [n.id for n in scene.nodes if n.id.startswith("eni:")]
    assert enis and all(subnet_of[n] == f"subnet@{n.split(':')[2]}" for n in enis)
    groups = [n for n in scene.nodes if n.id.startswith("enis:")]
    assert groups and all(subnet_of[n.id] == f"subnet@{n.id.split(':')[1]}" for n in groups)
    shared = scene.node(eni_group_id("use1-shared-endpoints-a"))
    assert shared.label == "6 endpoint ENIs" and "use1-sqs-if · sqs" in shared.details
    assert shared.link == "vpcs/use1-shared-vpc/#endpoints"


@pytest.mark.parametrize("case", CASES)
def test_vpc_view_shows_every_subnet_eni_and_route(case: str) -> None:
    topo, results = loaded(case)
    for vpc in topo.vpcs.values():
        scene = vpc_view(topo, results, vpc.name)
        clusters = {c.id: c for c in scene.all_clusters()}
        node_ids = {n.id for n in scene.nodes}
        assert clusters[f"vpc@{vpc.name}"].emphasis is Emphasis.NORMAL
        for subnet in vpc.subnets:
            assert f"subnet@{subnet}" in clusters
            table = topo.subnets[subnet].route_table
            if table is not None:
                assert table in clusters[f"subnet@{subnet}"].label
                # and joined to the box of the subnet it serves (when the box holds anything)
                joins = [e for e in scene.edges if e.src == table and e.dst_cluster == f"subnet@{subnet}"]
                assert len(joins) == 1 and joins[0].style is EdgeStyle.ASSOCIATION
        for name in vpc.endpoints:
            ep = topo.endpoints[name]
            if ep.type is EndpointType.GATEWAY:
                assert name in node_ids
            for subnet in ep.subnets:
                assert eni_id(name, subnet) in node_ids
        for table in vpc.route_tables:
            assert table in node_ids
            details = scene.node(table).details
            assert details[: len(vpc.cidrs)] == tuple(f"{c} → local" for c in vpc.cidrs)
            for route in topo.route_tables[table].routes:  # listed on the table, and a line
                assert f"{route.to} → {route.via}" in details
                assert any(e.src == table and str(route.to) in (e.tooltip or "") for e in scene.edges)
        for other in topo.vpcs.values():  # other VPCs only as faded context
            box = clusters.get(f"vpc@{other.name}")
            if other.name != vpc.name and box is not None:
                assert box.emphasis is Emphasis.MUTED


def test_vpc_view_neighbours() -> None:
    topo, results = loaded("course")
    scene = vpc_view(topo, results, "london-vpc")
    ids = {n.id for n in scene.nodes}
    assert {"tgw-london", "london-reporting-peering", vpc_node_id("reporting-vpc"), "tgw-ireland",
            INTERNET_ID} <= ids
    assert scene.node("tgw-ireland").emphasis is Emphasis.MUTED
    scene = vpc_view(topo, results, "orders-vpc")
    ids = {n.id for n in scene.nodes}
    assert {"orders-api", "orders-nlb", "orders-if"} <= ids  # its service and the consumer
    assert scene.node("orders-if").emphasis is Emphasis.MUTED


def test_service_view_shows_consumers_principals_and_acceptance() -> None:
    topo, results = loaded("privatelink")
    scene = service_view(topo, results, "api-svc")
    assert "role caller" in scene.node("good-if").label
    assert "accepted" in scene.node("good-if").label
    assert "pending acceptance" in scene.node("waiting-if").label
    assert "user mallory" in scene.node("stranger-if").label
    terms = scene.node("terms:api-svc").label
    assert "role caller" in terms and "account 333333333333" in terms and "api.example.com" in terms
    edges = {(e.src, e.dst): e for e in scene.edges}
    assert edges[("good-if", "api-svc")].style is EdgeStyle.BACKBONE
    assert edges[("waiting-if", "api-svc")].style is EdgeStyle.BLOCKED
    assert "connection not accepted" in edges[("waiting-if", "api-svc")].label
    assert "principal not allowed" in edges[("stranger-if", "api-svc")].label
    assert ("api-nlb", "api-a1") in edges and ("api-nlb", "api-b1") in edges
    assert ("lonely-app", "api-svc") in edges  # the flow with no endpoint, blocked
    assert edges[("lonely-app", "api-svc")].style is EdgeStyle.BLOCKED


def test_service_view_cross_region_consumer() -> None:
    topo, results = loaded("hub-and-spoke")
    scene = service_view(topo, results, "ledger-api")
    edges = {(e.src, e.dst): e for e in scene.edges}
    assert edges[("euw1-ledger-if", "ledger-api")].style is EdgeStyle.CROSS_REGION
    assert edges[("orders-ledger-if", "ledger-api")].style is EdgeStyle.BACKBONE
    assert "Also from: eu-west-1" in scene.node("terms:ledger-api").label


def test_unknown_names_raise_with_a_suggestion() -> None:
    topo, results = loaded("course")
    with pytest.raises(UnknownTarget) as caught:
        vpc_view(topo, results, "london-vpx")
    assert caught.value.suggestion == "london-vpc"
    assert "london-vpc" in str(caught.value)
    with pytest.raises(UnknownTarget) as caught:
        service_view(topo, results, "nothing-like-it")
    assert caught.value.suggestion is None
    assert isinstance(caught.value, LookupError)


def test_minimal_network_draws_without_flows() -> None:
    topo, results = loaded("minimal")
    assert results == ()
    scene = overview(topo, results, detailed=True)
    assert [n.id for n in scene.nodes] == ["empty:spare-vpc", "solo"]
    assert scene.legend is None
    boxes = {c.id: c for c in scene.all_clusters()}
    assert "1 subnet" in boxes["vpc@solo-vpc"].label
    assert boxes["vpc@spare-vpc"].node_ids == ("empty:spare-vpc",)
    assert scene.node("empty:spare-vpc").label == "no subnets"
    assert vpc_view(topo, results, "spare-vpc").node("empty:spare-vpc").label == "no subnets"
