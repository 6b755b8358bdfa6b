"""The real command line on hand-written designs unlike the examples (tests/scenarios/unseen/):
a startup with public subnets only, egress inspection through GWLB endpoints as route targets,
a multi-account PrivateLink SaaS with cross-Region consumers and overlapping VPCs, and a design
without a `flows` key.

For each, in a temporary folder: `validate`; `paths` and `cost` as JSON; `diagram` of every view
as SVG (well-formed, self-contained: icons as data URIs, no file or absolute links); `generate`
then `generate --check` (up to date), an edit of the topology makes `--check` fail; a file of
the user's where vpcdocs would write makes `generate` refuse and stays as it was; and two
`build`s with SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result

from vpcdocs.cli import cli
from vpcdocs.loader import load_file
from vpcdocs.render import graphviz_run
from vpcdocs.site import page_paths

UNSEEN = Path(__file__).resolve().parent / "scenarios" / "unseen"
DESIGNS = sorted(p.name for p in UNSEEN.glob("*.yaml"))
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def needs_dot() -> None:
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def _copy(design: str, folder: Path) -> Path:
    target = folder / "network.yaml"
    shutil.copyfile(UNSEEN / design, target)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def check_svg(data: bytes, where: str) -> None:
    """Well-formed and self-contained: every image is embedded, no link leaves for a file."""
    root = ElementTree.fromstring(data)
    assert root.tag == f"{SVG_NS}svg", where
    assert b"file:" not in data, where
    for element in root.iter():
        assert element.tag not in (f"{SVG_NS}script", f"{SVG_NS}foreignObject"), where
        for key, value in element.attrib.items():
            assert not key.lower().startswith("on"), (where, key)
            if not key.endswith("href"):
                continue
            if element.tag == f"{SVG_NS}image":
                assert value.startswith("data:image/"), (where, value[:60])
                continue
            url = urlsplit(value)
            assert not value.startswith("/") and url.scheme in ("", "data", "https", "http"), (
                where,
                value,
            )


@pytest.mark.parametrize("design", DESIGNS)
def test_validate_paths_and_cost(in_tmp: Path, design: str) -> None:
    topology_file = _copy(design, in_tmp)
    loaded = load_file(topology_file)
    assert loaded.ok and loaded.topology is not None
    topology = loaded.topology

    # the installed console entry, once per design, as a user runs it
    done = subprocess.run(
        [sys.executable, "-m", "vpcdocs", "validate", "network.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    paths = run("paths", "network.yaml", "--format", "json")
    assert paths.exit_code == 0, paths.output
    doc = json.loads(paths.stdout)
    flows = doc["flows"]
    assert [f["id"] for f in flows] == sorted(topology.flows)
    for flow in flows:
        assert flow["explanation"].strip(), flow["id"]
        assert flow["hops"], flow["id"]
        assert (flow["reason"] is None) == flow["reachable"], flow["id"]
        assert flow["cost"] is not None, flow["id"]

    cost = run("cost", "network.yaml", "--format", "json")
    assert cost.exit_code == 0, cost.output
    report = json.loads(cost.stdout)
    assert sorted(f["id"] for f in report["flows"]) == sorted(topology.flows)
    assert report["monthly_total_usd"] >= 0


def _views(design: str) -> list[tuple[str, ...]]:
    loaded = load_file(UNSEEN / design)
    assert loaded.topology is not None
    topology = loaded.topology
    views: list[tuple[str, ...]] = [()]
    views += [("--vpc", v) for v in topology.vpcs]
    views += [("--flow", f) for f in topology.flows]
    views += [("--service", s) for s in topology.endpoint_services]
    return views


@pytest.mark.parametrize("design", DESIGNS)
def test_every_view_as_a_self_contained_svg(needs_dot: None, in_tmp: Path, design: str) -> None:
    _copy(design, in_tmp)
    for i, view in enumerate(_views(design)):
        out = in_tmp / f"view-{i}.svg"
        result = run("diagram", "network.yaml", *view, "-o", str(out))
        assert result.exit_code == 0, (view, result.output)
        check_svg(out.read_bytes(), " ".join(view) or "overview")


@pytest.mark.parametrize("design", DESIGNS)
def test_generate_check_and_stale(needs_dot: None, in_tmp: Path, design: str) -> None:
    topology_file = _copy(design, in_tmp)
    docs = in_tmp / "docs"
    docs.mkdir()
    first = run("generate", "network.yaml", "--out", "docs")
    assert first.exit_code == 0, first.output
    written = _files(docs)
    loaded = load_file(topology_file)
    assert loaded.topology is not None
    topology = loaded.topology
    for name in topology.flows:
        assert page_paths.flow_page(name) in written, name
        assert page_paths.flow_page(name).replace("index.md", "diagram.svg") in written, name
    for name in topology.endpoints:
        assert page_paths.endpoint_page(name) in written, name
    for path, data in written.items():
        if path.endswith(".svg"):
            check_svg(data, path)

    check = run("generate", "network.yaml", "--out", "docs", "--check")
    assert check.exit_code == 0, check.output

    # any edit that changes what the docs say makes them stale
    text = topology_file.read_text("utf-8")
    topology_file.write_text(
        text.replace("vpcdocs: 1\n", "vpcdocs: 1\ntitle: Edited after generate\n", 1)
        if "\ntitle:" not in text
        else text.replace("\ntitle:", "\ntitle: Edited", 1),
        "utf-8",
    )
    assert load_file(topology_file).ok, "the edit keeps the design valid"
    stale = run("generate", "network.yaml", "--out", "docs", "--check")
    assert stale.exit_code == 1, stale.output
    assert "stale" in stale.stderr
    assert _files(docs) == written, "--check writes nothing"


@pytest.mark.parametrize("design", DESIGNS)
def test_generate_never_overwrites_a_users_file(needs_dot: None, in_tmp: Path, design: str) -> None:
    topology_file = _copy(design, in_tmp)
    loaded = load_file(topology_file)
    assert loaded.topology is not None
    flow_or_vpc = sorted(loaded.topology.flows) or sorted(loaded.topology.vpcs)
    page = (
        page_paths.flow_page(flow_or_vpc[0])
        if loaded.topology.flows
        else page_paths.vpc_page(flow_or_vpc[0])
    )
    docs = in_tmp / "docs"
    mine = docs / page
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"# My notes\n\nWritten by hand. \xc3\xa9\n")
    (docs / "notes.md").write_text("mine too\n", "utf-8")
    before = _files(docs)

    refused = run("generate", "network.yaml", "--out", "docs")
    assert refused.exit_code == 1, refused.output
    assert page in refused.stderr
    assert _files(docs) == before, "nothing written, the user's files unchanged"
    check = run("generate", "network.yaml", "--out", "docs", "--check")
    assert check.exit_code == 1
    assert _files(docs) == before


@pytest.mark.parametrize("design", DESIGNS)
def test_build_twice_gives_the_same_bytes(
    needs_dot: None, in_tmp: Path, design: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _copy(design, in_tmp)
    first = run("build", "network.yaml", "--site-dir", "site")
    assert first.exit_code == 0, first.output
    one = _files(in_tmp / "site")
    assert "index.html" in one
    second = run("build", "network.yaml", "--site-dir", "site")
    assert second.exit_code == 0, second.output
    two = _files(in_tmp / "site")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    for path, data in one.items():
        if path.endswith(".svg"):
            check_svg(data, path)
    check_site_links(one)


HTML_REF = re.compile(rb'\b(?:src|data|href)="([^"]*)"')


def _resolves(site: dict[str, bytes], base: str, link: str) -> bool:
    url = urlsplit(link)
    if url.scheme or url.netloc or link.startswith(("#", "/")) or not url.path:
        return True
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(url.path)))
    target = "" if target == "." else target
    return target in site or posixpath.join(target, "index.html") in site


def check_site_links(site: dict[str, bytes]) -> None:
    """Every relative src/data/href of every page, and every link inside every diagram, points
    at a file of the built site (a folder: at its index.html)."""
    broken = []
    for path, data in site.items():
        if path.endswith(".html"):
            refs = [m.decode() for m in HTML_REF.findall(data)]
        elif path.endswith(".svg"):
            root = ElementTree.fromstring(data)
            refs = [v for e in root.iter() for k, v in e.attrib.items()
                    if k.endswith("href") and not v.startswith("data:")]
        else:
            continue
        broken += [(path, ref) for ref in refs if not _resolves(site, path, html.unescape(ref))]
    assert not broken, broken[:10]


@pytest.mark.parametrize("design", DESIGNS)
def test_diff_and_inject(in_tmp: Path, design: str) -> None:
    """`diff` of the design against itself says nothing changed and against an edit shows the
    change (Markdown and JSON); `inject` puts the summary into a README and `inject --check`
    then finds it current."""
    topology_file = _copy(design, in_tmp)
    same = run("diff", "network.yaml", "network.yaml", "--format", "json", "--exit-code")
    assert same.exit_code == 0, same.output
    edited = in_tmp / "edited.yaml"
    text = topology_file.read_text("utf-8")
    edited.write_text(
        text.replace("    route_tables:\n", "    dns_hostnames: false\n    route_tables:\n", 1), "utf-8"
    )
    assert load_file(edited).ok
    changed = run("diff", "network.yaml", "edited.yaml", "--format", "json", "--exit-code")
    assert changed.exit_code == 1, changed.output
    doc = json.loads(changed.stdout)
    assert doc["resources"], doc
    markdown = run("diff", "network.yaml", "edited.yaml")
    assert markdown.exit_code == 0 and "dns_hostnames" in markdown.stdout, markdown.output

    readme = in_tmp / "README.md"
    readme.write_text("# Our network\n\n<!-- BEGIN_VPCDOCS -->\n<!-- END_VPCDOCS -->\n\nMine.\n",
                      "utf-8")
    (in_tmp / "docs").mkdir()
    injected = run("inject", "README.md", "--topology", "network.yaml", "--docs", "docs")
    assert injected.exit_code == 0, injected.output
    body = readme.read_text("utf-8")
    assert body.startswith("# Our network\n\n<!-- BEGIN_VPCDOCS -->\n")
    assert body.endswith("<!-- END_VPCDOCS -->\n\nMine.\n")
    loaded = load_file(topology_file)
    assert loaded.topology is not None
    for flow in loaded.topology.flows:
        assert flow in body, flow
    check = run("inject", "README.md", "--topology", "network.yaml", "--docs", "docs", "--check")
    assert check.exit_code == 0, check.output


def test_readme_links_resolve_once_the_docs_exist(needs_dot: None, in_tmp: Path) -> None:
    _copy("startup-public.yaml", in_tmp)
    assert run("generate", "network.yaml", "--out", "docs/network").exit_code == 0
    readme = in_tmp / "README.md"
    readme.write_text("<!-- BEGIN_VPCDOCS -->\n<!-- END_VPCDOCS -->\n", "utf-8")
    result = run("inject", "README.md", "--topology", "network.yaml", "--docs", "docs/network")
    assert result.exit_code == 0, result.output
    links = re.findall(r"\]\(([^)]+)\)", readme.read_text("utf-8"))
    assert "docs/network/diagram.svg" in links and "docs/network/index.md" in links
    for link in links:
        assert (in_tmp / link).is_file(), link
