"""The whole pipeline on generated designs nobody has seen (tests/topogen.py): load, analyse,
price, cost report, every view's DOT, the docs pages, a diff and the injected summary.

For every valid design: nothing raises; every flow has exactly one result and its own page that
explains it; every endpoint, VPC and endpoint service has a page; every relative link in the
Markdown resolves to a generated page and anchor, and every page is linked from another; the
JSON documents round-trip; a design compared with itself has no changes; DOT holds no absolute
path; and the output does not change when every mapping of the YAML lists its keys in another
order. Graphviz runs for a couple of designs only (it is slow and tested elsewhere).

Hypothesis draws the designs (shrinking a failure to a small design); the seeded generator
measures how many draws the loader accepts.
"""

from __future__ import annotations

import json
import math
import os
import posixpath
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import markdown
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from link_oracle import problems, render
from topogen import HOSTILE_LINKS, Design, designs, dump, generate, mutated, shuffled

from vpcdocs.analysis.analysis import analyse as analyse_design
from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing import cost_report, price_flows, table_for
from vpcdocs.analysis.result import FlowResult
from vpcdocs.commands.cost import markdown_text as cost_markdown
from vpcdocs.commands.paths import markdown_text as paths_markdown
from vpcdocs.loader import load_bytes
from vpcdocs.model import TargetKind, Topology
from vpcdocs.render import graphviz_run
from vpcdocs.render.dot import scene_to_dot
from vpcdocs.render.draw import draw
from vpcdocs.render.markdown import escape
from vpcdocs.render.views import flow_view, overview, service_view, vpc_view
from vpcdocs.review import diff_render
from vpcdocs.review.diff import diff_designs
from vpcdocs.review.diff_mermaid import change_mermaid
from vpcdocs.review.diff_view import change_scene
from vpcdocs.review.inject import BEGIN, END, inject_text
from vpcdocs.review.summary import Links, summary_markdown
from vpcdocs.site import page_paths
from vpcdocs.site.mkdocs_config import MARKDOWN_EXTENSIONS
from vpcdocs.site.pages import build_pages, design_pages
from vpcdocs.write import validate_paths

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
DNS_CODES = frozenset({"PRIVATE_DNS", "HOSTED_ZONE_DNS", "ENDPOINT_DNS_NAME", "PUBLIC_DNS"})
# an absolute file path: a root folder of a Unix or Windows machine, or a file: URL
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/-])/(?:usr|home|tmp|work|opt|root|var|etc|private|Users|nix)/|file:|[A-Za-z]:\\\\"
)
# a link's "](", not an escaped "\](": that is text (escape.text writes "[x](y)" as "\[x\](y)")
MD_LINK = re.compile(r"(?<!\\)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
# a URL attribute of a tag: not `href="..."` in text that shows an escaped tag (`&lt;a href=...`)
HTML_LINK = re.compile(r"""<[A-Za-z][^<>]*?\b(?:href|src|data)=["']([^"']*)["']""")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$")
ID_ATTR = re.compile(r"""\bid=["']([^"']+)["']""")


_MD_NAMES = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
_MD_CONFIGS = {k: dict(v) for e in MARKDOWN_EXTENSIONS if not isinstance(e, str) for k, v in e.items()}


def _load(raw: bytes) -> Topology | None:
    result = load_bytes("network.yaml", raw)
    return result.topology if result.ok else None


# --------------------------------------------------------------------------- the pipeline


@dataclass(frozen=True)
class Output:
    """Everything the pipeline makes of one design, as text (so two runs can be compared)."""

    paths: str
    priced: str
    cost: str
    dots: dict[str, str]
    pages: dict[str, bytes]
    html_pages: dict[str, bytes]  # with --allow-html
    diff: str
    summary: str
    paths_markdown: str  # `vpcdocs paths --format markdown`
    cost_markdown: str  # `vpcdocs cost --format markdown`


def run_pipeline(topology: Topology) -> tuple[Output, tuple[FlowResult, ...]]:
    results = analyse(topology)
    table = table_for(topology)
    priced = price_flows(topology, results, table)
    report = cost_report(topology, results, table)
    dots = {"overview": scene_to_dot(overview(topology, results))}
    dots.update({f"vpc {v}": scene_to_dot(vpc_view(topology, results, v)) for v in topology.vpcs})
    dots.update({f"flow {r.id}": scene_to_dot(flow_view(topology, r)) for r in results})
    dots.update(
        {
            f"service {s}": scene_to_dot(service_view(topology, results, s))
            for s in topology.endpoint_services
        }
    )
    design = analyse_design(topology)
    pages = design_pages(design, diagrams=False)
    html_pages = design_pages(design, diagrams=False, allow_html=True)
    side = design
    change = diff_designs(side, side, old_name="network.yaml", new_name="network.yaml")
    assert change.empty, diff_render.markdown(change)
    diff = diff_render.markdown(change) + diff_render.json_text(change)
    summary = summary_markdown(
        side, source="network.yaml", links=Links("docs/index.md", "docs/diagram.svg")
    )
    # the summary between the markers of a README: a second injection finds the markers again
    readme = f"# Read me\n\n{BEGIN}\nold\n{END}\n\nMine.\n"
    once = inject_text("README.md", readme, summary)
    assert once.text is not None, once.diagnostics
    twice = inject_text("README.md", once.text, summary)
    assert twice.text == once.text, twice.diagnostics
    assert once.text.endswith(f"{END}\n\nMine.\n")
    out = Output(
        paths=_json([r.to_json() for r in results]),
        priced=_json([r.to_json() for r in priced]),
        cost=_json(report.to_json()),
        dots=dots,
        pages=pages,
        html_pages=html_pages,
        diff=diff,
        summary=summary,
        paths_markdown=paths_markdown(priced, topology.title),
        cost_markdown=cost_markdown(topology.title, report),
    )
    return out, priced


def _json(value: Any) -> str:
    """Dump and check the round trip (no NaN, no objects JSON cannot hold)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == value
    return text


# --------------------------------------------------------------------------- checks


def check_results(topology: Topology, results: tuple[FlowResult, ...]) -> None:
    ids = [r.id for r in results]
    assert sorted(ids) == sorted(topology.flows), "every flow has exactly one result"
    for r in results:
        doc = r.to_json()
        flow = topology.flows[r.id]
        assert doc["from"] == flow.source and doc["to"] == flow.to, r.id
        assert doc["hops"] and doc["hops"][0] == {**doc["hops"][0], "kind": "workload",
                                                  "id": flow.source}, r.id
        assert (doc["reason"] is None) == doc["reachable"], r.id
        assert (doc["network"] == "none") == (not doc["reachable"]), r.id
        assert doc["explanation"].strip(), r.id
        if doc["cross_region"]:
            assert "CROSS_REGION" in doc["codes"], r.id
        if doc["reachable"] and flow.to_kind is TargetKind.ENDPOINT_SERVICE:
            # ... endpoint, endpoint-service, load-balancer, the target workload
            assert {"kind": "endpoint-service", "id": flow.to}.items() <= next(
                h for h in doc["hops"] if h["kind"] == "endpoint-service").items(), r.id
        elif doc["reachable"]:
            assert doc["hops"][-1]["id"] == flow.to, r.id
        if flow.to_kind is not TargetKind.WORKLOAD and doc["reason"] != "NO_ENDPOINT":
            assert len(DNS_CODES & set(doc["codes"])) == 1, (r.id, doc["codes"])
        cost = doc["cost"]
        assert cost is not None, r.id
        assert math.isfinite(cost["monthly_usd"]) and cost["monthly_usd"] >= 0, r.id


def check_cost(cost: dict[str, Any]) -> None:
    total = sum(r["monthly_usd"] for r in cost["resources"])
    total += sum(f["monthly_usd"] for f in cost["flows"])
    assert math.isclose(cost["monthly_total_usd"], total, abs_tol=0.01 * (1 + len(cost["flows"]))), (
        cost["monthly_total_usd"],
        total,
    )


def check_dot(dots: dict[str, str]) -> None:
    for view, dot in dots.items():
        assert dot.lstrip().startswith(("digraph", "graph", "strict")), view
        assert not ABSOLUTE_PATH.search(dot), (view, ABSOLUTE_PATH.search(dot))
        for image in re.findall(r'image="([^"]*)"', dot):
            assert not image.startswith("/") and ":" not in image, (view, image)


def _headings(text: str) -> list[str]:
    """The heading lines of a page (outside fenced code)."""
    out, fence = [], None
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence is None and HEADING.match(line):
            out.append(line)
    return out


def anchors(text: str) -> set[str]:
    """The ids MkDocs gives the page's headings (its toc extension, on the headings alone)."""
    heads = _headings(text)
    html = markdown.markdown("\n\n".join(heads), extensions=["toc", "attr_list"])
    return set(ID_ATTR.findall(html)) | set(ID_ATTR.findall(text))


def page_links(text: str) -> Iterator[str]:
    body = re.sub(r"``.*?``|`[^`\n]*`", "", text)  # links inside code spans are text
    yield from MD_LINK.findall(body)
    yield from HTML_LINK.findall(body)


def user_links(topology: Topology, allow_html: bool) -> set[str]:
    """The links a user wrote in the descriptions, as the pages show them: they point where the
    user chose (with --allow-html, an <img src=x> is an image at `x`), not at generated pages."""
    texts = [topology.description or ""] + [f.description or "" for f in topology.flows.values()]
    return {link for t in texts for link in page_links(escape.markdown(t, allow_html=allow_html))}


def check_links(pages: dict[str, bytes], ignored: frozenset[str] | set[str] = frozenset()) -> None:
    texts = {p: b.decode("utf-8") for p, b in pages.items() if p.endswith(".md")}
    ids = {p: anchors(t) for p, t in texts.items()}
    linked: set[str] = set()
    for path, text in texts.items():
        for link in page_links(text):
            if link in ignored:
                continue
            url = urlsplit(link)
            if url.scheme or url.netloc or link.startswith("/"):
                continue
            target = path
            if url.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                           unquote(url.path)))
            assert target in pages, f"{path}: link {link!r} -> {target} is not a generated page"
            if target != path:
                linked.add(target)
            if url.fragment and target in ids:
                assert unquote(url.fragment) in ids[target], (
                    f"{path}: link {link!r}: no heading #{url.fragment} in {target}"
                )
    orphans = sorted(set(texts) - linked - {"index.md"})
    assert not orphans, f"pages no other page links to: {orphans}"


