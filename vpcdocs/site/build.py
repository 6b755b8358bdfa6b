"""Build the MkDocs Material site from generated pages and swap it into place atomically.

`build_site` locks the site folder (`vpcdocs.fs.lock`: a second build waits, then fails), removes
the build folders that killed builds of this site left beside it, writes the pages into a new
hidden workspace beside the site folder (always removed afterwards), runs MkDocs programmatically
into that workspace, marks the result with a `.vpcdocs-site` file, carries over the files the user
keeps in the site (`keep`: CNAME, .nojekyll) and only then swaps it in, in one atomic exchange
where the system offers one (else: old site aside, new one in). A site folder that vpcdocs did
not create is never replaced or deleted (an empty folder may be adopted). With the user's
`mkdocs.yml`, the pages join their docs as generated files; nothing is written into their
docs_dir. Every filesystem failure is a `SiteError` naming the path and the cause, and leaves
the previous site as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from vpcdocs.fs import temps
from vpcdocs.fs.lock import LockBusy, folder_lock
from vpcdocs.fs.oserror import describe
from vpcdocs.fs.swap import exchange
from vpcdocs.render import cache
from vpcdocs.site.diagram_assets import SCRIPTS, STYLESHEETS
from vpcdocs.site.inject import DocsPlugin, PagesPlugin, prefixed
from vpcdocs.site.lean_html import LeanHtmlPlugin
from vpcdocs.site.mkdocs_config import (
    TABLES_JS,
    NavItem,
    config_text,
    generated_config,
    tables_js,
)
from vpcdocs.site.page_cache import PageCachePlugin
from vpcdocs.site.unchanged import link_unchanged
from vpcdocs.write import validate_relpath

MARKER_NAME = ".vpcdocs-site"
MARKER_TEXT = b"This folder was built by vpcdocs; `vpcdocs build` replaces it as a whole.\n"
DEFAULT_SITE_NAME = "Network documentation"
DEFAULT_KEEP = ("CNAME", ".nojekyll")
PAGE_CACHE_PLUGIN = "vpcdocs-page-cache"


class SiteError(Exception):
    """A site could not be built or put in place; `str()` is the message for the user."""


class SiteOwnershipError(SiteError):
    """The site folder exists and was not created by vpcdocs; nothing was touched."""


class SiteBuildError(SiteError):
    """MkDocs refused the configuration or (in strict mode) found problems."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        self.problems = tuple(problems)
        super().__init__(message + "".join(f"\n  {p}" for p in self.problems))


@dataclass(frozen=True)
class SiteResult:
    site_dir: Path
    files: int  # generated files put into the site (pages and assets)
    warnings: tuple[str, ...]  # MkDocs warnings and errors, in the order logged
    seconds: float
    kept: tuple[str, ...] = ()  # files carried over from the previous site (`keep`)
    orphans_removed: tuple[Path, ...] = ()  # build folders of killed builds, removed
    reused: int = 0  # pages whose HTML came from the page cache (`vpcdocs.site.page_cache`)


@dataclass(frozen=True)
class SiteOptions:
    """How to configure MkDocs; shared by `build_site` and the live preview."""

    user_config: Path | None = None
    strict: bool = False
    site_name: str = DEFAULT_SITE_NAME
    nav: Sequence[NavItem] | None = None
    site_url: str | None = None
    prefix: str = ""
    large: bool = False  # a grouped site: pruned navigation, sortable tables (generated config)


SiteState = Literal["absent", "empty", "ours"]


def site_dir_state(site_dir: Path) -> SiteState:
    """Whether `site_dir` may be (re)placed; raises `SiteOwnershipError` when it may not."""
    try:
        st = os.lstat(site_dir)
    except FileNotFoundError:
        return "absent"
    except OSError as exc:
        raise SiteError(describe(site_dir, "use the site folder", exc)) from None
    if stat.S_ISLNK(st.st_mode):
        raise SiteOwnershipError(f"{site_dir}: is a symbolic link; refusing to replace it")
    if not stat.S_ISDIR(st.st_mode):
        raise SiteOwnershipError(f"{site_dir}: exists and is not a folder; refusing to replace it")
    try:
        entries = os.listdir(site_dir)
        marked = MARKER_NAME in entries and stat.S_ISREG(os.lstat(site_dir / MARKER_NAME).st_mode)
    except OSError as exc:
        raise SiteError(describe(site_dir, "read the site folder", exc)) from None
    if not entries:
        return "empty"
    if marked:
        return "ours"
    raise SiteOwnershipError(
        f"{site_dir}: this folder exists and was not built by vpcdocs (it has no {MARKER_NAME} "
        "file); refusing to replace or delete it. Choose another site folder, or move this one "
        "away yourself."
    )


