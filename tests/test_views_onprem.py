"""On-premises networks in the overview and the per-VPC pictures (vpcdocs.render.views.onprem):
each network a box with its workloads and site router, each connection a node joined to the
gateway it ends at (the TGW attachment named), Direct Connect gateways joined to their
associations, DNS forwarding drawn to the Resolver inbound endpoint, and the flows from the site
drawn through all of it."""

from __future__ import annotations

from views_support import loaded

from vpcdocs.render import views
from vpcdocs.render.scene import ClusterKind, Edge, EdgeStyle, Emphasis, Scene


def _clusters(scene: Scene) -> dict[str, tuple[ClusterKind, tuple[str, ...]]]:
    return {c.id: (c.kind, c.node_ids) for top in scene.clusters for c in top.walk()}


def _edge(scene: Scene, a: str, b: str) -> Edge:
    found = [e for e in scene.edges if {e.src, e.dst} == {a, b}]
    assert found, f"no line between {a} and {b}"
    return found[0]


def test_the_overview_draws_each_network_with_its_connections() -> None:
    topo, results = loaded("hybrid")
    scene = views.overview(topo, results, detailed=True)
    boxes = _clusters(scene)
    assert boxes["onprem@dc1"] == (ClusterKind.ON_PREM, ("dc1", "dns-server:dc1", "erp"))
    assert boxes["onprem@branch"] == (ClusterKind.ON_PREM, ("branch", "kiosk"))
    nodes = {n.id: n for n in scene.nodes}
    assert nodes["dx-dc1"].icon == "direct-connect"
    assert nodes["dx-dc1"].label.endswith("preferred")  # Direct Connect beats the BGP VPN
    assert nodes["vpn-dc1"].icon == "vpn-connection"
    assert nodes["vpn-dc1"].label.endswith("backup")
    assert nodes["dc1"].icon == "customer-gateway"
    assert nodes["shared-in"].icon == "route53"
    assert "shared-in" in boxes["vpc@shared-vpc"][1]  # the Resolver endpoint is on its VPC
    assert "att-vpn-dc1" in (_edge(scene, "vpn-dc1", "tgw-eu").tooltip or "")
    dns = _edge(scene, "dns-server:dc1", "shared-in")
    assert dns.style is EdgeStyle.RESOLVES
    assert "s3.eu-west-1.amazonaws.com" in (dns.tooltip or "")
    assert dns.label == ""  # the overview labels only blocked lines and TGW peerings


def test_the_overview_draws_flows_from_the_site_through_its_connection() -> None:
    topo, results = loaded("hybrid")
    scene = views.overview(topo, results, detailed=True)
    for a, b in (("erp", "dc1"), ("dc1", "dx-dc1"), ("dx-dc1", "dxgw-corp"),
                 ("dxgw-corp", "tgw-eu")):
        assert "erp-to-s3" in (_edge(scene, a, b).tooltip or ""), (a, b)
    assert "kiosk-to-s3" in (_edge(scene, "branch", "vpn-branch").tooltip or "")


def test_the_summary_draws_each_network_with_a_line_to_where_its_connections_end() -> None:
    topo, results = loaded("hybrid")
    scene = views.overview(topo, results, detailed=False)
    boxes = _clusters(scene)
    assert boxes["onprem@summary"] == (ClusterKind.ON_PREM, ("branch", "dc1"))
    assert "2 on-premises networks" in scene.title and "1 Regions" not in scene.title
    nodes = {n.id: n for n in scene.nodes}
    assert nodes["dc1"].details == ("192.168.0.0/16",)
    assert nodes["dc1"].link is not None
    line = _edge(scene, "dc1", "tgw-eu")  # Direct Connect (through dxgw-corp) and the VPN
    assert "dx-dc1 (Direct Connect, preferred)" in (line.tooltip or "")
    assert "vpn-dc1 (Site-to-Site VPN, BGP, backup)" in (line.tooltip or "")
    assert len([e for e in scene.edges if {e.src, e.dst} == {"dc1", "tgw-eu"}]) == 1


def test_the_vpc_view_draws_its_virtual_private_gateway_and_the_sites_behind_it() -> None:
    topo, results = loaded("vgw")
    scene = views.vpc_view(topo, results, "app-vpc")
    boxes = _clusters(scene)
    assert {"app-vgw", "app-in"} <= set(boxes["vpc@app-vpc"][1])
    assert "propagated → app-vgw" in {n.id: n for n in scene.nodes}["app-rt"].details
    assert _edge(scene, "app-rt", "app-vgw").style is EdgeStyle.BACKBONE
    for network in ("dc1", "dc2"):
        kind, inside = boxes[f"onprem@{network}"]
        assert kind is ClusterKind.ON_PREM and network in inside
    nodes = {n.id: n for n in scene.nodes}
    assert nodes["dc1"].emphasis is Emphasis.MUTED  # context, not the subject
    _edge(scene, "dx-dc1", "dxgw-vpcs")
    _edge(scene, "dxgw-vpcs", "app-vgw")
    _edge(scene, "vpn-dc2", "app-vgw")
    assert _edge(scene, "dns-server:dc1", "app-in").label == "forwards s3.eu-west-1.amazonaws.com"


def test_a_vpc_no_site_reaches_draws_no_site() -> None:
    topo, results = loaded("hybrid")
    scene = views.vpc_view(topo, results, "provider-vpc")
    assert not any(c.kind is ClusterKind.ON_PREM for c in scene.clusters)
    shared = views.vpc_view(topo, results, "shared-vpc")  # attached to the TGW both sites use
    assert {"onprem@dc1", "onprem@branch"} <= set(_clusters(shared))


def test_format_1_pictures_have_no_on_premises_parts() -> None:
    topo, results = loaded("course")
    scene = views.overview(topo, results, detailed=True)
    assert not any(c.kind is ClusterKind.ON_PREM for c in scene.clusters)


def test_a_flow_from_the_site_draws_it_in_its_box_with_links_to_its_page() -> None:
    topo, results = loaded("hybrid")
    result = next(r for r in results if r.id == "erp-to-s3")
    scene = views.flow_view(topo, result)
    assert _clusters(scene)["onprem@dc1"] == (ClusterKind.ON_PREM, ("dc1", "erp"))
    links = {n.id: n.link for n in scene.nodes}
    assert links["erp"] == "on-premises/dc1/#workloads"
    assert links["dc1"] == "on-premises/dc1/"
    assert links["dx-dc1"] == "on-premises/dc1/#connections"


def test_a_flow_view_draws_each_security_group_check_with_its_verdict() -> None:
    """Security groups (topology-format-hybrid.md) are steps of the flow picture, as an
    endpoint's `allow_from` is: which groups of which interface, and what they decided."""
    topo, results = loaded("hybrid")
    result = next(r for r in results if r.id == "reporting-to-orders")
    nodes = {n.id: n for n in views.flow_view(topo, result).nodes}
    gates = sorted((n.label, n.details) for i, n in nodes.items() if i.startswith("gate:"))
    assert gates == [
        ("security groups of orders-app", ("orders-sg", "✓ admits 10.30.0.0/24")),
        ("security groups of orders-if", ("endpoint-sg", "✓ admits 10.20.3.0/24")),
        ("security groups of orders-nlb", ("nlb-sg", "✓ admits 10.20.3.0/24")),
    ]
    assert nodes["gate:4"].link == "vpcs/shared-vpc/#filters-and-hybrid-connectivity"