def check_pages(topology: Topology, pages: dict[str, bytes], allow_html: bool = False) -> None:
    for name in topology.flows:
        text = pages[page_paths.flow_page(name)].decode("utf-8")
        assert text.startswith("# "), name
        assert "**reachable**" in text or "**blocked**" in text, name
        assert "## What happens" in text, name
        after = text.split("## What happens", 1)[1].lstrip("\n")
        assert after and not after.startswith("#"), f"flow {name}: nothing under What happens"
    for name in topology.endpoints:
        assert pages[page_paths.endpoint_page(name)].startswith(b"# "), name
    for name in topology.vpcs:
        assert page_paths.vpc_page(name) in pages, name
    for name in topology.endpoint_services:
        assert page_paths.service_page(name) in pages, name
    for region in topology.regions():
        assert page_paths.region_page(region) in pages, region
    # one file per page, also on a case-insensitive file system; no page where a folder must be
    validate_paths(pages)
    check_links(pages, user_links(topology, allow_html))


def check_design(design: Design) -> Output | None:
    topology = _load(design.raw)
    if topology is None:
        return None
    out, priced = run_pipeline(topology)
    check_results(topology, priced)
    check_cost(json.loads(out.cost))
    check_dot(out.dots)
    check_pages(topology, out.pages)
    check_pages(topology, out.html_pages, allow_html=True)
    return out


