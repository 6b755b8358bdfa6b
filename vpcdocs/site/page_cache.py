"""Reuse what MkDocs made of a page in the previous build when nothing it depends on changed.

After one edited flow of a 1,000-flow design, `vpcdocs build` used to take 0.76× its cold time:
MkDocs converts every page's Markdown and renders every page through Material's templates (the
navigation partial is most of it), although ten pages changed. `PageCachePlugin` keeps, per page,
in the user's cache folder (`vpcdocs.render.cache`, store "pages"):

* what the Markdown conversion made (the content HTML, table of contents, title, anchors, links
  to other pages' anchors, and the log records it emitted), keyed by `content key`: the page's
  source and meta, its path, every file of the site (link targets), the Markdown settings and
  the versions of everything that converts it;
* the page's search index entries, and its final HTML with the `page key` it was made under: the
  content key plus the whole site as the templates see it (every page's title, URL and meta,
  the navigation, the full configuration).

A page whose content key matches skips the Markdown conversion (that page's `render` is
replaced by one that does nothing, and the plugin puts back the cached results, replaying the
log records so that warnings and strict mode behave the same). Material's search plugin takes
the page's cached search entries when its content, URL, title and meta are the same. A page
whose page key matches too is rendered through an empty template and its cached final HTML is
put in its place, after every other plugin. Anything else is the normal build, whose results
are stored for the next one.

It is used only with vpcdocs' own generated configuration (`vpcdocs.site.build`), where the
plugins are known (search, vpcdocs' LeanHtmlPlugin): with a user's mkdocs.yml a plugin may make
a page depend on anything. `VPCDOCS_NO_CACHE=1` turns it off, like every vpcdocs cache. Tests
prove a warm build equals a cold one, byte for byte, after edits of every kind.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Final

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from vpcdocs.render import cache

# zlib's fastest level: a cold build of M compresses 60 MB of page HTML, 0.5 s at level 1 against
# 1.15 s at level 6, in the build's own process (11.3 against 9.6 MB stored).
_LEVEL = 1

__all__ = ["CACHED_TEMPLATE", "FORMAT", "PageCachePlugin", "Stats"]

#: Bump when what an entry holds or what the keys cover changes.
FORMAT: Final = "vpcdocs-page-cache 1"
#: The (empty) template a page with a cached final HTML is rendered through.
CACHED_TEMPLATE: Final = "vpcdocs-cached-page.html"
#: Libraries whose version can change what MkDocs makes of a page.
LIBRARIES: Final = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "markdown",
                    "pymdown-extensions", "pygments", "jinja2", "markupsafe", "babel", "jieba")
_NO_TEMPLATE: Final = object()


@dataclass
class Stats:
    """What the last build did: pages converted / rendered fully, and reused."""

    converted: int = 0
    content_reused: int = 0
    rendered: int = 0
    html_reused: int = 0


@dataclass
class _Entry:
    """One page's cached results (see the module)."""

    content: str
    toc: list[dict[str, Any]]
    title: str | None
    anchors: list[str]
    links: dict[str, dict[str, str]]
    logs: list[tuple[str, int, str]]
    page_key: str = ""
    html: bytes = b""  # zlib-compressed final HTML (kept compressed until it is used)
    search_key: str = ""
    search: list[Any] = field(default_factory=list)  # the page's search index entries

    def pack(self) -> bytes:
        head = json.dumps({"content": self.content, "toc": self.toc, "title": self.title,
                           "anchors": self.anchors, "links": self.links, "logs": self.logs,
                           "page_key": self.page_key, "search_key": self.search_key,
                           "search": self.search}, ensure_ascii=False).encode("utf-8")
        packed = zlib.compress(head, _LEVEL)
        return f"{len(packed)}\n".encode("ascii") + packed + self.html

    @classmethod
    def unpack(cls, payload: bytes) -> _Entry | None:
        try:
            size, _, rest = payload.partition(b"\n")
            length = int(size)
            data = json.loads(zlib.decompress(rest[:length]))
            logs = [(str(n), int(lv), str(m)) for n, lv, m in data["logs"]]
            return cls(str(data["content"]), list(data["toc"]), data["title"],
                       [str(a) for a in data["anchors"]], dict(data["links"]), logs,
                       str(data["page_key"]), rest[length:], str(data["search_key"]),
                       list(data["search"]))
        except (ValueError, KeyError, TypeError, zlib.error):
            return None


