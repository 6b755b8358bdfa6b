"""Escaping every value from the topology before it reaches a Markdown page.

A page is Markdown that MkDocs turns into HTML, so a value must be safe twice: Markdown must not
read it as syntax (`a_b*c`, `|` inside a table, `# heading`, `[link](...)`) and HTML must not read
it as markup (`<script>`). `Md` marks text that is already safe; the template environment escapes
every other string it prints (see env.py), so a template cannot forget to.

* `text`: plain text (names, labels, titles) for running text, headings and table cells.
* `code`: an inline code span that survives backticks and `|` in tables.
* `markdown`: a description, which is Markdown; raw HTML in it is shown as text (or, with
  `--allow-html`, rebuilt from an allowlist: raw_html.py), attribute lists are defused, and a
  link whose destination `links.allowed` refuses is shown as text.
* `attr`: a value for a raw HTML attribute.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Callable

from vpcdocs.render.markdown import links, raw_html

__all__ = ["Md", "attr", "code", "join", "markdown", "text"]


class Md(str):
    """Markdown that may go into a page as it is (already escaped or produced by vpcdocs)."""

    __slots__ = ()

    def __html__(self) -> str:
        """Jinja2 and markupsafe treat objects with `__html__` as safe: print them as they are."""
        return str(self)


# Characters Python-Markdown reads as syntax anywhere in a line; escaped with a backslash
# (all are in its ESCAPED_CHARS, so the backslash disappears in the HTML).
_BACKSLASHED = frozenset("\\`*_{}[]|#")
# Characters some Markdown extensions read as syntax (tilde, caret, mark) or HTML reads as
# markup: written as character references, which every Markdown dialect passes through.
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "~": "&#126;", "^": "&#94;"}
_LINE_START = re.compile(r"^([-+]|\d+)([.)]?)(\s|$)")
# Control characters other than tab and line feed: invisible, and Python-Markdown deletes STX
# and ETX before it reads anything, which would join `]` STX `(` into a link the escaping
# never saw. Deleted first, so the escaping reads what the engine reads.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# Text with none of the characters `text` rewrites one by one (`_BACKSLASHED`, `_ENTITIES`, `=`
# of "==", and `:` of a bare scheme).
_PLAIN = re.compile(r"[^\\`*_{}\[\]|#<>&~^=:]*")


def text(value: object) -> Md:
    """`value` as plain text that Markdown and HTML show literally, on one line."""
    return _text(str(value))


# A page prints the same names many times (a flow's VPCs, subnets and services on every row), and
# `text` is a pure function of the string: remembered. Bounded, so a huge design cannot grow it
# without limit.
@functools.lru_cache(maxsize=1 << 16)
def _text(value: str) -> Md:
    raw = _SPACE.sub(" ", _CONTROLS.sub("", value)).strip()
    # Most names hold nothing `_characters` rewrites: skip its loop (the output is the same).
    escaped = raw if _PLAIN.fullmatch(raw) else _characters(raw)
    # "- x", "+ x" or "1. x" at the start of a line would open a list.
    return Md(_LINE_START.sub(_no_list, escaped))


def _characters(raw: str) -> str:
    """`raw` with every character Markdown or HTML would read as syntax escaped."""
    colons = {m.end() for m in links.BARE_SCHEME.finditer(raw)}  # "ftp://x": no linkifier link
    out: list[str] = []
    previous = ""
    for index, ch in enumerate(raw):
        if index in colons:
            out.append("&#58;")
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch == "=" and previous == "=":
            out.append("&#61;")  # "==" marks text with pymdownx.mark
        else:
            out.append(_ENTITIES.get(ch, ch))
        previous = ch
    return "".join(out)


def _no_list(match: re.Match[str]) -> str:
    marker, dot, space = match.groups()
    if marker in "+-":
        return "\\" + marker + dot + space
    return marker + ("\\" + dot if dot else "") + space


def code(value: object) -> Md:
    """`value` as an inline code span (one line), whatever backticks it holds."""
    raw = _SPACE.sub(" ", str(value)).strip()
    if not raw:
        return Md("")
    longest = max((len(run) for run in re.findall(r"`+", raw)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if raw.startswith("`") or raw.endswith("`") else ""
    return Md(f"{fence}{pad}{raw}{pad}{fence}")


def table_code(value: object) -> Md:
    """`value` as code in a table cell: `<code>` that never breaks inside (a CIDR, a prefix list,
    an id), so a narrow column scrolls instead of showing `10.20.10.` over `0/24`. Raw HTML
    because a Markdown code span cannot carry the style; the text is escaped for both."""
    raw = _SPACE.sub(" ", str(value)).strip()
    if not raw:
        return Md("")
    return Md(f'<code style="white-space: nowrap">{text(raw)}</code>')


def attr(value: object) -> str:
    """`value` for a double-quoted HTML attribute (also one line)."""
    return html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True)


def join(parts: list[Md] | tuple[Md, ...], sep: str = ", ") -> Md:
    """Safe parts joined by a literal separator."""
    return Md(sep.join(parts))


# --------------------------------------------------------------------------- Markdown text

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_INFO = re.compile(r"[A-Za-z0-9_+#.-]+")
_TICKS = re.compile(r"`+")
# An autolink kept as a link: `http(s)://` and nothing Markdown or HTML reads as syntax (no
# space, quote, bracket, backtick, backslash or pipe), or an e-mail address, with or without
# `mailto:`. Each is a link to every engine: Python-Markdown's autolink needs the `://`, its
# mail autolink the `@` (without them `<mailto:x/onmouseover=…>` is raw HTML to it).
_AUTOLINK = re.compile(
    r"<(?:https?://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*"
    r"|(?:mailto:)?(?P<email>[A-Za-z0-9.#$%&*+/=?^_~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*))>",
    re.IGNORECASE,
)
# Where a link destination starts: after the `](` of an inline link or image (engines differ
# on spaces between), after the `]:` of a reference definition (or a footnote's, which is a
# reference definition to an engine without footnotes).
_DESTINATION = re.compile(r"\][ \t]*\n?[ \t]*(\()|\][ \t]*(:)")
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\[\]\n]*$")
# `///` opening a pymdownx.blocks block: in a site whose config enables `pymdownx.blocks.html`
# (the plugin runs in the user's MkDocs project), `/// html | a` makes any element with any
# attributes. The first slash is written `&#47;`.
_BLOCK_FENCE = re.compile(r"^[ \t>]*(/)//", re.MULTILINE)


def markdown(value: str, *, allow_html: bool = False) -> Md:
    """A user's Markdown (a description) for a page.

    Outside fenced code blocks and code spans: a link, image or reference definition whose
    destination `links.allowed` refuses (`javascript:`, `javascript&#58;`, `data:` ...) is shown
    as text (its `(` or `:` written as a character reference); `{` becomes `&#123;`, so no
    attribute list (`{: onclick=...}`) applies; a bare `ftp:`-like scheme that a linkifier would
    link has its colon written `&#58;`; a `///` block (pymdownx.blocks) opens nothing. Raw HTML:
    `<` becomes `&lt;` (except in an `<https://...>` autolink), so it shows as text; with
    `allow_html` each tag is rebuilt from an allowlist instead (raw_html.py), inside code too,
    since Markdown leaves code inside an HTML block raw.
    Code is otherwise kept exactly. Line endings are normalised to LF.

    Every fenced block is written again in one form that Python-Markdown's fences surely read
    as code (unindented backticks, longer than any run inside, a plain language word, always
    closed): an unclosed, indented or oddly closed fence is not code to Python-Markdown, and the
    raw HTML kept in it would reach the page.
    """
    return _markdown(str(value), allow_html)


# The same descriptions reach several pages (a VPC's on its page, its flows' and its Region's):
# remembered, like `text`.
@functools.lru_cache(maxsize=1 << 12)
def _markdown(value: str, allow_html: bool) -> Md:
    source = value.replace("\r\n", "\n").replace("\r", "\n")
    source = _CONTROLS.sub("", source).strip("\n")
    chunks: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    info = ""
    code: list[str] = []
    for line in source.split("\n"):
        if fence is None:
            opened = _FENCE.match(line)
            if opened is None:
                prose.append(line)
                continue
            if prose:
                chunks.append(_defuse("\n".join(prose), allow_html))
                prose = []
            fence, info, code = opened.group(1), opened.group(2), []
        else:
            closing = line.strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
                chunks.append(_fenced(info, code, allow_html))
                fence = None
            else:
                code.append(line)
    if fence is not None:
        chunks.append(_fenced(info, code, allow_html))
    if prose:
        chunks.append(_defuse("\n".join(prose), allow_html))
    return Md("\n".join(chunks))


def _fenced(info: str, lines: list[str], allow_html: bool) -> str:
    """A fenced code block in the one form every fence reader agrees on."""
    if allow_html:
        lines = _code_tags("\n".join(lines)).split("\n")
    longest = max((len(run) for line in lines for run in _TICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    words = info.split()
    language = words[0] if words and _INFO.fullmatch(words[0]) else ""
    return "\n".join([fence + language, *lines, fence])


def _code_tags(code: str) -> str:
    """Code under `allow_html`. Inside a raw HTML block (`<div>` ... `</div>`) Markdown reads
    no code, so code may be HTML: a tag that raw_html.py keeps whole stays as written, the `<`
    of any other tag is written `&lt;` (in real code the reader then sees `&lt;`)."""
    out: list[str] = []
    reader = raw_html.TagReader(code)
    i = 0
    n = len(code)
    while i < n:
        ch = code[i]
        if ch == "<" and i + 1 < n and (code[i + 1] in _ALPHA or code[i + 1] == "/"):
            tag = reader.tag_at(i)
            if tag is not None and tag.whole:
                out.append(code[i:tag.end])
                i = tag.end
                continue
            out.append("&lt;")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _defuse(prose: str, allow_html: bool) -> str:
    """Neutralise HTML, attribute lists and refused link destinations outside code spans."""
    spans: dict[int, int] = {}
    offset = 0
    for line in prose.split("\n"):
        for start, end in _code_spans(line):
            spans[offset + start] = offset + end
        offset += len(line) + 1
    fixes = _link_fixes(prose, spans)
    reader = raw_html.TagReader(prose)
    out: list[str] = []
    i = 0
    n = len(prose)
    while i < n:
        if i in spans:
            code_span = prose[i:spans[i]]
            out.append(_code_tags(code_span) if allow_html else code_span)
            i = spans[i]
            continue
        if i in fixes:
            out.append(fixes[i])
            i += 1
            continue
        ch = prose[i]
        if ch == "<":
            autolink = _AUTOLINK.match(prose, i)
            if autolink is not None and (
                autolink.group("email") or links.allowed(autolink.group(0)[1:-1])
            ):
                out.append(autolink.group(0))
                i = autolink.end()
                continue
            tag = reader.tag_at(i) if allow_html else None
            if tag is not None:
                out.append(tag.text)
                i = tag.end
                continue
            out.append("&lt;")
        elif ch == "{":
            out.append("&#123;")
        elif ch == "`":
            out.append("&#96;")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _link_fixes(prose: str, spans: dict[int, int]) -> dict[int, str]:
    """Characters to write otherwise so that no refused destination becomes a link: index ->
    replacement. The `(` of `](` or the `:` of `]:` becomes a character reference (Markdown then
    reads no link there and the reader sees the same text); a footnote keeps its `]:` and gets
    an invisible zero-width space first, which makes it a harmless relative URL to an engine
    that reads it as a reference definition."""
    inside = _inside_code(spans)
    fixes: dict[int, str] = {}
    for match in _DESTINATION.finditer(prose):
        if inside(match.start()):
            continue
        mark = match.start(1) if match.group(1) is not None else match.start(2)
        if links.allowed_at(prose, mark + 1):
            continue
        if match.group(1) is not None:
            fixes[mark] = "&#40;"
        elif _FOOTNOTE_LABEL.search(prose, max(0, match.start() - 200), match.start()):
            fixes[mark] = ":&#8203;"
        else:
            fixes[mark] = "&#58;"
    for match in links.BARE_SCHEME.finditer(prose):
        if not inside(match.end()):
            fixes[match.end()] = "&#58;"
    for match in _BLOCK_FENCE.finditer(prose):
        if not inside(match.start(1)):
            fixes[match.start(1)] = "&#47;"
    return fixes


def _inside_code(spans: dict[int, int]) -> Callable[[int], bool]:
    starts = sorted(spans)

    def inside(index: int) -> bool:
        k = bisect.bisect_right(starts, index) - 1
        return k >= 0 and index < spans[starts[k]]

    return inside


def _code_spans(line: str) -> list[tuple[int, int]]:
    """The code spans of one line, as (start, end), that are kept as they are.

    A span opens at a run of backticks that no backslash precedes and closes at the next run of
    exactly its length on the same line. Every other backtick becomes `&#96;` (_defuse), so
    these runs are the only ones Python-Markdown sees, and it pairs them the same way (its
    `find_code_spans`): left alone, it pairs backticks across lines and falls back to shorter
    runs, and raw HTML that looked like code here would reach the page.
    """
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(line)]
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(runs):
        start, end = runs[k]
        k += 1
        if start > 0 and line[start - 1] == "\\":
            continue
        width = end - start
        close = next((j for j in range(k, len(runs)) if runs[j][1] - runs[j][0] == width), None)
        if close is not None:
            spans.append((start, runs[close][1]))
            k = close + 1
    return spans