# --------------------------------------------------------------------------- the tests


@FUZZ
@given(designs())
def test_pipeline_on_generated_designs(design: Design) -> None:
    if check_design(design) is None:
        reject()


@settings(FUZZ, max_examples=10)
@given(designs())
def test_key_order_does_not_change_any_output(design: Design) -> None:
    topology = _load(design.raw)
    if topology is None:
        reject()
    again = _load(shuffled(design, 1).raw)
    assert again is not None
    first, _ = run_pipeline(topology)
    second, _ = run_pipeline(again)
    for field in ("paths", "priced", "cost", "diff", "summary", "paths_markdown", "cost_markdown"):
        assert getattr(first, field) == getattr(second, field), field
    assert first.dots == second.dots
    for pages, other in ((first.pages, second.pages), (first.html_pages, second.html_pages)):
        assert pages.keys() == other.keys()
        for path, data in pages.items():
            assert data == other[path], path


@settings(FUZZ, max_examples=10)
@given(designs(), designs(), st.integers(0, 2**16))
def test_diffs_between_designs(one: Design, two: Design, seed: int) -> None:
    """A design against a changed copy of itself and against another design: the diff, its
    Markdown, JSON, Mermaid and DOT never fail, and a real change is never empty."""
    old = _load(one.raw)
    if old is None:
        reject()
    changed = mutated(one, seed)
    for other_design in (changed, two):
        new = _load(other_design.raw)
        if new is None:
            continue
        a, b = ("old.yaml", analyse_design(old)), ("new.yaml", analyse_design(new))
        for (xn, x), (yn, y) in ((a, b), (b, a)):
            change = diff_designs(x, y, old_name=xn, new_name=yn)
            scene = change_scene(change, x, y)
            diff_render.markdown(change, mermaid=change_mermaid(scene))
            _json(json.loads(diff_render.json_text(change)))
            check_dot({"change": scene_to_dot(scene)})
            if other_design is changed and changed.data != one.data:
                assert not change.empty, "a change that the diff does not see"


