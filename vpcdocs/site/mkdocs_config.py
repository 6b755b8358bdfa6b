"""The MkDocs configuration vpcdocs uses when the user has no `mkdocs.yml` of their own.

Material theme with a light/dark toggle, search, section navigation with index pages, and the
Markdown extensions Material documents (admonitions, tables, attribute lists, Markdown in HTML,
pymdownx). Web fonts are off so a site loads nothing from third parties and renders the same
offline. The config is plain data; `config_text` writes it as JSON, which is valid YAML and has no
Python tags for MkDocs' loader to resolve.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

from vpcdocs.site.diagram_assets import SCRIPTS, STYLESHEETS

# An MkDocs `nav` entry: "page.md", {"Title": "page.md"} or {"Section": [entries...]}.
NavItem: TypeAlias = "str | Mapping[str, str | Sequence[NavItem]]"

THEME_FEATURES: tuple[str, ...] = (
    "content.code.copy",
    "navigation.indexes",
    "navigation.sections",
    "navigation.top",
    "search.highlight",
    "search.suggest",
    "toc.follow",
)

#: Features of a large site's theme, besides THEME_FEATURES.
LARGE_FEATURES: tuple[str, ...] = ("navigation.prune",)
#: The script that makes the group pages' tables sortable and filterable (docs path).
TABLES_JS = "assets/vpcdocs-tables.js"


def tables_js() -> bytes:
    """The bytes of `TABLES_JS` (shipped in the package)."""
    from pathlib import Path

    return (Path(__file__).parent / "assets" / "vpcdocs-tables.js").read_bytes()


MARKDOWN_EXTENSIONS: tuple[str | dict[str, dict[str, Any]], ...] = (
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    {"pymdownx.highlight": {"anchor_linenums": True}},
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
)


def generated_config(
    site_name: str,
    *,
    nav: Sequence[NavItem] | None = None,
    site_url: str | None = None,
    docs_dir: str = "docs",
    large: bool = False,
    diagrams: bool = False,
) -> dict[str, Any]:
    """The config as a dict in a fixed key order (MkDocs keeps `nav` in the order given).

    `large` (a grouped site, `vpcdocs.render.markdown.groups.large_site`): the navigation is
    pruned to the current section (Material's `navigation.prune`: each page then carries only
    its own part of the navigation instead of all of it, which made MkDocs' time per page and
    each page's size grow with the number of pages) and the group pages' tables are made
    sortable and filterable by `TABLES_JS`."""
    config: dict[str, Any] = {"site_name": site_name}
    if site_url is not None:
        config["site_url"] = site_url
    config["docs_dir"] = docs_dir
    config["use_directory_urls"] = True
    config["theme"] = {
        "name": "material",
        "font": False,
        "features": sorted((*THEME_FEATURES, *LARGE_FEATURES)) if large else list(THEME_FEATURES),
        "palette": [
            {
                "media": "(prefers-color-scheme: light)",
                "scheme": "default",
                "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
            },
            {
                "media": "(prefers-color-scheme: dark)",
                "scheme": "slate",
                "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"},
            },
        ],
    }
    config["plugins"] = ["search"]
    if diagrams:
        # the pages' diagram stylesheet and zoom scripts (vpcdocs.site.diagram_assets)
        config["extra_css"] = list(STYLESHEETS)
        config["extra_javascript"] = list(SCRIPTS)
    config["markdown_extensions"] = [
        ext if isinstance(ext, str) else json.loads(json.dumps(ext)) for ext in MARKDOWN_EXTENSIONS
    ]
    if large:
        config["extra_javascript"] = [*config.get("extra_javascript", ()), TABLES_JS]
    config["validation"] = {"links": {"anchors": "warn"}}
    if nav is not None:
        config["nav"] = [_plain_nav(item) for item in nav]
    return config


def _plain_nav(item: NavItem) -> Any:
    if isinstance(item, str):
        return item
    result: dict[str, Any] = {}
    for title, value in item.items():
        result[title] = value if isinstance(value, str) else [_plain_nav(v) for v in value]
    return result


def config_text(config: Mapping[str, Any]) -> str:
    """`config` as mkdocs.yml text (JSON is YAML), deterministic, ending in a newline."""
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"
