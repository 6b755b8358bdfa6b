"""The built example site as a person sees it: headless Chromium over `examples/course.yaml`'s
site served on 127.0.0.1.

Every page in the navigation loads without console errors or failed requests, every diagram
loads (its `<img>` has naturalWidth > 0 and a box on the page),
every link inside a diagram leads to a page that exists, Material's search finds a flow, and the
dark palette loads cleanly too. Screenshots of a few pages go to the test's tmp folder.

Skipped when Chromium is absent locally; in CI (CI=true) a missing Chromium is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import (
    PageReport,
    chromium,
    load_page,
    nav_urls,
    require_chromium,
    search,
    serve_directory,
)

from vpcdocs.site.build import build_site
from vpcdocs.site.pages import generate_pages, load_topology, site_nav

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "examples" / "course.yaml"
CHROMIUM = require_chromium()

DIAGRAMS_JS = """
() => Array.from(document.querySelectorAll('.vpcdocs-diagram a.vpcdocs-diagram__open')).map(a => {
  const img = a.querySelector('img');
  return {
    data: img ? new URL(img.getAttribute('src'), location.href).href : '',
    loaded: !!img && img.complete && img.naturalWidth > 0,
    width: a.getBoundingClientRect().width,
  };
})
"""


def svg_links(page: Any, svg_url: str) -> tuple[list[str], set[str]]:
    """The links inside an SVG (absolute, resolved against the SVG's address) and the targets
    they open in."""
    import xml.etree.ElementTree as ET
    from urllib.parse import urljoin

    root = ET.fromstring(page.request.get(svg_url).body())
    links: list[str] = []
    targets: set[str] = set()
    for anchor in root.iter("{http://www.w3.org/2000/svg}a"):
        href = anchor.get("{http://www.w3.org/1999/xlink}href") or anchor.get("href")
        if href:
            links.append(urljoin(svg_url, href))
            targets.add(anchor.get("target") or "")
    return links, targets


def load_all(context: Any, urls: list[str], tabs: int = 4) -> list[tuple[PageReport, Any]]:
    """Load `urls` a few tabs at a time (the browser fetches them in parallel) and report each
    like `browser.load_page`, without waiting for the network to go quiet: the `load` event
    already waits for every image of a page, which is what is checked here.
    Returns (report, what DIAGRAMS_JS found on the page) per URL, in order."""
    pages = [context.new_page() for _ in range(tabs)]
    results: list[tuple[PageReport, Any]] = []
    for start in range(0, len(urls), tabs):
        batch = list(zip(pages, urls[start : start + tabs], strict=False))
        reports = [_watch(page, url) for page, url in batch]
        for page, url in batch:
            page.goto(url, wait_until="commit")
        for (page, _), (report, handlers) in zip(batch, reports, strict=True):
            page.wait_for_load_state("load")
            images = page.evaluate(
                "Array.from(document.images).map(i => [i.currentSrc || i.src, i.naturalWidth])"
            )
            report.images = [(str(src), int(width)) for src, width in images]
            diagrams = page.evaluate(DIAGRAMS_JS)
            for event, handler in handlers.items():
                page.remove_listener(event, handler)
            results.append((report, diagrams))
    for page in pages:
        page.close()
    return results


def _watch(page: Any, url: str) -> tuple[PageReport, dict[str, Any]]:
    report = PageReport(url)
    handlers: dict[str, Any] = {
        "console": lambda m: report.console_errors.append(m.text) if m.type == "error" else None,
        "pageerror": lambda e: report.page_errors.append(str(e)),
        "response": lambda r: report.failed_requests.append(f"{r.status} {r.url}")
        if r.status >= 400
        else None,
        # ERR_ABORTED: a background request (the search worker) cut short by moving on.
        "requestfailed": lambda r: report.failed_requests.append(f"{r.failure} {r.url}")
        if "ERR_ABORTED" not in (r.failure or "")
        else None,
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    return report, handlers


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    return generate_pages(COURSE)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, pages: dict[str, bytes]) -> Iterator[str]:
    topology = load_topology(COURSE)
    site = tmp_path_factory.mktemp("example") / "site"
    build_site(pages, site, strict=True, site_name=topology.title or "", nav=site_nav(topology))
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_every_nav_page_and_diagram_loads(
    page: Any, site_url: str, pages: dict[str, bytes], tmp_path: Path
) -> None:
    home = load_page(page, site_url)
    assert home.problems == []
    urls = nav_urls(page, site_url)
    md_pages = [p for p in pages if p.endswith(".md")]
    assert len(urls) == len(md_pages)  # the navigation lists every generated page
    problems: dict[str, list[str]] = {}
    diagram_links: set[str] = set()
    diagrams = images = 0
    for report, found_diagrams in load_all(page.context, urls):
        found = list(report.problems)
        images += len(report.images)
        for diagram in found_diagrams:
            diagrams += 1
            if not diagram["loaded"] or diagram["width"] <= 0:
                found.append(f"diagram not shown: {diagram['data']}")
            links, targets = svg_links(page, diagram["data"])
            if links and targets != {"_top"}:
                found.append(f"diagram links do not open in the page: {diagram['data']}")
            diagram_links.update(links)
        if found:
            problems[report.url] = found
    assert problems == {}
    svgs = [p for p in pages if p.endswith(".svg")]
    assert svgs, "the example site has no diagrams"
    assert diagrams == len(svgs)  # every diagram is shown by exactly one page ...
    assert images == len(svgs)  # ... with its <img> loaded (naturalWidth > 0, checked above)
    assert diagram_links, "no diagram links to a page"
    for link in sorted(diagram_links):
        response = page.request.get(link)
        assert response.status == 200, f"a diagram links to a missing page: {link}"
    page.goto(f"{site_url}flows/batch-to-dynamodb/")
    page.screenshot(path=str(tmp_path / "flow.png"), full_page=True)


def test_search_finds_a_flow(page: Any, site_url: str) -> None:
    load_page(page, site_url)
    titles = search(page, "batch-to-dynamodb")
    assert any("batch-to-dynamodb" in t for t in titles), titles


def test_dark_mode_pages_load_cleanly(page: Any, site_url: str, tmp_path: Path) -> None:
    page.emulate_media(color_scheme="dark")
    report = load_page(page, f"{site_url}vpcs/london-vpc/")
    assert report.problems == []
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == "slate"
    page.screenshot(path=str(tmp_path / "vpc-dark.png"), full_page=True)
