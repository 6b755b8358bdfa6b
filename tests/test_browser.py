"""A person's view of a built site: headless Chromium over the site served on 127.0.0.1.

Every page in the navigation loads without console errors or failed requests, every diagram
(<img>) loads (naturalWidth > 0), and Material's search finds a flow. Uses the small fake page
set for now; the same harness (tests/browser.py) can drive the built example site.

Skipped when Chromium is absent locally; in CI (CI=true) a missing Chromium is a failure, since
the CI install provides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, load_page, nav_urls, require_chromium, search, serve_directory
from fake_site import FAKE_PAGES, SEARCH_WORD

from vpcdocs.site.build import build_site

CHROMIUM = require_chromium()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    build_site(FAKE_PAGES, site, strict=True, site_name="Fake network")
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_every_nav_page_loads_cleanly_with_its_diagrams(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    home = load_page(page, site_url)
    urls = nav_urls(page, site_url)
    assert site_url in urls
    assert f"{site_url}flows/web-to-s3/" in urls
    reports = [home] + [load_page(page, url) for url in urls if url != site_url]
    problems = {r.url: r.problems for r in reports if r.problems}
    assert problems == {}
    for report in reports:
        assert report.images, f"{report.url} shows no diagram"
    page.goto(f"{site_url}flows/web-to-s3/")
    page.screenshot(path=str(tmp_path / "flow-page.png"), full_page=True)


def test_the_harness_reports_broken_pages(page: Any, tmp_path: Path) -> None:
    """The checks can fail: a missing image, a console error and a script error are caught."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>broken</title>"
        '<img src="nope.svg" alt="missing diagram">'
        "<script>console.error('boom'); undefinedFunction();</script>"
    )
    with serve_directory(tmp_path) as url:
        report = load_page(page, url)
    assert report.broken_images == [f"{url}nope.svg"]
    assert any("404" in r and "nope.svg" in r for r in report.failed_requests)
    assert "boom" in report.console_errors
    assert any("undefinedFunction" in e for e in report.page_errors)


def test_search_finds_a_flow(page: Any, site_url: str, tmp_path: Path) -> None:
    load_page(page, site_url)
    titles = search(page, SEARCH_WORD)
    assert titles == ["web-to-s3"]
    page.screenshot(path=str(tmp_path / "search.png"))
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**/flows/web-to-s3/**")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "web-to-s3"


def test_dark_mode_toggle(page: Any, site_url: str) -> None:
    load_page(page, site_url)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label.md-header__button[for='__palette_1']").click()
    page.wait_for_function(f"{scheme} === 'slate'")
