"""Build the MkDocs Material site from generated pages and swap it into place atomically.

`build_site` writes the pages into a hidden temporary workspace beside the site folder (always
removed afterwards), runs MkDocs programmatically into that workspace, marks the result with a
`.vpcdocs-site` file and only then swaps it in: the old site is renamed aside, the new one renamed
in, the old one removed. A site folder that vpcdocs did not create is never replaced or deleted
(an empty folder may be adopted). With the user's `mkdocs.yml`, the pages join their docs as
generated files; nothing is written into their docs_dir.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # before Material is imported

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from vpcdocs.site.inject import PagesPlugin, prefixed
from vpcdocs.site.mkdocs_config import NavItem, config_text, generated_config
from vpcdocs.write import TEMP_PREFIX

MARKER_NAME = ".vpcdocs-site"
MARKER_TEXT = b"This folder was built by vpcdocs; `vpcdocs build` replaces it as a whole.\n"
DEFAULT_SITE_NAME = "Network documentation"


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


@dataclass(frozen=True)
class SiteOptions:
    """How to configure MkDocs; shared by `build_site` and the live preview."""

    user_config: Path | None = None
    strict: bool = False
    site_name: str = DEFAULT_SITE_NAME
    nav: Sequence[NavItem] | None = None
    site_url: str | None = None
    prefix: str = ""


SiteState = Literal["absent", "empty", "ours"]


def site_dir_state(site_dir: Path) -> SiteState:
    """Whether `site_dir` may be (re)placed; raises `SiteOwnershipError` when it may not."""
    try:
        st = os.lstat(site_dir)
    except FileNotFoundError:
        return "absent"
    if stat.S_ISLNK(st.st_mode):
        raise SiteOwnershipError(f"{site_dir}: is a symbolic link; refusing to replace it")
    if not stat.S_ISDIR(st.st_mode):
        raise SiteOwnershipError(f"{site_dir}: exists and is not a folder; refusing to replace it")
    entries = os.listdir(site_dir)
    if not entries:
        return "empty"
    if MARKER_NAME in entries and stat.S_ISREG(os.lstat(site_dir / MARKER_NAME).st_mode):
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
) -> SiteResult:
    """Build `pages` (relative path -> bytes: Markdown pages and assets) into `site_dir`.

    Without `user_config`, vpcdocs' own Material config is used (`site_name`, `nav`,
    `site_url`). With it, that `mkdocs.yml` is loaded as is (its nav, theme, plugins) and the
    pages are added under `prefix`; its `site_dir` is ignored in favour of `site_dir`. `strict`
    turns MkDocs warnings (broken links, missing images) into a `SiteBuildError`; with a user
    config, `strict=False` leaves their own `strict:` setting in force.

    Raises `SiteOwnershipError` (before doing anything) if `site_dir` is not ours to replace,
    `SiteBuildError` for MkDocs configuration or strict-mode problems, `UnsafePathError` (a
    ValueError) for an unsafe page path. On any error the previous site is left as it was.
    """
    options = SiteOptions(user_config, strict, site_name, nav, site_url, prefix)
    started = time.perf_counter()
    target = Path(os.path.abspath(site_dir))
    site_dir_state(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    workspace = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{target.name}-", dir=target.parent))
    try:
        built = workspace / "site"
        warnings: list[str] = []
        count, _ = build_into(pages, workspace, built, options, warnings)
        (built / MARKER_NAME).write_bytes(MARKER_TEXT)
        site_dir_state(target)  # again: it may have changed while MkDocs ran
        _swap_in(built, target, workspace / "old")
        return SiteResult(target, count, tuple(warnings), time.perf_counter() - started)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


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
    for path, content in placed.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(content)
    docs.mkdir(parents=True, exist_ok=True)
    with capture_mkdocs_log(warnings):
        config = _load_config(workspace, docs, built, options, pages)
        if serve_url is not None:
            config.site_url = serve_url
        _run(config, warnings, serve_url)
    return len(placed), config


def _load_config(
    workspace: Path, docs: Path, built: Path, options: SiteOptions, pages: Mapping[str, bytes]
) -> MkDocsConfig:
    if options.user_config is None:
        cfg_file = workspace / "mkdocs.yml"
        cfg = generated_config(options.site_name, nav=options.nav, site_url=options.site_url)
        cfg_file.write_text(config_text(cfg), encoding="utf-8")
        return _load(cfg_file, built, strict=options.strict)
    config = _load(options.user_config, built, strict=True if options.strict else None)
    _refuse_double_plugin(config, options.user_config)
    config.plugins["vpcdocs-pages"] = PagesPlugin(pages, prefix=options.prefix, backing_dir=docs)
    return config


def _load(cfg_file: Path, built: Path, *, strict: bool | None) -> MkDocsConfig:
    try:
        return load_config(str(cfg_file), site_dir=str(built), strict=strict)
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
    """Put `built` at `target`; an existing `target` is first renamed to `aside` (same folder
    as `built`, removed by the caller). If renaming `built` in fails, the old site goes back."""
    if not os.path.lexists(target):
        os.rename(built, target)
        return
    os.rename(target, aside)
    try:
        os.rename(built, target)
    except OSError:
        os.rename(aside, target)
        raise
