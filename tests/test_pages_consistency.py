"""Every page states a thing once and never its opposite.

Renders every page of both examples, of the hand-written unseen designs and of designs generated
by tests/topogen.py, and checks a list of statements that exclude each other: on one page (the
`orders-if` page once said both "The service has no private DNS name" and "Only clients in
partner-vpc get its private DNS"), and across pages (a finding calling an endpoint unused while
its page says flows use it). It also checks that no page shows research notes or internal words,
and that a free flow shows no alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from topogen import generate

from vpcdocs.analysis.analysis import analyse
from vpcdocs.loader import load_bytes, load_file
from vpcdocs.model import Topology
from vpcdocs.site.pages import design_pages

ROOT = Path(__file__).resolve().parent
EXAMPLES = ("course.yaml", "hub-and-spoke.yaml")
UNSEEN = sorted((ROOT / "scenarios" / "unseen").glob("*.yaml"))
SEEDS = range(12)

#: (what, pattern A, pattern B): no page may say both.
EXCLUSIVE: tuple[tuple[str, str, str], ...] = (
    ("private DNS name", r"The service has no private DNS name", r"get its private DNS"),
    ("private DNS on/off", r"\*\*Private DNS is on\*\*", r"\*\*Private DNS is off\*\*"),
    ("endpoint used", r"No flow in this design uses it\.", r"\d+ flows? uses? it\."),
    ("used from outside", r"no flow uses it from outside its VPC",
     r"it is used from outside its VPC by"),
    ("flow reachable", r"^\*\*reachable\*\*, over", r"^\*\*blocked\*\*: "),
    ("alternatives heading", r"^## Cheaper alternatives", r"^## Ways that would work"),
    ("free flow", r"the current way: free", r"^## Cheaper alternatives|^Break-even: above"),
    ("gateway endpoint cost", r"Gateway endpoints are free", r"^Fixed: \*\*\$"),
    ("VPC DNS", r"DNS support is on and DNS hostnames are on",
     r"private DNS and private hosted zones do not answer in this VPC"),
    ("findings", r"^No findings", r"^\* \*\*(warning|info)\*\* `"),
    ("blocked cost", r"A blocked flow moves no data", r"^Data charges at "),
    ("prefix list entries", r"vpcdocs has no record of its entries", r"Its entries when vpcdocs"),
)

#: Words a reader must never see (research notes, internal keys, vpcdocs' data files).
FORBIDDEN = (
    "UNCERTAIN",
    "aws-networking-facts",
    "(3rd-party)",
    "3rd-party",
    "not in the price table",
    "(catalogue)",
    "inter_region_gb",
    "tgw_attachment_hour",
    "_endpoint_hour",
    "service_region ",
)


@cache
def _course_like(name: str) -> Topology:
    result = load_file(ROOT.parent / "examples" / name)
    assert result.topology is not None
    return result.topology


def designs() -> Iterator[tuple[str, Topology]]:
    for name in EXAMPLES:
        yield name, _course_like(name)
    for path in UNSEEN:
        result = load_file(path)
        if result.topology is not None:
            yield path.name, result.topology
    for seed in SEEDS:
        result = load_bytes(f"gen-{seed}.yaml", generate(seed).raw)
        if result.ok and result.topology is not None:
            yield f"gen-{seed}", result.topology


@cache
def pages(name: str) -> dict[str, str]:
    topology = dict(designs())[name]
    design = analyse(topology)
    if not design.priced:
        return {}
    rendered = design_pages(design, diagrams=False)
    return {p: b.decode("utf-8") for p, b in rendered.items() if p.endswith(".md")}


NAMES = [name for name, _ in designs()]


@pytest.mark.parametrize("name", NAMES)
def test_no_page_says_a_thing_and_its_opposite(name: str) -> None:
    problems = []
    for path, text in sorted(pages(name).items()):
        for what, a, b in EXCLUSIVE:
            if re.search(a, text, re.M) and re.search(b, text, re.M):
                problems.append(f"{path}: {what}")
    assert not problems, problems


@pytest.mark.parametrize("name", NAMES)
def test_no_page_shows_research_notes_or_internal_words(name: str) -> None:
    found = [(path, word) for path, text in sorted(pages(name).items())
             for word in FORBIDDEN if word in text]
    assert not found, found


#: A Region code as AWS never writes it (the Pricing page once said "Eu-west-1 ...").
MISCASED_REGION = re.compile(r"\b(?:Us|Eu|Ap|Sa|Ca|Me|Af|Il|Mx|Cn)-[a-z]+-\d\b")


@pytest.mark.parametrize("name", NAMES)
def test_region_names_are_written_as_aws_writes_them(name: str) -> None:
    found = [(path, m.group(0)) for path, text in sorted(pages(name).items())
             for m in MISCASED_REGION.finditer(text)]
    assert not found, found


@pytest.mark.parametrize("name", NAMES)
def test_no_page_shows_a_bare_address(name: str) -> None:
    """An AWS page is a link with its title ("not confirmed on https://..." once showed)."""
    found = [(path, line[:120]) for path, text in sorted(pages(name).items())
             for line in text.splitlines() if re.search(r"(?<![(<\"])https?://", line)]
    assert not found, found


@pytest.mark.parametrize("name", NAMES)
def test_findings_agree_with_the_pages_they_are_about(name: str) -> None:
    site = pages(name)
    if not site:
        pytest.skip("not priced")
    home = site["index.md"]
    unused = re.findall(r"`UNUSED_INTERFACE_ENDPOINT` \(\[[^\]]+\]\(([^)]+)\)", home)
    for link in unused:
        page = site[link]
        assert "No flow in this design uses it." in page, link
        assert "needs it too" not in page, link
    blocked = len(re.findall(r"\| \*\*blocked\*\*: ", site.get("flows/index.md", "")))
    # a large design's flows are listed on their group pages ("Flows from <VPC>"), one row each
    blocked += sum(len(re.findall(r"^\| .* \| \*\*no\*\*: ", text, re.M))
                   for path, text in site.items()
                   if path.startswith("flows/") and text.startswith("# Flows from"))
    said = re.search(r"\| \[Blocked flows\]\([^)]*\) \| (\d+) \|", home)
    assert said is not None and int(said.group(1)) == blocked
    findings_home = re.findall(r"^\* \*\*(?:warning|info)\*\* `\w+`", home, re.M)
    findings_pricing = re.findall(r"^\* \*\*(?:warning|info)\*\* `\w+`", site["pricing.md"], re.M)
    assert findings_home == findings_pricing


@pytest.mark.parametrize("name", NAMES)
def test_each_prose_sentence_is_said_once_per_page(name: str) -> None:
    """A page never repeats a line of prose (tables, lists of links and headings aside)."""
    problems = []
    for path, text in sorted(pages(name).items()):
        seen: set[str] = set()
        for line in text.splitlines():
            line = line.strip()
            if len(line) < 40 or line.startswith(("|", "#", "<", "* ", "AWS: ")):
                continue
            if line in seen:
                problems.append(f"{path}: {line[:80]}")
            seen.add(line)
    assert not problems, problems


def test_a_free_flow_shows_no_alternatives_and_no_break_even() -> None:
    site = pages("course.yaml")
    page = site["flows/web-to-s3/index.md"]
    assert "## Cheaper alternatives" not in page and "Break-even" not in page
    row = next(line for line in site["pricing.md"].splitlines()
               if line.startswith("| [web-to-s3](flows/web-to-s3/index.md) |"))
    assert row.endswith("| — |")
    # a flow that is not free keeps them, rounded up to a whole GB
    kms = site["flows/web-to-kms/index.md"]
    assert "## Cheaper alternatives" in kms and "Break-even: above **402 GB a month**" in kms


def test_the_concepts_page_covers_the_course_points_with_aws_links() -> None:
    """Issue 13, item 7: each point of the course, with the AWS page it rests on."""
    concepts = pages("course.yaml")["concepts.md"]
    points = {
        "lower latency": "https://docs.aws.amazon.com/vpc/latest/privatelink/what-is-privatelink.html",
        "Endpoints are regional": "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
        "Multi-Region Access Points": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessConfiguration.html",
        "targets form a target group": "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html",
        "com.amazonaws.vpce.<region>.vpce-svc-<id>": "https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html",
        "aws ec2 get-managed-prefix-list-entries": "https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html",
    }
    for words, link in points.items():
        assert words in concepts, words
        section = concepts[concepts.rindex("\n## ", 0, concepts.index(words)):]
        section = section[: section.find("\n## ", 1) if "\n## " in section[1:] else None]
        assert f"]({link})" in section, (words, link)
    # the prefix lists' actual entries are shown where vpcdocs has them
    s3 = pages("course.yaml")["endpoints/s3-gw/index.md"]
    assert "Its entries when vpcdocs recorded them" in s3 and "`52.95.150.0/24`" in s3
