"""Diagrams as a reader sees them, in headless Chromium: on every page of both examples' sites
and on pages of a generated 100-VPC, 4-Region design, at desktop (1280×800) and phone (390×844)
widths: the content area does not scroll sideways, every diagram's box lies inside the viewport
width, no console error, no failed request; and on every page with a diagram (desktop width),
a click opens the zoom view with the picture in it and Escape closes it again.

The 100-VPC site has about 140 pages; loading each at two widths and opening its zoom view took
minutes on a loaded machine, so its pages are sampled: the home page (the summary), every Region
and the section indexes, and every tenth of the other pages in navigation order.

Skipped when Chromium is absent locally; in CI (CI=true) a missing Chromium is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bigdesign import big_design
from browser import PageReport, chromium, nav_urls, require_chromium, serve_directory

from vpcdocs.site.build import build_site
from vpcdocs.site.pages import generate_pages, load_topology, site_nav

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = require_chromium()
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}

LAYOUT_JS = """
() => {
  const width = window.innerWidth;
  const content = document.querySelector('.md-content') || document.body;
  const boxes = Array.from(document.querySelectorAll('.vpcdocs-diagram a.vpcdocs-diagram__open'))
    .map(a => { const r = a.getBoundingClientRect(); const img = a.querySelector('img');
                return {src: img ? img.currentSrc : '', left: r.left, right: r.right,
                        shown: !!img && img.complete && img.naturalWidth > 0}; });
  return {width, page: document.documentElement.scrollWidth,
          content: content.scrollWidth, contentBox: content.clientWidth, boxes};
}
"""


def _site(tmp: Path, topology_file: Path) -> Path:
    pages = generate_pages(topology_file)
    topology = load_topology(topology_file)
    site = tmp / "site"
    build_site(pages, site, strict=True, site_name=topology.title or "", nav=site_nav(topology))
    return site


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


def _watch(page: Any, report: PageReport) -> dict[str, Any]:
    handlers: dict[str, Any] = {
        "console": lambda m: report.console_errors.append(m.text) if m.type == "error" else None,
        "pageerror": lambda e: report.page_errors.append(str(e)),
        "response": lambda r: report.failed_requests.append(f"{r.status} {r.url}")
        if r.status >= 400 else None,
        # ERR_ABORTED: a background request (the search worker) cut short by moving on.
        "requestfailed": lambda r: report.failed_requests.append(f"{r.failure} {r.url}")
        if "ERR_ABORTED" not in (r.failure or "") else None,
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    return handlers


def _check_page(page: Any, url: str, *, zoom: bool) -> list[str]:
    """Load `url` and return what is wrong with it (empty: nothing)."""
    report = PageReport(url)
    handlers = _watch(page, report)
    problems: list[str] = []
    try:
        page.goto(url, wait_until="load")
        found = page.evaluate(LAYOUT_JS)
        width = found["width"]
        if found["page"] > width:
            problems.append(f"the page scrolls sideways: {found['page']} px in {width} px")
        if found["content"] > found["contentBox"] + 1:
            problems.append(f"the content overflows: {found['content']} px in {found['contentBox']} px")
        for box in found["boxes"]:
            if not box["shown"]:
                problems.append(f"diagram not shown: {box['src']}")
            if box["left"] < -0.5 or box["right"] > width + 0.5:
                problems.append(f"diagram box {box['left']:.0f}..{box['right']:.0f} outside "
                                f"0..{width}: {box['src']}")
        if zoom and found["boxes"]:
            page.locator("a.vpcdocs-diagram__open").first.click()
            page.locator(".vpcdocs-zoom .vpcdocs-zoom__picture").wait_for(state="attached",
                                                                         timeout=10_000)
            if page.locator(".vpcdocs-zoom__picture svg, img.vpcdocs-zoom__picture").count() == 0:
                problems.append("the zoom view opened without the picture")
            page.keyboard.press("Escape")
            page.locator(".vpcdocs-zoom").wait_for(state="detached", timeout=5_000)
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    return problems + report.problems


def _check_site(browser: Any, site: Path, sample: int = 1) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    with serve_directory(site) as base:
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            try:
                page = context.new_page()
                page.goto(base, wait_until="load")
                urls = _sampled(nav_urls(page, base), base, sample)
                assert len(urls) > 3
                for url in urls:
                    found = _check_page(page, url, zoom=size == "desktop")
                    if found:
                        problems[f"{size} {url}"] = found
            finally:
                context.close()
    return problems


def _sampled(urls: list[str], base: str, every: int) -> list[str]:
    """Every URL when `every` is 1; otherwise home, Regions and section indexes, and every
    `every`-th other page."""
    if base not in urls:
        urls = [base, *urls]
    if every == 1:
        return urls
    kept = [u for u in urls if u == base or "/regions/" in u or u.count("/") <= base.count("/") + 1]
    rest = [u for u in urls if u not in kept]
    return kept + rest[::every]


@pytest.mark.parametrize("example", ["course", "hub-and-spoke", "hybrid"])
def test_every_page_of_the_examples_shows_its_diagrams_whole(
        browser: Any, example: str, tmp_path: Path) -> None:
    site = _site(tmp_path, ROOT / "examples" / f"{example}.yaml")
    assert _check_site(browser, site) == {}


def test_pages_of_a_100_vpc_design_show_their_diagrams_whole(browser: Any, tmp_path: Path) -> None:
    design = tmp_path / "big.yaml"
    design.write_text(big_design(100, 4), encoding="utf-8")
    site = _site(tmp_path, design)
    assert _check_site(browser, site, sample=10) == {}


def test_the_checks_catch_a_wide_diagram_and_a_page_that_scrolls(browser: Any,
                                                                tmp_path: Path) -> None:
    """The checks can fail: a fixed-width diagram box wider than the phone and a console error."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><meta name=viewport content='width=device-width'><title>wide</title>"
        "<div class='vpcdocs-diagram'><a class='vpcdocs-diagram__open' href='d.svg' "
        "style='display:block;width:900px'><img src='d.svg' width='900' height='100'></a></div>"
        "<script>console.error('boom')</script>",
        encoding="utf-8")
    (tmp_path / "d.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='900' height='100'></svg>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with serve_directory(tmp_path) as base:
            problems = _check_page(context.new_page(), base, zoom=False)
    finally:
        context.close()
    assert any("scrolls sideways" in p for p in problems), problems
    assert any("outside 0..390" in p for p in problems), problems
    assert any("boom" in p for p in problems), problems