def test_most_draws_are_valid() -> None:
    """The generator makes designs the loader accepts (measured on fixed seeds)."""
    seeds = range(60)
    accepted = sum(_load(generate(seed).raw) is not None for seed in seeds)
    assert accepted / len(seeds) >= 0.9, f"{accepted}/{len(seeds)} designs valid"


def test_generator_is_reproducible_and_shuffling_keeps_the_design() -> None:
    assert generate(7).text == generate(7).text
    assert generate(7).text != generate(8).text
    design = generate(7)
    other = shuffled(design, 3)
    assert other.text != design.text
    assert other.data == design.data  # same mappings, other order


@pytest.mark.parametrize("seed", [3, 11])
def test_svgs_of_a_generated_design(seed: int) -> None:
    """Graphviz on views of a generated design: well-formed, self-contained SVG."""
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")
    data = dict(generate(seed).data)
    data["title"] = "<script>alert(1)</script> & \"q\" \\N <b onclick=x>"  # in every title
    for vpc in data["vpcs"].values():
        for workload in (vpc.get("workloads") or {}).values():
            workload["kind"] = "<svg onload=alert(1)>"
    topology = _load(dump(data).encode("utf-8"))
    assert topology is not None
    results = analyse(topology)
    scenes = [overview(topology, results)]
    scenes += [flow_view(topology, r) for r in results[:2]]
    scenes += [vpc_view(topology, results, v) for v in list(topology.vpcs)[:1]]
    for scene in scenes:
        svg = draw(scene, "svg")
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg")
        for element in root.iter():
            assert not element.tag.endswith(("}script", "}foreignObject")), element.tag
            for key, value in element.attrib.items():
                assert not key.lower().startswith("on"), key
                if key.endswith("href") and not value.startswith(("#", "data:")):
                    assert not urlsplit(value).scheme and not value.startswith("/"), value
        for image in root.iter("{http://www.w3.org/2000/svg}image"):
            href = image.get("{http://www.w3.org/1999/xlink}href") or image.get("href") or ""
            assert href.startswith(("data:", "#")), href


