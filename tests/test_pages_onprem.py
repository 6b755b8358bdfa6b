"""A page per on-premises network (templates/on_premises.md.j2) and their section index: what the
network is, its workloads, its connections and which one is preferred, the site's routes (which
one is used), its DNS forwarding to Resolver inbound endpoints, its flows and its diagram; the
VPC and endpoint pages name the networks that reach them. Format 1 designs get none of it."""

from __future__ import annotations

from pathlib import Path

from vpcdocs.analysis.paths import analyse
from vpcdocs.loader import load_file
from vpcdocs.model import Topology
from vpcdocs.render import views
from vpcdocs.site.pages import build_pages, site_nav

ROOT = Path(__file__).resolve().parent.parent


def _t(text: str) -> str:
    """Code in a table cell, as the pages write it (never broken across lines)."""
    return f'<code style="white-space: nowrap">{text}</code>'


def _topology(path: Path) -> Topology:
    result = load_file(str(path))
    assert result.topology is not None, [str(d) for d in result.diagnostics]
    return result.topology


def _pages(name: str) -> dict[str, str]:
    pages = build_pages(_topology(ROOT / "examples" / name), diagrams=False)
    return {path: data.decode() for path, data in pages.items()}


def test_each_network_has_a_page_with_its_connections_routes_dns_and_flows() -> None:
    pages = _pages("hybrid.yaml")
    assert {"on-premises/index.md", "on-premises/dc1/index.md",
            "on-premises/branch/index.md"} <= set(pages)
    dc1 = pages["on-premises/dc1/index.md"]
    assert (f"| {_t('dx-dc1')} | Direct Connect | [dxgw-corp](index.md#connections) → "
            "[tgw-eu](../../regions/eu-west-1/index.md#transit-gateways) | BGP |") in dc1
    assert "| preferred |" in dc1 and "| backup |" in dc1
    net = _t("10.20.0.0/16")
    assert f"| {net} | {_t('dx-dc1')} | learned over Direct Connect | yes |" in dc1
    assert f"| {net} | {_t('vpn-dc1')} | learned over a BGP VPN | no: backup |" in dc1
    assert "`att-dx`" in dc1 and "`att-vpn-dc1`" in dc1
    assert (f"| {_t('s3.eu-west-1.amazonaws.com')} | [shared-in](../../vpcs/shared-vpc/index.md"
            "#filters-and-hybrid-connectivity) |") in dc1
    for flow in ("erp-to-s3", "erp-to-orders", "erp-to-reporting"):
        assert f"[{flow}](../../flows/{flow}/index.md)" in dc1
    assert "kiosk-to-s3" not in dc1
    branch = pages["on-premises/branch/index.md"]
    assert "| only path |" in branch
    assert "forwards no names to AWS" in branch
    index = pages["on-premises/index.md"]
    assert "[dc1](dc1/index.md)" in index and "[branch](branch/index.md)" in index


def test_the_network_pages_have_their_diagrams_and_are_in_the_navigation() -> None:
    topology = _topology(ROOT / "examples" / "hybrid.yaml")
    pages = build_pages(topology)
    assert pages["on-premises/dc1/diagram.svg"].startswith(b"<?xml")
    assert b"diagram.svg" in pages["on-premises/dc1/index.md"]
    nav = site_nav(topology)
    assert {"On premises": ["on-premises/index.md", {"branch": "on-premises/branch/index.md"},
                            {"dc1": "on-premises/dc1/index.md"}]} in nav


def test_vpc_and_endpoint_pages_name_the_networks_that_reach_them() -> None:
    pages = _pages("hybrid.yaml")
    vpc = pages["vpcs/shared-vpc/index.md"]
    assert ("On-premises network [dc1](../../on-premises/dc1/index.md) reaches this VPC over "
            "dx-dc1 (Direct Connect to dxgw-corp, preferred)") in vpc
    gateway = pages["endpoints/s3-gw/index.md"]
    assert "On-premises networks cannot use it either" in gateway
    interface = pages["endpoints/s3-if/index.md"]
    assert "On-premises networks too, over a Site-to-Site VPN or Direct Connect" in interface
    assert "| network ACL |" not in interface  # its subnets have no network ACL
    assert f"| security group | {_t('endpoint-sg')} |" in interface
    assert "| endpoint policy |" in interface


def test_format_1_sites_have_no_on_premises_pages() -> None:
    topology = _topology(ROOT / "examples" / "course.yaml")
    pages = build_pages(topology, diagrams=False)
    assert not any(p.startswith("on-premises/") for p in pages)
    assert "On premises" not in str(site_nav(topology))
    assert b"On-premises" not in pages["endpoints/" + next(
        p.split("/")[1] for p in pages if p.startswith("endpoints/") and p.count("/") == 2)
        + "/index.md"]


def test_odd_network_names_get_safe_folders_and_links(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "scenarios" / "views" / "vgw.yaml").read_text(encoding="utf-8")
    text = text.replace("dc2", "CON.Data_Centre")  # a Windows device name, a dot, an underscore
    design = tmp_path / "odd.yaml"
    design.write_text(text, encoding="utf-8")
    topology = _topology(design)
    pages = build_pages(topology, diagrams=False)
    page = "on-premises/con.data_centre-5d0459f4/index.md"
    assert pages[page].startswith(b"# CON.Data\\_Centre\n")  # Markdown-escaped
    assert b"| [CON.Data\\_Centre](con.data_centre-5d0459f4/index.md) |" in pages[
        "on-premises/index.md"]
    scene = views.onprem_view(topology, analyse(topology), "CON.Data_Centre")
    assert {c.link for c in scene.all_clusters()} >= {"on-premises/con.data_centre-5d0459f4/"}


def test_the_vpc_page_says_which_flows_a_network_acl_refuses() -> None:
    vpc = _pages("hybrid.yaml")["vpcs/shared-vpc/index.md"]
    row = next(line for line in vpc.splitlines() if line.startswith("| network ACL |"))
    assert row.endswith("then \\* deny; refuses erp-to-reporting (its replies) |"), row


def test_the_region_page_names_vpn_and_direct_connect_attachments_and_their_routes() -> None:
    """They were listed as 'TGW peering' with no target, and their propagated routes missing."""
    region = _pages("hybrid.yaml")["regions/eu-west-1/index.md"]
    assert "| TGW peering |" not in region
    assert (f"| {_t('att-vpn-dc1')} | VPN (dc1) | [vpn-dc1](../../on-premises/dc1/index.md"
            "#connections) |") in region
    assert f"| {_t('att-dx')} | Direct Connect gateway | [dxgw-corp](" in region
    assert (f"| {_t('192.168.0.0/16')} | {_t('att-dx')} | propagated, Direct Connect |"
            in region)


def test_the_flow_page_lists_the_security_group_checks_and_their_decisions() -> None:
    page = _pages("hybrid.yaml")["flows/reporting-to-orders/index.md"]
    assert ("| 5 | [orders-if](../../endpoints/orders-if/index.md) | [endpoint-sg](../../vpcs/"
            f"shared-vpc/index.md#filters-and-hybrid-connectivity) | admit {_t('10.20.3.0/24')} |"
            in page)
    assert "Security groups checked" not in _pages("course.yaml")["flows/web-to-s3/index.md"]
