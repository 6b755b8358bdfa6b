"""Browser test harness: serve a built site on 127.0.0.1 and drive Debian's headless Chromium
through Playwright. Not a test module; test_browser.py (and later tests over the real example
site) use it.

Only loopback traffic: the site is served from this machine, and Chromium runs with background
networking, component updates and sync turned off.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """Debian's Chromium, or $VPCDOCS_CHROMIUM, or None."""
    override = os.environ.get("VPCDOCS_CHROMIUM")
    if override:
        return override
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 (a free port); yield the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium(executable: str) -> Iterator[Any]:
    """A headless Chromium browser (Playwright `Browser`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageReport:
    """What went wrong while loading one page."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    images: list[tuple[str, int]] = field(default_factory=list)  # (src, naturalWidth)

    @property
    def broken_images(self) -> list[str]:
        return [src for src, width in self.images if width <= 0]

    @property
    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request failed: {m}" for m in self.failed_requests]
            + [f"image not loaded: {src}" for src in self.broken_images]
        )


def load_page(page: Any, url: str) -> PageReport:
    """Open `url` in `page` and collect console errors, script errors, failed or 4xx/5xx
    requests and every <img> with its naturalWidth (after all images settled)."""
    report = PageReport(url)

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            report.console_errors.append(msg.text)

    def on_response(response: Any) -> None:
        if response.status >= 400:
            report.failed_requests.append(f"{response.status} {response.url}")

    def on_failed(request: Any) -> None:
        report.failed_requests.append(f"{request.failure} {request.url}")

    def on_error(error: Any) -> None:
        report.page_errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_error)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_function(
            "Array.from(document.images).every(i => i.complete)", timeout=10_000
        )
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.currentSrc || i.src, i.naturalWidth])"
        )
        report.images = [(str(src), int(width)) for src, width in images]
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)
        page.remove_listener("response", on_response)
        page.remove_listener("requestfailed", on_failed)
    return report


def nav_urls(page: Any, base: str) -> list[str]:
    """Every page linked from the primary navigation of the page loaded in `page`, in order,
    without fragments, same origin as `base` only."""
    hrefs = page.evaluate(
        "Array.from(document.querySelectorAll('.md-nav--primary a.md-nav__link[href]'))"
        ".map(a => a.href)"
    )
    origin = urlsplit(base).netloc
    urls: list[str] = []
    for href in hrefs:
        url = urldefrag(urljoin(base, str(href))).url
        if urlsplit(url).netloc == origin and url not in urls:
            urls.append(url)
    return urls


def search(page: Any, query: str, *, timeout_ms: int = 15_000) -> list[str]:
    """Type `query` into Material's search box; return the result titles shown."""
    page.click("label.md-search__icon[for='__search'], .md-search__input", timeout=timeout_ms)
    box = page.locator("input.md-search__input")
    box.press_sequentially(query)  # Material listens to key events, not `input`
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible", timeout=timeout_ms)
    titles: list[str] = items.locator("h1, h2").all_inner_texts()
    return [t.strip() for t in titles]


def require_chromium() -> str:
    """Debian's Chromium for a browser-test module: skip the module locally when it is missing,
    fail under CI (which must install it), skip when Playwright is not installed."""
    import os

    import pytest

    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the browser tests", pytrace=False)
        pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    return executable


# --------------------------------------------------------------------------- hostile pages

#: Schemes a link or a navigation may have (relative links resolve to http here).
SAFE_PROTOCOLS = ("http:", "https:", "mailto:")

# Before any page script: note every dialog-less way script could show it ran, and let a click
# follow a link only when the browser itself reads an allowed scheme in it (it is noted and not
# followed, so one page load serves every click); any other link is left to do what it does.
_GUARD = """
window.__pwned = 0;
window.__followed = [];
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element && event.target.closest('a[href], area[href], a');
  if (!link) return;
  // An SVG <a> (a diagram shown inline) has no .protocol and an animated .href: resolve it.
  const raw = typeof link.href === 'string' ? link.href
    : (link.href && link.href.baseVal) || link.getAttribute('xlink:href') || '';
  if (!raw) return;
  let url;
  try { url = new URL(raw, document.baseURI); } catch (e) { return; }
  if (['http:', 'https:', 'mailto:'].includes(url.protocol)) {
    window.__followed.push(url.href);
    event.preventDefault();
  }
}, true);
"""