# --------------------------------------------------------------------------- bugs found here

HUGE_VOLUME = b"""\
vpcdocs: 1
vpcs:
  app:
    region: eu-west-1
    cidr: 10.1.0.0/16
    internet_gateway: igw
    subnets:
      pub: {az: eu-west-1a, cidr: 10.1.0.0/24, route_table: pub-rt}
      priv: {az: eu-west-1a, cidr: 10.1.1.0/24}
    route_tables:
      main-rt: {main: true, routes: [{to: 0.0.0.0/0, via: nat}]}
      pub-rt: {routes: [{to: 0.0.0.0/0, via: igw}]}
    nat_gateways:
      nat: {subnet: pub}
    workloads:
      web: {subnet: priv}
flows:
  web-to-s3: {from: web, to: s3, gb_per_month: 1e300}
"""


def test_a_huge_but_valid_volume_is_priced() -> None:
    """round_usd raised decimal.InvalidOperation from 1e26 USD on (28-digit context)."""
    topology = _load(HUGE_VOLUME)
    assert topology is not None
    out, priced = run_pipeline(topology)
    assert priced[0].cost is not None and (priced[0].cost.monthly_usd or 0) > 1e297
    check_cost(json.loads(out.cost))


@pytest.mark.parametrize("kind", ["endpoint", "flow"])
@pytest.mark.parametrize("name", ["index.md", "flows", "diagram.svg"])
def test_names_of_the_sites_own_files_get_pages_of_their_own(kind: str, name: str) -> None:
    """An endpoint or flow named `index.md` had its page at `endpoints/index.md/index.md`,
    where the section index `endpoints/index.md` is a file: generate and build refused."""
    text = HUGE_VOLUME.replace(b"1e300", b"5")
    if kind == "flow":
        text = text.replace(b"web-to-s3:", name.encode() + b":")
    else:
        text = text.replace(b"    workloads:", b"    endpoints:\n      " + name.encode()
                            + b": {type: gateway, service: s3, route_tables: [main-rt]}\n"
                            + b"    workloads:")
    result = load_bytes("network.yaml", text)
    assert result.ok and result.topology is not None, result.diagnostics
    assert name in (result.topology.flows if kind == "flow" else result.topology.endpoints)
    pages = build_pages(result.topology, diagrams=False)
    check_pages(result.topology, pages)


def test_an_object_named_like_a_region_does_not_take_the_regions_links() -> None:
    """An endpoint named `eu-west-1` took every link to the Region eu-west-1 (the tables of
    regions/index.md, the Region boxes of the diagrams): page_for looked the name up among the
    objects first, so the Region's page was linked from nowhere."""
    text = HUGE_VOLUME.replace(b"1e300", b"5").replace(
        b"    workloads:",
        b"    endpoints:\n      eu-west-1: {type: gateway, service: s3, route_tables: [main-rt]}\n"
        b"    workloads:",
    )
    topology = _load(text)
    assert topology is not None and "eu-west-1" in topology.endpoints
    pages = build_pages(topology, diagrams=False)
    check_pages(topology, pages)
    assert b"](eu-west-1/index.md)" in pages["regions/index.md"]
    scene = overview(topology, analyse(topology))
    region_box = next(c for c in scene.clusters if c.label == "eu-west-1")
    assert region_box.link == "regions/eu-west-1/"


_DIGEST = """
import hashlib, sys
sys.path.insert(0, {tests!r})
import test_pipeline_fuzz as t
from topogen import generate
digest = hashlib.sha256()
for seed in {seeds!r}:
    topology = t._load(generate(seed).raw)
    out, _ = t.run_pipeline(topology)
    for text in (out.paths, out.priced, out.cost, out.diff, out.summary):
        digest.update(text.encode())
    for key, dot in sorted(out.dots.items()):
        digest.update(key.encode() + dot.encode())
    for key, page in sorted(out.pages.items()):
        digest.update(key.encode() + page)
print(digest.hexdigest())
"""