@dataclass
class _PageState:
    content_key: str
    entry: _Entry | None = None  # the cached entry (content reused) or the one being made
    logs: list[tuple[str, int, str]] = field(default_factory=list)
    markdown: str = ""
    page_key: str = ""
    meta: str = ""  # the page's meta as JSON, as it was before its template was changed
    html_hit: bool = False
    changed: bool = False  # the entry must be written
    template: object = _NO_TEMPLATE  # the page's own `template` meta, put back after rendering


class _Recorder(logging.Handler):
    """Collects the log records emitted while one page's Markdown is converted."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.target: list[tuple[str, int, str]] | None = None
        self._last: logging.LogRecord | None = None
        self._thread: int | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is None or record is self._last or record.thread != self._thread:
            return  # not converting, just seen through the other logger, or another thread's
        self._last = record
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message
            self.handleError(record)
            return
        self.target.append((record.name, record.levelno, message))

    def start(self, target: list[tuple[str, int, str]]) -> None:
        self.target = target
        self._last = None
        self._thread = threading.get_ident()

    def stop(self) -> None:
        self.target = None
        self._last = None


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """PageCachePlugin takes its settings in Python, not from mkdocs.yml."""


class PageCachePlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Reuse each page's Markdown conversion, search entries and final HTML (see the module).

    `settings` is the generated mkdocs.yml without its navigation (what converting a page may
    depend on; the navigation as built is added to the page key); `blobs` the store."""

    def __init__(self, settings: str, blobs: cache.BlobStore) -> None:
        self.settings = settings
        self.blobs = blobs
        self.stats = Stats()
        self._site = ""
        self._nav: Navigation | None = None
        self._pages: dict[str, _PageState] = {}
        self._recorder = _Recorder()
        self._index: Any = None  # Material's search index, while its method is wrapped

    # ------------------------------------------------------------------ the build's keys

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.stats = Stats()
        self._pages = {}
        for name in ("mkdocs", ""):
            logging.getLogger(name).addHandler(self._recorder)
        self._wrap_search(config)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        """The key of what every page's conversion depends on besides its own source."""
        self._nav = nav
        listing = sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files)
        self._site = cache.key(FORMAT, _versions(), self.settings,
                               repr(config.site_url), repr(config.use_directory_urls),
                               json.dumps(listing, ensure_ascii=False))

    # ------------------------------------------------------------------ Markdown conversion

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        state = _PageState(cache.key(self._site, page.file.src_uri, _json(page.meta), markdown))
        self._pages[page.file.src_uri] = state
        state.markdown = markdown
        entry = self._get(state.content_key)
        if entry is not None:
            state.entry = entry
            vars(page)["render"] = _no_render(page)  # on_page_content puts the results back
            return None
        self._recorder.start(state.logs)
        return None

    @event_priority(-100)  # after any other plugin's change to the content
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        self._recorder.stop()
        state = self._pages.get(page.file.src_uri)
        if state is None:
            return None
        entry = state.entry
        if entry is None:  # converted now: keep the results
            self.stats.converted += 1
            state.entry = _Entry(
                html, _toc_tokens(page.toc), page._title_from_render,
                sorted(page.present_anchor_ids or ()),
                {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()},
                state.logs)
            state.changed = True
            return None
        self.stats.content_reused += 1
        vars(page).pop("render", None)
        for name, level, message in entry.logs:
            logging.getLogger(name).log(level, message)
        page.markdown = state.markdown
        page.toc = get_toc(entry.toc)  # type: ignore[arg-type]
        page._title_from_render = entry.title
        page.present_anchor_ids = set(entry.anchors)
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            links = {}
            for uri, anchors in entry.links.items():
                target = files.get_file_from_path(uri)
                if target is not None:
                    links[target] = dict(anchors)
            page.links_to_anchors = links
        return entry.content

    # ------------------------------------------------------------------ templates

    def on_env(self, env: Environment, /, *, config: MkDocsConfig,
               files: Files) -> Environment | None:
        """Decide which pages keep their final HTML: every page is converted by now, so the
        titles, URLs and meta of all of them (what the navigation shows) are known."""
        site = cache.key(self._site, _navigation(self._nav), _every_page(files))
        for page in _pages(files):
            state = self._pages.get(page.file.src_uri)
            if state is None or state.entry is None:
                continue
            state.page_key = cache.key(site, state.content_key)
            state.meta = _json(page.meta)  # before the template is changed below
            if state.entry.page_key == state.page_key and state.entry.html:
                state.html_hit = True
                state.template = page.meta.get("template", _NO_TEMPLATE)
                page.meta["template"] = CACHED_TEMPLATE
        env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: ""}), *_loaders(env)])
        return env

    def _wrap_search(self, config: MkDocsConfig) -> None:
        """Let Material's search index take a page's entries from the cache."""
        for plugin in config.plugins.values():
            index: Any = getattr(plugin, "search_index", None)
            if type(plugin).__module__ == "material.plugins.search.plugin" and isinstance(
                    getattr(index, "entries", None), list):
                index.add_entry_from_context = _SearchEntries(self, index)
                self._index = index
                return

    def search_entries(self, index: Any, original: Any, page: Page) -> None:
        """Add `page`'s entries to Material's search `index`: the cached ones when the page's
        content, URL, title and meta are those they were made from, else by `original`."""
        state = self._pages.get(page.file.src_uri)
        if state is None or state.entry is None:
            original(page)
            return
        entry = state.entry
        key = cache.key(state.content_key, page.url, str(page.title), state.meta)
        if entry.search_key == key:
            index.entries.extend(json.loads(json.dumps(entry.search)))
            return
        before = len(index.entries)
        original(page)
        entry.search = json.loads(json.dumps(index.entries[before:]))
        entry.search_key = key
        state.changed = True

    @event_priority(-100)  # last: the HTML as every other plugin left it
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        state = self._pages.get(page.file.src_uri)
        if state is None or state.entry is None or not state.page_key:
            return None
        entry, state.entry = state.entry, None
        result: str | None = None
        if state.html_hit:
            if state.template is _NO_TEMPLATE:
                page.meta.pop("template", None)
            else:
                page.meta["template"] = state.template
            self.stats.html_reused += 1
            result = zlib.decompress(entry.html).decode("utf-8")
        else:
            self.stats.rendered += 1
            entry.page_key = state.page_key
            entry.html = zlib.compress(output.encode("utf-8"), _LEVEL)
            state.changed = True
        if state.changed:
            self.blobs.put(state.content_key, entry.pack())
        return result

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop()

    def _stop(self) -> None:
        self._recorder.stop()
        for name in ("mkdocs", ""):
            logging.getLogger(name).removeHandler(self._recorder)
        if self._index is not None:
            vars(self._index).pop("add_entry_from_context", None)
            self._index = None
        self._pages = {}
        self._nav = None

    def _get(self, content_key: str) -> _Entry | None:
        payload = self.blobs.get(content_key)
        return None if payload is None else _Entry.unpack(payload)


