"""Adding generated pages to an MkDocs build without writing them into the user's docs_dir.

Both the `vpcdocs` MkDocs plugin and `vpcdocs build` with a user's `mkdocs.yml` go through
`add_pages`, which turns `{relative_path: bytes}` into MkDocs 1.6 generated `File`s (in memory,
or backed by files in a private temporary folder) under an optional prefix folder. A generated
page that would hide one of the user's files is an error, never a silent replacement.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from vpcdocs.site.diagram_assets import link_assets
from vpcdocs.write import UnsafePathError, validate_paths, validate_relpath


def normalise_prefix(prefix: str) -> str:
    """`"network"`, `"/network/"` -> `"network/"`; `""` or `"/"` -> `""`. Raises ValueError."""
    stripped = prefix.strip("/")
    if not stripped:
        return ""
    validate_relpath(stripped)
    return stripped + "/"


def prefixed(pages: Mapping[str, bytes], prefix: str) -> dict[str, bytes]:
    """`pages` with `prefix` put in front of every path, all paths validated, sorted."""
    folder = normalise_prefix(prefix)
    result = {folder + path: pages[path] for path in sorted(pages)}
    validate_paths(result)
    return result


def add_pages(
    files: Files,
    config: MkDocsConfig,
    pages: Mapping[str, bytes],
    *,
    prefix: str = "",
    backing_dir: Path | None = None,
) -> Files:
    """Add `pages` (under `prefix`) to `files` as generated files; return `files`.

    With `backing_dir` None the files live in memory (`File.generated(..., content=...)`); else
    each page must already exist at `backing_dir / <prefixed path>` and is read from there (some
    third-party plugins want a real `abs_src_path`). Raises `PluginError` for an unsafe path or a
    page whose path is already taken by a file of the user's docs.
    """
    try:
        placed = prefixed(pages, prefix)
    except UnsafePathError as exc:
        raise PluginError(f"vpcdocs: {exc}") from exc
    taken = sorted(path for path in placed if files.get_file_from_path(path) is not None)
    if taken:
        raise PluginError(
            "vpcdocs: these generated pages would replace files of your docs_dir "
            f"({config.docs_dir}): {', '.join(taken)}; rename or move those files, or set "
            "another prefix"
        )
    for path, content in placed.items():
        if backing_dir is None:
            file = File.generated(config, path, content=content)
        else:
            file = File.generated(config, path, abs_src_path=str(backing_dir / path))
        files.append(file)
    return files


def walk_order(paths: Iterable[str]) -> list[str]:
    """`paths` in the order MkDocs' `get_files` finds them in a docs folder (`os.walk` top
    down: a folder's files, `index`/`README` first, then its subfolders, each sorted), which
    decides the order of the pages in the search index and the sitemap."""

    def sort_key(path: str) -> tuple[tuple[int, str], ...]:
        *folders, name = path.split("/")
        first = posixpath.splitext(name)[0] in ("index", "README")
        return (*((1, f) for f in folders), (0, ""), (0 if first else 1, name))

    return sorted(paths, key=sort_key)


def in_memory_files(config: MkDocsConfig, pages: Mapping[str, bytes]) -> list[File]:
    """`pages` as MkDocs generated files held in memory, in `walk_order`, each as MkDocs would
    read it from the docs folder: Markdown decoded as UTF-8 (a leading BOM dropped) with
    universal newlines, as `File.content_string` reads a file; anything else as bytes, copied
    as is. Markdown that is not UTF-8 stays bytes, so MkDocs reports it as it would."""
    files = []
    for path in walk_order(pages):
        content: str | bytes = pages[path]
        if path.endswith(".md"):
            try:
                text = pages[path].decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
            else:
                content = text.replace("\r\n", "\n").replace("\r", "\n")
        files.append(File.generated(config, path, content=content))
    return files


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """PagesPlugin takes its settings in Python, not from mkdocs.yml."""


class PagesPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """An internal plugin that adds one fixed page set; `vpcdocs build` registers it itself."""

    def __init__(
        self, pages: Mapping[str, bytes], *, prefix: str = "", backing_dir: Path | None = None
    ) -> None:
        self.pages = dict(pages)
        self.prefix = prefix
        self.backing_dir = backing_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        link_assets(config, self.pages, normalise_prefix(self.prefix))
        return None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        return add_pages(
            files, config, self.pages, prefix=self.prefix, backing_dir=self.backing_dir
        )


class DocsPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """An internal plugin that makes `pages` the whole docs folder of a build with vpcdocs'
    generated configuration, without writing them to disk (`in_memory_files`), placed before
    the theme's files as if they had been read from the (empty) docs folder."""

    def __init__(self, pages: Mapping[str, bytes]) -> None:
        self.pages = dict(pages)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        return Files([*in_memory_files(config, self.pages), *files])