def test_same_bytes_in_other_processes_and_folders(tmp_path: Path) -> None:
    """Hash seed and working folder never show in any output of generated designs."""
    seeds = [s for s in range(40) if _load(generate(s).raw) is not None][:4]
    code = _DIGEST.format(tests=str(Path(__file__).resolve().parent), seeds=seeds)
    digests = set()
    for hash_seed, folder in (("1", tmp_path), ("4242", Path(__file__).resolve().parent)):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# Descriptions: raw HTML must not reach a page however code is written. Python-Markdown only
# reads a closed, unindented fence as code, and pairs backticks across lines and falls back to
# shorter runs; the escaper used to keep as "code" what Markdown then rendered as raw HTML.
_SCRIPT = "<script>alert(1)</script>"
_BYPASSES = {
    "unclosed fence": f"```\n{_SCRIPT}",
    "unclosed tilde fence after prose": f"before\n\n~~~~\n\n{_SCRIPT}",
    "indented fence": f"   ```\n{_SCRIPT}\n   ```",
    "info string with spaces": f"``` python title=x\n{_SCRIPT}\n```",
    "longer closing fence": f"```\n{_SCRIPT}\n`````",
    "closing fence with text": f"```\n{_SCRIPT}\n``` x",
    "mixed fence characters": f"```\n{_SCRIPT}\n~~~",
    "code span across a blank line": f"a `x\n\n{_SCRIPT}\n\nb` c",
    "escaped backtick": f"\\`{_SCRIPT}`",
    "code span across a heading": f"`a\n# h\n{_SCRIPT}`",
    "backticks paired across lines": "`x\n`<b onmouseover=alert(1)>`",
    "shorter run fallback": f"``a`{_SCRIPT}`",
}
_FRAGMENTS = [
    "`", "``", "```", "~~~", "\\`", "\\", "\n", "\n\n", " ", "    ", "> ", "* ", "# ", "|",
    "[x](javascript:y)", "{: onclick=x}", "<b onclick=x>", _SCRIPT, "<!--", "python", "a",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "b", "iframe"):
            self.bad.append(tag)
        for key, value in attrs:
            url = (value or "").strip().lower()
            if key.startswith("on") or (key == "href" and url.startswith("javascript")):
                self.bad.append(f"{key}={value}")


def _bad(html: str, *, raw_html_allowed: bool = False) -> list[str]:
    """What in rendered HTML came from the topology's text as markup (unless raw HTML is
    allowed) or could run script or leave for a refused scheme (link_oracle.py)."""
    found = problems(html)
    if not raw_html_allowed:
        tags = _Tags()
        tags.feed(html)
        found += tags.bad
    return found


def _rendered(description: str) -> str:
    page = f"# Flow\n\n{escape.markdown(description)}\n\n## What happens\n\nText.\n"
    return str(markdown.markdown(page, extensions=[*_MD_NAMES, "fenced_code"],
                                 extension_configs=_MD_CONFIGS))


def _check_description(description: str) -> None:
    html = _rendered(description)
    assert not _bad(html), (_bad(html), description, html)
    assert 'id="what-happens"' in html, (description, html)


@pytest.mark.parametrize("description", list(_BYPASSES.values()), ids=list(_BYPASSES))
def test_no_raw_html_from_a_description(description: str) -> None:
    _check_description(description)


@settings(FUZZ, max_examples=300)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=20).map("".join))
def test_no_raw_html_from_any_description(description: str) -> None:
    _check_description(description)


def test_code_in_descriptions_is_still_code() -> None:
    html = _rendered("Use `a<b>` and\n\n~~~ yaml\nkey: <value>\n~~~\n\nand ``x`y``.")
    assert "<code>a&lt;b&gt;</code>" in html and "<code>x`y</code>" in html
    assert "key: &lt;value&gt;" in html and 'class="language-yaml' in html