class _SearchEntries:
    """Stands in for the search index's `add_entry_from_context` (see `search_entries`)."""

    def __init__(self, plugin: PageCachePlugin, index: Any) -> None:
        self.plugin = plugin
        self.index = index
        self.original = index.add_entry_from_context

    def __call__(self, page: Page) -> None:
        self.plugin.search_entries(self.index, self.original, page)


def _json(meta: Any) -> str:
    return json.dumps(meta, sort_keys=True, ensure_ascii=False, default=repr)


def _no_render(page: Page) -> Any:
    """A stand-in for `page.render` on a page whose conversion comes from the cache."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""

    return render


def _loaders(env: Environment) -> Iterator[Any]:
    if env.loader is not None:
        yield env.loader


def _versions() -> str:
    parts = [sys.version]
    from vpcdocs.fingerprint import package_digest

    parts.append(package_digest())
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return "\n".join(parts)


def _toc_tokens(toc: Any) -> list[dict[str, Any]]:
    def token(link: AnchorLink) -> dict[str, Any]:
        return {"level": link.level, "id": link.id, "name": link.title,
                "children": [token(c) for c in link.children]}

    return [token(link) for link in toc]


def _pages(files: Files) -> Iterator[Page]:
    for file in files.documentation_pages():
        if file.page is not None:
            yield file.page


def _every_page(files: Files) -> str:
    """Every page as other pages' templates may show it: title, URL, meta."""
    rows = [(p.file.src_uri, p.url, p.title, _json(p.meta)) for p in _pages(files)]
    return json.dumps(rows, ensure_ascii=False)


def _navigation(nav: Navigation | None) -> str:
    """The navigation as built (sections, pages and links with their titles, in order)."""
    if nav is None:
        return "no navigation"

    def item(node: Any) -> Any:
        if isinstance(node, Section):
            return ["section", node.title, [item(c) for c in node.children]]
        if isinstance(node, Link):
            return ["link", node.title, node.url]
        if isinstance(node, Page):
            return ["page", node.title, node.url, node.file.src_uri]
        return ["other", repr(node)]

    return json.dumps([item(n) for n in nav.items], ensure_ascii=False)
