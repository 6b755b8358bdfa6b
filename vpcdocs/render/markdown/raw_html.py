"""Raw HTML in a description under `--allow-html`: kept, but rebuilt from an allowlist.

`--allow-html` lets a description use HTML that Markdown lacks (`<details>`, `<kbd>`, a table
with `colspan`, an image with a width). It must not let a description run script: every tag is
read the way the HTML tokenizer reads it (WHATWG "tag open" to "after attribute value" states),
then written again in one canonical form: only elements and attributes from the lists below,
URL attributes only when `links.allowed` accepts them, every value double-quoted with the
characters HTML or Markdown could read as syntax written as character references. A `<` that
does not start such a tag is text (`&lt;`); comments are dropped.

Why not a sanitizer library such as nh3 (ammonia)? It sanitises an HTML document or fragment:
it parses, auto-closes and re-serialises the whole text. A description is Markdown with HTML
tags in it (a `>` quote, `&` in code, an opening `<div>` here and its `</div>` three paragraphs
later), so the text cannot be given to it whole, and a lone tag given to it comes back closed or
dropped. Applied to the HTML after MkDocs, it would protect `build` but not the Markdown that
`generate` writes for others to render. Rebuilding each tag from an allowlist needs no agreement
with the browser about where a tag ends: whatever this reader takes as the rest of a tag is
text after the canonical tag it wrote, and every `<` in that text goes through here again.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcdocs.render.markdown.links import allowed

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_ELEMENTS", "MAX_TAG", "Tag", "TagReader", "tag_at"]

ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var", "wbr",
})
_GLOBAL = frozenset({"title", "lang", "dir", "class", "markdown"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite"}),
    "ins": frozenset({"cite"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

_SPACE = "\t\n\f\r "
_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# In a written value: quotes and angle brackets (HTML), and what Python-Markdown's inline
# patterns that run before it sets raw HTML aside would read (code, escapes, links).
_VALUE_REFS = {
    "&": "&",  # kept: the browser decodes the value as the user wrote it
    '"': "&quot;",
    "'": "&#39;",
    "<": "&lt;",
    ">": "&gt;",
    "`": "&#96;",
    "\\": "&#92;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "\n": "&#10;",
    "\r": "&#13;",
    "\t": "&#9;",
    "\x00": "\ufffd",
}


@dataclass(frozen=True)
class Tag:
    """A tag read at some `<`: its canonical text ("" for a dropped comment), the index just
    after it in the source, and whether the canonical form keeps every attribute written."""

    text: str
    end: int
    whole: bool = True


#: The longest tag read as a tag; a longer one is text. Real tags are short.
MAX_TAG = 1000


class TagReader:
    """Reads the tags of one text. It remembers the places where a tag's attributes led to no
    end (a quote never closed), which every later tag that reaches them shares, so a text of
    many unclosed tags (`<a x <a x … y='`) is read in time linear in its length."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._dead: set[int] = set()

    def tag_at(self, start: int) -> Tag | None:
        """The tag that starts at `source[start]` (a `<`), rebuilt safely; None when this `<`
        is to be shown as text (not a tag, an element not allowed, a tag never closed or
        longer than MAX_TAG characters)."""
        source = self.source
        limit = min(len(source), start + MAX_TAG)
        i = start + 1
        if source.startswith("!--", i):
            return _comment(source, start, limit)
        if source.find(">", i, limit) < 0:
            return None
        closing = i < limit and source[i] == "/"
        if closing:
            i += 1
        if i >= limit or source[i] not in _ALPHA:
            return None
        name_start = i
        while i < limit and source[i] not in _SPACE and source[i] not in "/>":
            i += 1
        name = source[name_start:i].lower()
        if name not in ALLOWED_ELEMENTS:
            return None
        attributes, end = self._attributes(i, limit)
        if end is None:
            return None
        if closing:
            return Tag(f"</{name}>", end)
        return _rebuilt(name, attributes, end)

    def _attributes(self, i: int, limit: int) -> tuple[list[tuple[str, str | None]], int | None]:
        """The attributes from `source[i]` to the tag's `>` as (lower-case name, value as
        written or None), and the index after the `>`; None for the index when there is none
        before `limit`."""
        source = self.source
        found: list[tuple[str, str | None]] = []
        passed: list[int] = []  # where the tokenizer is "before attribute name"
        while True:
            while i < limit and (source[i] in _SPACE or source[i] == "/"):
                i += 1
            if i in self._dead or i >= limit:
                self._dead.update(passed)
                return found, None
            passed.append(i)
            if source[i] == ">":
                return found, i + 1
            name_start = i
            i += 1  # the first character belongs to the name, even "=" (WHATWG)
            while i < limit and source[i] not in _SPACE and source[i] not in "/>=":
                i += 1
            key = source[name_start:i].lower()
            while i < limit and source[i] in _SPACE:
                i += 1
            if i >= limit or source[i] != "=":
                found.append((key, None))
                continue
            i += 1
            while i < limit and source[i] in _SPACE:
                i += 1
            if i >= limit:
                self._dead.update(passed)
                return found, None
            quote = source[i]
            if quote in "\"'":
                close = source.find(quote, i + 1, limit)
                if close < 0:
                    self._dead.update(passed)
                    return found, None
                found.append((key, source[i + 1:close]))
                i = close + 1
            elif quote == ">":
                found.append((key, ""))
            else:
                value_start = i
                while i < limit and source[i] not in _SPACE and source[i] != ">":
                    i += 1
                found.append((key, source[value_start:i]))


def tag_at(source: str, start: int) -> Tag | None:
    """`TagReader(source).tag_at(start)`: for one tag."""
    return TagReader(source).tag_at(start)


def _rebuilt(name: str, attributes: list[tuple[str, str | None]], end: int) -> Tag:
    """A start tag in canonical form, with the attributes allowed for its element."""
    kept: list[str] = []
    seen: set[str] = set()
    permitted = _GLOBAL | ALLOWED_ATTRIBUTES.get(name, frozenset())
    for key, value in attributes:
        if key in seen:
            continue  # the browser keeps the first of two attributes of one name
        seen.add(key)
        if key not in permitted:
            continue
        if key in _URL_ATTRIBUTES and (value is None or not allowed(value)):
            continue
        if value is None:
            kept.append(f" {key}")
        else:
            kept.append(f' {key}="{"".join(_VALUE_REFS.get(c, c) for c in value)}"')
    return Tag(f"<{name}{''.join(kept)}>", end, whole=len(kept) == len(attributes))


def _comment(source: str, start: int, limit: int) -> Tag | None:
    """`<!-- … -->` as the browser ends it (also `--!>`, `<!-->`, `<!--->`), dropped; None
    when it does not end before `limit` (then its `<` is text and what follows is read again)."""
    body = start + 4
    for abrupt in (">", "->"):
        if source.startswith(abrupt, body):
            return Tag("", body + len(abrupt))
    ends = [e for e in (source.find("-->", body, limit), source.find("--!>", body, limit)) if e >= 0]
    if not ends:
        return None
    end = min(ends)
    return Tag("", end + (3 if source.startswith("-->", end) else 4))
