"""Adding generated pages to an MkDocs build without writing them into the user's docs_dir.

Both the `vpcdocs` MkDocs plugin and `vpcdocs build` with a user's `mkdocs.yml` go through
`add_pages`, which turns `{relative_path: bytes}` into MkDocs 1.6 generated `File`s (in memory,
or backed by files in a private temporary folder) under an optional prefix folder. A generated
page that would hide one of the user's files is an error, never a silent replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
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