def build_site(
    pages: Mapping[str, bytes],
    site_dir: Path | str,
    *,
    user_config: Path | None = None,
    strict: bool = False,
    site_name: str = DEFAULT_SITE_NAME,
    nav: Sequence[NavItem] | None = None,
    site_url: str | None = None,
    prefix: str = "",
    keep: Sequence[str] = DEFAULT_KEEP,
    lock_timeout: float | None = None,
    large: bool = False,
) -> SiteResult:
    """Build `pages` (relative path -> bytes: Markdown pages and assets) into `site_dir`.

    Without `user_config`, vpcdocs' own Material config is used (`site_name`, `nav`,
    `site_url`). With it, that `mkdocs.yml` is loaded as is (its nav, theme, plugins) and the
    pages are added under `prefix`; its `site_dir` is ignored in favour of `site_dir`. `strict`
    turns MkDocs warnings (broken links, missing images) into a `SiteBuildError`; with a user
    config, `strict=False` leaves their own `strict:` setting in force. `keep` lists paths in
    the site (files or folders) that a rebuild carries over from the previous site when the new
    build does not make them itself.

    Raises `SiteOwnershipError` (before doing anything) if `site_dir` is not ours to replace,
    `SiteBuildError` for MkDocs configuration or strict-mode problems, `SiteError` when another
    build holds the site's lock or the filesystem fails, `UnsafePathError` (a ValueError) for an
    unsafe page path. On any error the previous site is left as it was.
    """
    options = SiteOptions(user_config, strict, site_name, nav, site_url, prefix, large)
    started = time.perf_counter()
    target = Path(os.path.abspath(site_dir))
    for path in keep:
        validate_relpath(path)
    made = site_dir_state(target) == "absent"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SiteError(describe(target.parent, "create the folder", exc)) from None
    try:
        with folder_lock(target, create=True, timeout=lock_timeout) as held:
            try:
                return _build_locked(pages, target, options, keep, held, started)
            finally:
                if made:
                    with contextlib.suppress(OSError):
                        target.rmdir()  # the empty folder made to lock; a built site stays
    except LockBusy as exc:
        raise SiteError(str(exc)) from None
    except OSError as exc:  # making or opening the site folder to lock it
        raise SiteError(describe(target, "create the site folder", exc)) from None


def _build_locked(
    pages: Mapping[str, bytes],
    target: Path,
    options: SiteOptions,
    keep: Sequence[str],
    held: bool,
    started: float,
) -> SiteResult:
    site_dir_state(target)  # again, now that no other build can change it
    stem = f"{target.name}-"
    cleanup = temps.remove_orphans(target.parent, stem=stem, kind="dir", folder_locked=held)
    try:
        fd, workspace = temps.create_dir(target.parent, stem=stem)
    except OSError as exc:
        raise SiteError(_unchanged(describe(target, "build the site", exc))) from None
    action = "build the site"
    try:
        built = workspace / "site"
        warnings: list[str] = []
        count, config = build_into(pages, workspace, built, options, warnings)
        (built / MARKER_NAME).write_bytes(MARKER_TEXT)
        action = "carry over the kept files"
        kept = _carry_over(target, built, keep)
        if site_dir_state(target) == "ours":
            link_unchanged(target, built)  # deleting the old site then frees only what changed
        action = "replace the site"
        _swap_in(built, target, workspace / "old")
        return SiteResult(target, count, tuple(warnings), time.perf_counter() - started,
                          kept=kept, orphans_removed=tuple(cleanup.removed),
                          reused=_reused(config))
    except OSError as exc:
        raise SiteError(_unchanged(describe(_path_of(exc, target), action, exc))) from None
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
        os.close(fd)


def _reused(config: MkDocsConfig) -> int:
    plugin = config.plugins.get(PAGE_CACHE_PLUGIN)
    return plugin.stats.html_reused if isinstance(plugin, PageCachePlugin) else 0


def _unchanged(message: str) -> str:
    return f"{message} (the previous site is unchanged)"


def _path_of(exc: OSError, fallback: Path) -> Path:
    """The file an `OSError` is about when it is one of the user's (a kept file, the user's
    MkDocs project), else `fallback`: vpcdocs' build folder means nothing to the user."""
    name = exc.filename
    if isinstance(name, str) and temps.MARKER not in name:
        return Path(name)
    return fallback


def _carry_over(old_site: Path, built: Path, keep: Sequence[str]) -> tuple[str, ...]:
    """Copy each `keep` path from the old site into the new one when the new one lacks it.
    Links are copied as links, never followed."""
    if not keep or site_dir_state(old_site) != "ours":
        return ()
    carried: list[str] = []
    for path in keep:
        source = old_site / path
        dest = built / path
        if not os.path.lexists(source) or os.path.lexists(dest):
            continue
        if _outside(old_site, source):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, dest, symlinks=True)
        else:
            shutil.copy2(source, dest, follow_symlinks=False)
        carried.append(path)
    return tuple(carried)


def _outside(root: Path, path: Path) -> bool:
    """Whether a folder on the way from `root` to `path` is a link (so `path` may be elsewhere)."""
    current = root
    for part in path.relative_to(root).parts[:-1]:
        current = current / part
        if current.is_symlink() or not current.is_dir():
            return True
    return False


