"""The generated pages of a design: every flow, endpoint, VPC, region and endpoint service has a
page that explains it; pages link each other with relative links that resolve; the output is
deterministic; hostile text in the topology is escaped; templates can be overridden."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from vpcdocs.analysis.analysis import analyse as analyse_design
from vpcdocs.loader import load_file
from vpcdocs.model import Topology
from vpcdocs.render.markdown.env import TemplateError
from vpcdocs.site.diagram_assets import asset_files
from vpcdocs.site.pages import PagesError, build_pages, generate_pages, site_nav

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("course", "hub-and-spoke")


def load(path: Path) -> Topology:
    result = load_file(str(path))
    assert result.ok and result.topology is not None, result.diagnostics
    return result.topology


@pytest.fixture(scope="module")
def course() -> tuple[Topology, dict[str, bytes]]:
    topology = load(ROOT / "examples" / "course.yaml")
    return topology, build_pages(topology)


def md_links(text: str) -> list[str]:
    """Relative targets of Markdown links and images in a page (not http, not mailto)."""
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    return [t for t in targets if not re.match(r"[a-z]+:", t)]


def anchors(text: str) -> set[str]:
    """Heading ids the default toc slugify gives (enough for vpcdocs' ASCII headings)."""
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        plain = re.sub(r"[`\\]", "", heading).lower()
        found.add(re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", plain)).strip("-"))
    return found



def nowrap(value: str) -> str:
    """Code in a table cell, as the pages write it (never broken inside: issue 13)."""
    return f'<code style="white-space: nowrap">{value}</code>'

def test_every_object_has_its_page(course: tuple[Topology, dict[str, bytes]]) -> None:
    topology, pages = course
    expected = {"index.md", "pricing.md", "cross-region.md", "concepts.md"}
    expected |= {f"{s}/index.md" for s in ("regions", "vpcs", "endpoints", "flows", "services")}
    expected |= {f"regions/{r}/index.md" for r in topology.regions()}
    expected |= {f"vpcs/{v}/index.md" for v in topology.vpcs}
    expected |= {f"endpoints/{e}/index.md" for e in topology.endpoints}
    expected |= {f"flows/{f}/index.md" for f in topology.flows}
    expected |= {f"services/{s}/index.md" for s in topology.endpoint_services}
    assert expected <= set(pages)
    assert {p for p in pages if p.endswith(".md")} == expected
    others = {p for p in pages if not p.endswith((".md", ".svg"))}
    assert others == set(asset_files())  # the diagrams' stylesheet, scripts and licence


def test_each_flow_page_explains_the_flow(course: tuple[Topology, dict[str, bytes]]) -> None:
    topology, pages = course
    for name in topology.flows:
        text = pages[f"flows/{name}/index.md"].decode()
        assert text.startswith(f"# {name}\n")
        for heading in ("## What happens", "## Hop by hop", "## Cost", "## Related"):
            assert heading in text, (name, heading)
    design = analyse_design(topology)
    for flow in design.flows:
        # a flow links its endpoints, and each endpoint links back to the flow
        page = pages[f"flows/{flow.id}/index.md"].decode()
        for hop in flow.hops:
            if hop.id in topology.endpoints:
                assert f"](../../endpoints/{hop.id}/index.md)" in page, (flow.id, hop.id)
                endpoint = pages[f"endpoints/{hop.id}/index.md"].decode()
                assert f"[{flow.id}](../../flows/{flow.id}/index.md)" in endpoint
    web = pages["flows/web-to-s3/index.md"].decode()
    assert "pl-7ca54015 (com.amazonaws.eu-west-2.s3)" in web
    # a free flow has nothing cheaper (issue 13); a flow that costs something does
    assert "## Cheaper alternatives" not in web
    assert "## Cheaper alternatives" in pages["flows/web-to-kms/index.md"].decode()


def test_each_endpoint_page_says_what_it_is_and_who_uses_it(
    course: tuple[Topology, dict[str, bytes]],
) -> None:
    topology, pages = course
    for name in topology.endpoints:
        text = pages[f"endpoints/{name}/index.md"].decode()
        for heading in (
            "## What this type",
            "## How traffic reaches it",
            "## DNS",
            "## Who can use it",
            "## Cost",
        ):
            assert heading in text, (name, heading)
    gateway = pages["endpoints/s3-gw/index.md"].decode()
    assert nowrap("pl-7ca54015 (com.amazonaws.eu-west-2.s3) -&gt; s3-gw") in gateway
    assert "free" in gateway
    ddb = pages["endpoints/ddb-if/index.md"].decode()
    assert "`vpce-….dynamodb.eu-west-2.vpce.amazonaws.com`" in ddb
    assert "used from outside its VPC by 2 flows" in ddb
    assert "[batch-to-dynamodb](../../flows/batch-to-dynamodb/index.md)" in ddb  # endpoint -> flow
    assert nowrap("ddb-euw2-zone") in ddb


def test_endpoint_service_page(course: tuple[Topology, dict[str, bytes]]) -> None:
    _, pages = course
    text = pages["services/orders-api/index.md"].decode()
    assert "`orders-nlb`" in text and "**network** load balancer" in text
    arn = "arn:aws:iam::"
    assert f"| {nowrap(arn + '777788889999:role/orders-consumer')} | IAM role |" in text
    assert f"| {nowrap(arn + '111122223333:root')} | account (every principal in it) |" in text
    assert f"| {nowrap(arn + '444455556666:user/orders-smoke-test')} | IAM user |" in text
    assert "must be **accepted**" in text
    assert "[orders-if](../../endpoints/orders-if/index.md)" in text
    assert "eu-west-2" in text


def test_pricing_and_cross_region_pages(course: tuple[Topology, dict[str, bytes]]) -> None:
    _, pages = course
    pricing = pages["pricing.md"].decode()
    assert "Break-even" in pricing
    assert (
        "| eu-west-2 | $0.011/h ($8.03/month) | $0.01 | $0.05 | $0.05 | 201 GB/month |" in pricing
    )
    cross = pages["cross-region.md"].decode()
    for title in (
        "Inter-region VPC peering",
        "Transit gateway peering across regions",
        "Cross-region PrivateLink",
        "Private hosted zones shared across regions",
    ):
        assert f"## {title}" in cross
    assert nowrap("london-reporting-peering") in cross
    assert "[reporting-to-dynamodb](flows/reporting-to-dynamodb/index.md)" in cross
    assert "[batch-to-dynamodb](flows/batch-to-dynamodb/index.md)" in cross
    assert "[web-to-s3-us-east-1](flows/web-to-s3-us-east-1/index.md)" in cross


@pytest.mark.parametrize("example", EXAMPLES)
def test_links_between_pages_resolve(example: str) -> None:
    pages = build_pages(load(ROOT / "examples" / f"{example}.yaml"), diagrams=False)
    texts = {p: b.decode() for p, b in pages.items() if p.endswith(".md")}
    for page, text in texts.items():
        for link in md_links(text):
            path, _, fragment = link.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            assert target in pages, f"{page}: broken link {link}"
            if fragment:
                assert fragment in anchors(texts[target]), f"{page}: no #{fragment} in {target}"


@pytest.mark.parametrize(("example", "diagrams"), [("course", True), ("hub-and-spoke", False)])
def test_same_input_same_bytes(example: str, diagrams: bool) -> None:
    topology = load(ROOT / "examples" / f"{example}.yaml")
    first = build_pages(topology, diagrams=diagrams)
    assert any(p.endswith(".svg") for p in first) == diagrams
    assert build_pages(topology, diagrams=diagrams) == first


def test_nav_lists_every_page_once(course: tuple[Topology, dict[str, bytes]]) -> None:
    topology, pages = course

    def walk(items: object) -> list[str]:
        found: list[str] = []
        if isinstance(items, str):
            return [items]
        if isinstance(items, dict):
            for value in items.values():
                found += walk(value)
        if isinstance(items, list):
            for item in items:
                found += walk(item)
        return found

    listed = walk(site_nav(topology))
    assert sorted(listed) == sorted(p for p in pages if p.endswith(".md"))
    assert walk(site_nav(topology, prefix="network/"))[0] == "network/index.md"


HOSTILE = """\
vpcdocs: 1
title: "<script>alert('t')</script> a_b*c | # x"
description: |
  Hello <b onmouseover="alert(1)">bold</b> and `<code>` kept.
  [click](javascript:alert(1)) and {: onclick="x"}
accounts:
  "111111111111": "Team <img src=x onerror=alert(1)> | pipes"
vpcs:
  a_b-vpc:
    region: eu-west-1
    account: "111111111111"
    cidr: 10.1.0.0/16
    subnets:
      A_sub: {az: eu-west-1a, cidr: 10.1.1.0/24}
    route_tables:
      main-rt: {main: true}
    endpoints:
      s3_gw: {type: gateway, service: s3, route_tables: [main-rt]}
    workloads:
      Web_1: {subnet: A_sub, kind: "<svg onload=alert(1)>|ec2", count: 1}
flows:
  Web_1-to-s3:
    from: Web_1
    to: s3
    gb_per_month: 10
    description: "*bold* <iframe src=x></iframe> | pipe"
"""


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(HOSTILE)
    pages = generate_pages(path)
    joined = b"\n".join(b for p, b in pages.items() if p.endswith(".md")).decode()
    for raw in (
        "<script",
        "<img src=x",
        "<svg onload",
        "<iframe",
        "<b ",
        "](javascript:",
        "{: onclick",
    ):
        assert raw not in joined, raw
    assert "# &lt;script&gt;alert('t')&lt;/script&gt; a\\_b\\*c \\| \\# x" in joined
    assert "&lt;svg onload=alert(1)&gt;\\|ec2" in joined  # a table cell stays one cell
    assert "`<code>`" in joined  # code in a description is kept as written
    # names that are not plain file names get a safe, distinct folder
    flows = [p for p in pages if p.startswith("flows/") and p != "flows/index.md"]
    assert flows and all(
        re.fullmatch(r"flows/web_1-to-s3-[0-9a-f]{8}/(index\.md|diagram\.svg)", p) for p in flows
    )
    # and the SVGs escape it too (Graphviz labels, tooltips)
    svgs = b"\n".join(b for p, b in pages.items() if p.endswith(".svg")).decode()
    assert svgs and "<script" not in svgs and "<svg onload" not in svgs
    # --allow-html keeps the HTML but never script: the tag stays, its event handler goes
    with_html = generate_pages(path, allow_html=True)
    assert b"Hello <b>bold</b> and" in with_html["index.md"]
    assert b"onmouseover" not in with_html["index.md"]


def test_invalid_topology_raises_the_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("vpcdocs: 1\nvpcs:\n  a:\n    region: eu-west-1\n    cidr: nope\n")
    with pytest.raises(PagesError) as raised:
        generate_pages(path)
    assert str(raised.value).startswith(f"{path}:5:")
    assert "error[" in str(raised.value)


def test_a_user_template_overrides_one_page(
    tmp_path: Path, course: tuple[Topology, dict[str, bytes]]
) -> None:
    topology, pages = course
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "flow.md.j2").write_text(
        '{% import "_macros.md.j2" as m with context %}\n'
        "# Custom {{ flow.id }}\n\n{{ description or 'none' }}\n\n{{ m.refs(related.endpoints) }}\n"
    )
    custom = build_pages(topology, templates_dir=folder, diagrams=False)
    text = custom["flows/web-to-s3/index.md"].decode()
    assert text.startswith("# Custom web-to-s3\n")
    assert "[s3-gw](../../endpoints/s3-gw/index.md)" in text
    assert "\\`0.0.0.0/0\\`" in text  # a description printed with {{ }} is escaped as text
    assert custom["concepts.md"] == pages["concepts.md"]


def test_template_mistakes_name_the_template_and_line(
    tmp_path: Path, course: tuple[Topology, dict[str, bytes]]
) -> None:
    topology, _ = course
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "flow.md.j2").write_text("# {{ flow.id }}\n\n{{ no_such_value }}\n")
    with pytest.raises(TemplateError, match=r"^flow\.md\.j2:3: .*no_such_value"):
        build_pages(topology, templates_dir=folder, diagrams=False)
    (folder / "flow.md.j2").write_text("# {{ flow.id }\n")
    with pytest.raises(TemplateError, match=r"flow\.md\.j2:1"):
        build_pages(topology, templates_dir=folder, diagrams=False)
