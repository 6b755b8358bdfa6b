"""Test oracle for hostile links: what a browser would follow, load or run in an HTML fragment,
judged without vpcdocs' own rule (vpcdocs/render/markdown/links.py), so the two can disagree.

Attribute values are decoded as the HTML parser decodes them (`html.parser` with
`convert_charrefs`, which decodes references with or without the semicolon) and the scheme is
read as the WHATWG URL parser reads it (`urllib.parse.urlsplit`: leading C0 controls and spaces
stripped, tabs and newlines removed anywhere, then `scheme ":"` with an ASCII letter first).
Not a test module.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown as md_lib

from vpcdocs.site.mkdocs_config import MARKDOWN_EXTENSIONS

#: The schemes a link may have ("" is a relative link).
ALLOWED_SCHEMES = frozenset({"", "http", "https", "mailto"})
#: Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite",
    "ping", "codebase", "manifest", "lowsrc", "dynsrc", "longdesc", "usemap", "icon", "itemtype",
})
#: Elements that run script, load a document or change how the rest is parsed, whatever their
#: attributes (`object` and `embed` are judged by their URL: vpcdocs shows diagrams in them).
SCRIPT_ELEMENTS = frozenset({
    "script", "iframe", "frame", "applet", "base", "meta", "link", "form", "svg", "math",
    "style", "template", "noscript", "xmp", "plaintext",
})

_NAMES = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
_CONFIGS = {k: dict(v) for e in MARKDOWN_EXTENSIONS if not isinstance(e, str) for k, v in e.items()}


def render(markdown_text: str, *, footnotes: bool = True) -> str:
    """Markdown to HTML as MkDocs renders a generated page (its config's extensions); with
    `footnotes=False`, as a site without the footnotes extension does (the plugin inside a
    user's MkDocs project)."""
    names = [*_NAMES, "fenced_code"]
    if not footnotes:
        names.remove("footnotes")
    return str(md_lib.markdown(markdown_text, extensions=names, extension_configs=_CONFIGS))


def scheme(url: str) -> str:
    """The scheme a browser reads in `url` (an attribute value, already decoded), lower case,
    or "" for a relative reference."""
    return urlsplit(url).scheme


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_ELEMENTS:
            self.bad.append(f"<{tag}>")
        for key, value in attrs:
            value = value or ""
            if key.startswith("on") or key == "srcdoc":
                self.bad.append(f"<{tag} {key}={value!r}>")
            elif key == "srcset":
                for candidate in value.split(","):
                    self._url(tag, key, candidate.strip().split(" ")[0])
            elif key in URL_ATTRIBUTES:
                self._url(tag, key, value)

    handle_startendtag = handle_starttag

    def _url(self, tag: str, key: str, value: str) -> None:
        self.urls.append((tag, key, value))
        if scheme(value) not in ALLOWED_SCHEMES:
            self.bad.append(f"<{tag} {key}={value!r}> (scheme {scheme(value)!r})")


def urls(fragment: str) -> list[tuple[str, str, str]]:
    """Every (element, attribute, decoded URL) of an HTML fragment."""
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return collector.urls


def problems(fragment: str) -> list[str]:
    """What in an HTML fragment could run script or leave for a refused scheme: a URL attribute
    whose decoded scheme is not allowed, an event handler or `srcdoc`, or an element from
    SCRIPT_ELEMENTS. Empty when the fragment is safe."""
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return collector.bad