# Every URL-valued attribute in the page's content, resolved by the browser.
_CONTENT_URLS = """
(scope) => {
  const found = [];
  const attrs = ['href', 'src', 'action', 'formaction', 'poster', 'data', 'cite', 'xlink:href',
                 'background', 'ping', 'srcset', 'srcdoc'];
  for (const el of document.querySelectorAll(scope + ' *')) {
    for (const name of attrs) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      for (const part of name === 'srcset' ? value.split(',') : [value]) {
        let protocol;
        try { protocol = new URL(part.trim().split(' ')[0], document.baseURI).protocol; }
        catch (e) { protocol = 'invalid:'; }
        found.push([el.tagName.toLowerCase(), name, value, protocol]);
      }
    }
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on')) {
        found.push([el.tagName.toLowerCase(), attr, el.getAttribute(attr), 'handler']);
      }
    }
  }
  return found;
}
"""

#: What a click could activate: links, buttons, disclosure widgets, images, inputs, anything
#: with a handler or focusable. Each gets mouse-over, focus and click events from script; the
#: ones that follow or submit something (CLICKED) are also clicked with the mouse.
ACTIVATABLE = "a, area, button, summary, img, input, label, [onclick], [tabindex], [onmouseover]"
CLICKED = "a[href], area[href], button, summary"

_DISPATCH = """
(selector) => {
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup']) {
      el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
    }
    if (typeof el.focus === 'function') el.focus();
    el.click();
    n++;
  }
  return n;
}
"""


@dataclass
class ActivationReport:
    """What happened while every activatable element of a page's content was hovered,
    clicked and focused."""

    url: str
    clicked: int = 0
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)  # main-frame URLs after the first
    popups: list[str] = field(default_factory=list)
    followed: list[str] = field(default_factory=list)  # links with an allowed scheme
    pwned: int = 0
    unsafe_urls: list[str] = field(default_factory=list)  # in the content, browser-resolved

    @property
    def problems(self) -> list[str]:
        unsafe_navigation = [u for u in self.navigations if not u.startswith(("http:", "https:"))]
        unsafe_followed = [u for u in self.followed if not u.startswith(SAFE_PROTOCOLS)]
        return (
            [f"dialog: {d}" for d in self.dialogs]
            + [f"script error: {e}" for e in self.page_errors]
            + [f"navigated to: {u}" for u in unsafe_navigation]
            + [f"popup: {u}" for u in self.popups]
            + [f"followed: {u}" for u in unsafe_followed]
            + ([f"window.__pwned = {self.pwned}"] if self.pwned else [])
            + [f"unsafe URL in the content: {u}" for u in self.unsafe_urls]
        )


def _collect(page: Any, report: ActivationReport) -> None:
    """Move what the guard noted since the last call into `report`."""
    followed, pwned = page.evaluate(
        "(() => { const n = window.__pwned; window.__pwned = 0;"
        " return [window.__followed.splice(0), n]; })()"
    )
    report.followed += followed
    report.pwned += int(pwned)


def activate_everything(page: Any, url: str, scope: str = "article") -> ActivationReport:
    """Open `url`, list every URL in `scope` as the browser resolves it, then send mouse, focus
    and click events to every activatable element in `scope` and click every link and button
    with the mouse (reloading when a click left the page), and report any sign that script ran
    or a refused scheme was followed."""
    report = ActivationReport(url)
    context = page.context

    def on_dialog(dialog: Any) -> None:
        report.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_frame(frame: Any) -> None:
        if frame == page.main_frame:
            report.navigations.append(frame.url)

    def on_popup(popup: Any) -> None:
        report.popups.append(popup.url)
        popup.close()

    def on_error(error: Any) -> None:
        report.page_errors.append(str(error))

    page.add_init_script(_GUARD)
    page.on("dialog", on_dialog)
    page.on("pageerror", on_error)
    page.on("framenavigated", on_frame)
    context.on("page", on_popup)
    try:
        page.goto(url, wait_until="load")
        for tag, name, value, protocol in page.evaluate(_CONTENT_URLS, scope):
            if protocol not in SAFE_PROTOCOLS:
                report.unsafe_urls.append(f"<{tag} {name}={value!r}> ({protocol})")
        report.clicked += int(page.evaluate(_DISPATCH, f"{scope} :is({ACTIVATABLE})"))
        page.wait_for_timeout(100)
        targets = page.locator(f"{scope} :is({CLICKED})")
        for index in range(targets.count()):
            if page.url.split("#")[0] != url.split("#")[0]:
                page.goto(url, wait_until="load")
            _collect(page, report)
            with contextlib.suppress(Exception):  # hidden, detached or moved away
                targets.nth(index).click(force=True, timeout=300, no_wait_after=True)
            report.clicked += 1
        page.wait_for_timeout(200)
        if page.url.split("#")[0] == url.split("#")[0]:
            _collect(page, report)
    finally:
        page.remove_listener("dialog", on_dialog)
        page.remove_listener("pageerror", on_error)
        page.remove_listener("framenavigated", on_frame)
        context.remove_listener("page", on_popup)
    report.navigations = [u for u in report.navigations if u.split("#")[0] != url.split("#")[0]]
    return report