def build_into(
    pages: Mapping[str, bytes],
    workspace: Path,
    built: Path,
    options: SiteOptions,
    warnings: list[str],
    *,
    serve_url: str | None = None,
) -> tuple[int, MkDocsConfig]:
    """Write the pages under `workspace/docs` and run MkDocs into `built`; return the number of
    generated files and the config used. Shared by `build_site` and the live preview (which
    passes `serve_url`). MkDocs' warnings are appended to `warnings`."""
    docs = workspace / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    placed = prefixed(pages, options.prefix)
    if options.large and options.user_config is None:
        placed = {**placed, TABLES_JS: tables_js()}
    # `vpcdocs build` with the generated config: the pages stay in memory (DocsPlugin), saving
    # writing, copying and deleting the whole docs folder; the preview and a user's MkDocs
    # project (whose plugins may want real files) get them on disk
    in_memory = options.user_config is None and serve_url is None
    if not in_memory:
        for path, content in placed.items():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_bytes(content)
    docs.mkdir(parents=True, exist_ok=True)
    with capture_mkdocs_log(warnings):
        config = _load_config(workspace, docs, built, options, pages, page_cache=in_memory)
        if in_memory:
            config.plugins["vpcdocs-docs"] = DocsPlugin(placed)
        if serve_url is not None:
            config.site_url = serve_url
        _run(config, warnings, serve_url)
    return len(placed), config


def _load_config(
    workspace: Path, docs: Path, built: Path, options: SiteOptions, pages: Mapping[str, bytes],
    *, page_cache: bool = False,
) -> MkDocsConfig:
    """The MkDocs config; with vpcdocs' generated one and `page_cache`, the page cache plugin
    (`vpcdocs.site.page_cache`: only there are all the plugins known) in its cache folder."""
    cache_plugin: PageCachePlugin | None = None
    if options.user_config is None:
        cfg_file = workspace / "mkdocs.yml"
        diagrams = all(path in pages for path in (*STYLESHEETS, *SCRIPTS))
        cfg = generated_config(options.site_name, nav=options.nav, site_url=options.site_url,
                               large=options.large, diagrams=diagrams)
        # the navigation (a thousand entries on a large site) is handed over as data: MkDocs'
        # pure-Python YAML parser took a second to read it back
        settings = config_text({key: value for key, value in cfg.items() if key != "nav"})
        cfg_file.write_text(settings, encoding="utf-8")
        config = _load(cfg_file, built, strict=options.strict, nav=cfg.get("nav"))
        blobs = cache.store("pages") if page_cache else None
        if blobs is not None:
            cache_plugin = PageCachePlugin(settings, blobs)
    else:
        config = _load(options.user_config, built, strict=True if options.strict else None)
        _refuse_double_plugin(config, options.user_config)
        config.plugins["vpcdocs-pages"] = PagesPlugin(pages, prefix=options.prefix,
                                                      backing_dir=docs)
    config.plugins["vpcdocs-lean-html"] = LeanHtmlPlugin()  # navigation without indentation
    if cache_plugin is not None:
        config.plugins[PAGE_CACHE_PLUGIN] = cache_plugin
    return config


def _load(cfg_file: Path, built: Path, *, strict: bool | None, nav: Any = None) -> MkDocsConfig:
    try:
        return load_config(str(cfg_file), site_dir=str(built), strict=strict, nav=nav)
    except MkDocsException as exc:
        raise SiteBuildError(f"{cfg_file}: {exc.format_message()}") from exc


def _refuse_double_plugin(config: MkDocsConfig, user_config: Path) -> None:
    from vpcdocs.site.plugin import VpcdocsPlugin

    if any(isinstance(p, VpcdocsPlugin) for p in config.plugins.values()):
        raise SiteBuildError(
            f"{user_config}: enables the vpcdocs plugin, which adds the pages itself; run "
            "`mkdocs build` for that project, or remove the plugin to use `vpcdocs build`"
        )


def _run(config: MkDocsConfig, warnings: list[str], serve_url: str | None) -> None:
    """on_startup, build, on_shutdown, as `mkdocs build` does."""
    command: Literal["build", "serve"] = "build" if serve_url is None else "serve"
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config, serve_url=serve_url)
    except MkDocsException as exc:
        raise SiteBuildError(f"MkDocs: {exc.format_message()}", warnings) from exc
    finally:
        config.plugins.on_shutdown()


@contextlib.contextmanager
def capture_mkdocs_log(lines: list[str]) -> Iterator[list[str]]:
    """Collect MkDocs' warnings and errors (logger `mkdocs` and children) into `lines`."""
    handler = _ListHandler(lines)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


class _ListHandler(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def _swap_in(built: Path, target: Path, aside: Path) -> None:
    """Put `built` at `target`. An existing `target` is exchanged with `built` in one step where
    the system can, else renamed to `aside` (same folder as `built`, removed by the caller)
    first; if renaming `built` in then fails, the old site goes back."""
    if not os.path.lexists(target):
        os.rename(built, target)
        return
    if exchange(built, target):
        return  # the old site is now at `built`, inside the workspace
    os.rename(target, aside)
    try:
        os.rename(built, target)
    except OSError:
        os.rename(aside, target)
        raise
