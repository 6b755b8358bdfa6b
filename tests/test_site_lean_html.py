"""The navigation of built pages without its indentation (vpcdocs.site.lean_html)."""

from __future__ import annotations

import re

from vpcdocs.site.lean_html import collapse_navigation

PAGE = """<html><body>
<pre>  keep
     this   </pre>
<nav class="md-nav md-nav--primary" aria-label="Navigation">
  <ul class="md-nav__list">

      <li class="md-nav__item">
        <a href="../" class="md-nav__link">
          <span class="md-ellipsis">
            Flows (100)
          </span>
        </a>
      </li>
  </ul>
</nav>
<div class="md-content">
<pre><code>  code
    stays   as it is
</code></pre>
</div></body></html>
"""


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_the_navigation_loses_its_indentation_and_reads_the_same() -> None:
    lean = collapse_navigation(PAGE)
    assert len(lean) < len(PAGE)
    assert _text(lean) == _text(PAGE)  # the same words, tags and spaces as a browser sees them
    assert '<li class="md-nav__item">\n<a href="../" class="md-nav__link">\n<span' in lean
    assert "\nFlows (100)\n</span>" in lean
    # before the navigation and in the content, nothing changes (code blocks keep their spaces)
    assert lean.startswith("<html><body>\n<pre>  keep\n     this   </pre>\n")
    assert lean.endswith(PAGE[PAGE.index('<div class="md-content">'):])


def test_pages_without_that_navigation_are_left_alone() -> None:
    assert collapse_navigation("<p>\n\n  x\n</p>") == "<p>\n\n  x\n</p>"
    no_end = PAGE.replace('<div class="md-content">', "<div>")
    assert collapse_navigation(no_end) == no_end
    odd = PAGE.replace("<ul", "<pre>  x\n\n</pre><ul", 1)  # not what Material writes there
    assert collapse_navigation(odd) == odd
