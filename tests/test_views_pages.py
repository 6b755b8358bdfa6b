"""page_for / link_for / link_base_for: one page per named object, safe folder names, URL form
for SVG links, and the relative prefix that makes an SVG's links work from where it sits."""

from __future__ import annotations

import posixpath

import pytest
from views_support import all_views, case_files, loaded

from vpcdocs.filenames import safe_filename
from vpcdocs.render.svg import join_link
from vpcdocs.render.views import link_base_for, link_for, page_for, url_of


def test_pages_of_each_kind_in_the_course_example() -> None:
    topo, _ = loaded("course")
    assert page_for(topo, "london-vpc") == "vpcs/london-vpc/index.md"
    assert page_for(topo, "london-app-a") == "vpcs/london-vpc/index.md#subnets"
    assert page_for(topo, "web") == "vpcs/london-vpc/index.md#workloads"
    assert page_for(topo, "london-app-a-rt") == "vpcs/london-vpc/index.md#route-tables"
    assert page_for(topo, "nat-london-a") == "vpcs/london-vpc/index.md#gateways"
    assert page_for(topo, "london-igw") == "vpcs/london-vpc/index.md#gateways"
    assert page_for(topo, "s3-gw") == "endpoints/s3-gw/index.md"
    assert page_for(topo, "web-to-s3") == "flows/web-to-s3/index.md"
    assert page_for(topo, "orders-api") == "services/orders-api/index.md"
    assert page_for(topo, "orders-nlb") == "services/orders-api/index.md"
    assert page_for(topo, "london-reporting-peering") == "vpcs/reporting-vpc/index.md#connections"
    assert page_for(topo, "tgw-london") == "regions/eu-west-2/index.md#transit-gateways"
    assert page_for(topo, "att-batch") == "regions/eu-west-1/index.md#transit-gateways"
    assert page_for(topo, "tgw-ireland-rt") == "regions/eu-west-1/index.md#transit-gateways"
    assert page_for(topo, "ddb-euw2-zone") == "endpoints/ddb-if/index.md#dns"
    assert page_for(topo, "eu-west-1") == "regions/eu-west-1/index.md"
    # AWS services, the internet and unknown names have no page
    assert page_for(topo, "s3") is None
    assert page_for(topo, "internet") is None
    assert page_for(topo, "us-east-1") is None  # a region without any VPC of the design


def test_odd_names_use_safe_folder_names() -> None:
    topo, _ = loaded("odd-names")
    assert page_for(topo, "Prod.VPC") == f"vpcs/{safe_filename('Prod.VPC')}/index.md"
    assert safe_filename("Prod.VPC") != "Prod.VPC"
    assert page_for(topo, "CON") == f"vpcs/{safe_filename('Prod.VPC')}/index.md#route-tables"
    assert page_for(topo, "S3.Gateway") == f"endpoints/{safe_filename('S3.Gateway')}/index.md"


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("flows/a/index.md", "flows/a/"),
        ("vpcs/a/index.md#subnets", "vpcs/a/#subnets"),
        ("pricing.md", "pricing/"),
        ("index.md", ""),
    ],
)
def test_url_of(page: str, url: str) -> None:
    assert url_of(page) == url


@pytest.mark.parametrize(
    ("svg", "base"),
    [
        ("diagram.svg", ""),
        ("flows/web-to-s3/diagram.svg", "../../"),
        ("vpcs/x/diagram.svg", "../../"),
        ("a/b/c/d.svg", "../../../"),
        ("./flows/x/diagram.svg", "../../"),
    ],
)
def test_link_base_for(svg: str, base: str) -> None:
    assert link_base_for(svg) == base


def test_link_base_makes_links_resolve_to_the_page_from_where_the_svg_sits() -> None:
    topo, _ = loaded("course")
    svg = "flows/web-to-s3/diagram.svg"
    href = join_link(link_base_for(svg), link_for(topo, "london-vpc") or "")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(svg), href))
    assert resolved == "vpcs/london-vpc"


@pytest.mark.parametrize("bad", ["../x.svg", "/abs/x.svg"])
def test_link_base_for_refuses_paths_outside_the_docs(bad: str) -> None:
    with pytest.raises(ValueError):
        link_base_for(bad)


@pytest.mark.parametrize("case", sorted(case_files()))
def test_every_link_in_every_view_is_the_url_of_a_page(case: str) -> None:
    topo, _ = loaded(case)
    pages = set()
    for name in (
        list(topo.vpcs) + list(topo.subnets) + list(topo.workloads) + list(topo.endpoints)
        + list(topo.route_tables) + list(topo.nat_gateways) + list(topo.internet_gateways)
        + list(topo.peerings) + list(topo.transit_gateways) + list(topo.tgw_attachments)
        + list(topo.endpoint_services) + list(topo.load_balancers) + list(topo.regions())
        # the hybrid objects (topology-format-hybrid.md)
        + list(topo.on_premises) + list(topo.onprem_workloads) + list(topo.connections)
        + list(topo.vpn_gateways) + list(topo.direct_connect_gateways)
        + list(topo.resolver_endpoints) + list(topo.security_groups) + list(topo.network_acls)
    ):
        page = page_for(topo, name)
        assert page is not None, name
        pages.add(url_of(page))
    for _, scene in all_views(case):
        links = [n.link for n in scene.nodes] + [c.link for c in scene.all_clusters()]
        for link in links:
            if link is None:
                continue
            assert link in pages or link.split("#")[0] + "#route-tables" in pages, link
