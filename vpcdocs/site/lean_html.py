"""Leaner page HTML: the indentation Material's navigation templates leave, collapsed.

Material renders the whole (pruned) navigation into every page, and its Jinja templates leave
most of it as indentation and blank lines: on a 1,000-flow site ~30 KB of each ~55 KB page, a
third of the site's HTML. `collapse_navigation` turns every run of whitespace holding a line
break into one line break, only between the primary navigation's start and the page content's
start (the navigation and the table of contents: no `<pre>`, no `<textarea>`, no script or
attribute text with line breaks there). HTML collapses such runs to one space when it lays the
page out, so the page looks and reads the same. Any other page is returned unchanged.
`vpcdocs build` registers `LeanHtmlPlugin` to do it to every page it builds.
"""

from __future__ import annotations

import re
from typing import Any, Final

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

__all__ = ["LeanHtmlPlugin", "collapse_navigation"]

_START: Final = '<nav class="md-nav md-nav--primary"'
_END: Final = '<div class="md-content"'
_RUN: Final = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")


def collapse_navigation(html: str) -> str:
    """`html` with the whitespace of its navigation collapsed (see the module)."""
    start = html.find(_START)
    if start < 0:
        return html
    end = html.find(_END, start)
    if end < 0:
        return html
    region = html[start:end]
    if "<pre" in region or "<textarea" in region or "<script" in region:
        return html  # not what Material writes there: leave it alone
    return html[:start] + _RUN.sub("\n", region) + html[end:]


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """LeanHtmlPlugin has no settings."""


class LeanHtmlPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """An internal plugin that collapses each built page's navigation (`collapse_navigation`)."""

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str | None:
        return collapse_navigation(output)
