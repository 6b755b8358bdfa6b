"""A person's view of a built site: headless Chromium over the site served on 127.0.0.1.

Every page in the navigation loads without console errors or failed requests, every diagram
(<img>) loads (naturalWidth > 0), and Material's search finds a flow. Uses the small fake page
set for now; the same harness (tests/browser.py) can drive the built example site.

Skipped when Chromium is absent locally; in CI (CI=true) a missing Chromium is a failure, since
the CI install provides it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import (
    activate_everything,
    chromium,
    load_page,
    nav_urls,
    require_chromium,
    search,
    serve_directory,
)
from click.testing import CliRunner
from fake_site import FAKE_PAGES, SEARCH_WORD
from ruamel.yaml import YAML

from vpcdocs.cli import cli
from vpcdocs.site import page_paths
from vpcdocs.site.build import build_site

COURSE = Path(__file__).resolve().parent.parent / "examples" / "course.yaml"

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


# --------------------------------------------------------------------------- hostile links

# A user's own MkDocs project without the footnotes extension: there a footnote is a reference
# definition, the engine's reading a hostile `[^n]: javascript:...` counts on.
_USER_MKDOCS = (
    "site_name: Hostile\ntheme: {name: material}\n"
    "markdown_extensions: [attr_list, md_in_html, tables]\n"
)
_HOSTILE_SITES = {
    "text": [],
    "allow-html": ["--allow-html"],
    "own-mkdocs-allow-html": ["--allow-html", "--config-file", "mkdocs.yml", "--prefix", "network/"],
}


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The course example with hostile links in its title and every description
    (tests/test_links.py), built three ways, served on 127.0.0.1."""
    from test_links import _hostile_course

    folder = tmp_path_factory.mktemp("hostile")
    topology = _hostile_course(folder)
    (folder / "mkdocs.yml").write_text(_USER_MKDOCS)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Their own docs\n")
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        for name, options in _HOSTILE_SITES.items():
            site = folder / f"site-{name}"
            options = [str(folder / o) if o == "mkdocs.yml" else o for o in options]
            if "--config-file" not in options:
                options.append("--no-config")
            result = CliRunner().invoke(
                cli, ["build", str(topology), "--site-dir", str(site), *options]
            )
            assert result.exit_code == 0, result.output
            base = stack.enter_context(serve_directory(site))
            urls[name] = base + ("network/" if "--prefix" in options else "")
        yield urls


@pytest.mark.parametrize("site", list(_HOSTILE_SITES))
def test_no_script_runs_from_hostile_links(
    browser: Any, hostile_sites: dict[str, str], site: str
) -> None:
    """Every page holding the topology's text (home and each flow), every link and control in
    it hovered, clicked and focused: no dialog, no script error, no `window.__pwned`, no
    navigation or followed link with a scheme other than http, https or mailto, and no such
    URL anywhere in the content as the browser itself resolves it."""
    base = hostile_sites[site]
    # the home page holds the title and description; flows k, k+3, k+6 ... share a description
    flows = list(YAML(typ="safe").load(COURSE.read_text())["flows"])[:3]
    pages = [base] + [base + page_paths.flow_page(f).removesuffix("index.md") for f in flows]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        reports = []
        for url in pages:
            page = context.new_page()
            reports.append(activate_everything(page, url))
            page.close()
    finally:
        context.close()
    problems = {r.url: r.problems for r in reports if r.problems}
    assert problems == {}
    assert sum(r.clicked for r in reports) > 100
    # the allowed links of the corpus are still links, and were clicked
    assert any("https://example.com/ok" in u for r in reports for u in r.followed)


def test_the_hostile_link_harness_sees_script_run(browser: Any, tmp_path: Path) -> None:
    """The checks can fail: a javascript: link, an encoded one, a handler and a data: link."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>bad</title><article>"
        '<a href="javascript:alert(1)">a</a> <a href="jav&#x09;ascript:window.__pwned=1">b</a>'
        '<img src="x.png" onmouseover="alert(2)"> <a href="data:text/html,x">c</a>'
        '<a href="/ok">ok</a></article>'
    )
    context = browser.new_context()
    try:
        with serve_directory(tmp_path) as url:
            report = activate_everything(context.new_page(), url)
    finally:
        context.close()
    assert "dialog: alert: 1" in report.problems and "dialog: alert: 2" in report.problems
    assert report.pwned >= 1
    assert any("data:text/html" in p for p in report.problems)
    assert any(u.endswith("/ok") for u in report.followed)