def _check_html(markdown_text: str, where: str, *, raw_html_allowed: bool = False) -> None:
    """`markdown_text` rendered as MkDocs renders it, and as a site without the footnotes
    extension does (a footnote is a reference definition there): nothing from the topology's
    text is markup, runs script or links to a refused scheme."""
    for footnotes in (True, False):
        html = render(markdown_text, footnotes=footnotes)
        bad = _bad(html, raw_html_allowed=raw_html_allowed)
        assert not bad, (where, bad)


# Pieces of link syntax and of every encoding of a scheme: Hypothesis puts them together.
_LINK_FRAGMENTS = [
    "[x]", "[^1]", "[r]", "](", "]: ", "]:", ")", "(", "<", ">", "`", "\\", "\n", "\n\n", " ",
    "\t", "!", "javascript", "java", "script", "JavaScript", "data", "vbscript", ":", "&#58;",
    "&#58", "&#x3a;", "&#X3A", "&colon;", "&#106;", "&#106", "&#x6a;", "&#x09;", "&Tab;",
    "&#10;", "&NewLine;", "&#32;", "&#0;", "&amp;", "%3A", "%6A", "\u2028", "\x00", "\x01",
    "alert(1)", "https://example.com/", "/ok", "#ok", "mailto:", " \"t\"", "{: ", "}", "=",
]


@settings(FUZZ, max_examples=400)
@given(st.lists(st.sampled_from(_LINK_FRAGMENTS), min_size=1, max_size=24).map("".join),
       st.booleans())
def test_no_link_with_a_refused_scheme_from_any_description(
    description: str, allow_html: bool
) -> None:
    """Any description, however its links are encoded: every URL the rendered page holds has
    an allowed scheme once decoded as a browser decodes it (link_oracle.py), with and without
    --allow-html, with and without the footnotes extension."""
    page = f"# Flow\n\n{escape.markdown(description, allow_html=allow_html)}\n\n## Next\n"
    _check_html(page, repr(description), raw_html_allowed=allow_html)


@pytest.mark.parametrize("allow_html", [False, True], ids=["text", "allow-html"])
@pytest.mark.parametrize("description", HOSTILE_LINKS)
def test_no_hostile_link_becomes_a_link(description: str, allow_html: bool) -> None:
    """Each hostile link of the corpus (topogen.py) is text, with the other links kept."""
    page = escape.markdown(description, allow_html=allow_html)
    _check_html(page, repr(description), raw_html_allowed=allow_html)


def test_the_readme_summary_shows_the_title_as_text() -> None:
    """The injected summary put the title into the README as it was: HTML, links and all."""
    title = "<script>alert(1)</script> [js](javascript:alert(1)) <b onclick=x>"
    text = HUGE_VOLUME.replace(b"vpcdocs: 1\n", b"vpcdocs: 1\ntitle: '" + title.encode() + b"'\n")
    topology = _load(text)
    assert topology is not None and topology.title == title
    side = analyse_design(topology)
    summary = summary_markdown(side, source="network.yaml", links=Links("docs/index.md", "d.svg"))
    _check_html(summary, "summary")


@settings(FUZZ, max_examples=6)
@given(designs())
def test_pages_and_summaries_render_without_raw_html(design: Design) -> None:
    """Every generated page (with and without --allow-html), the README summary, the diff
    comment and the CLI's Markdown (`paths`, `cost`), rendered as MkDocs and GitHub would: no
    element or attribute that came from the topology's text, no URL with a refused scheme."""
    topology = _load(design.raw)
    if topology is None:
        reject()
    out, _ = run_pipeline(topology)
    for path, page in out.pages.items():
        if path.endswith(".md"):
            _check_html(page.decode("utf-8"), path)
    for path, page in out.html_pages.items():
        if path.endswith(".md"):
            _check_html(page.decode("utf-8"), f"{path} (--allow-html)", raw_html_allowed=True)
    _check_html(out.summary, "summary")
    _check_html(out.diff, "diff")
    _check_html(out.paths_markdown, "paths --format markdown")
    _check_html(out.cost_markdown, "cost --format markdown")
