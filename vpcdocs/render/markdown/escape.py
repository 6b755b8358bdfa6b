"""Escaping every value from the topology before it reaches a Markdown page.

A page is Markdown that MkDocs turns into HTML, so a value must be safe twice: Markdown must not
read it as syntax (`a_b*c`, `|` inside a table, `# heading`, `[link](...)`) and HTML must not read
it as markup (`<script>`). `Md` marks text that is already safe; the template environment escapes
every other string it prints (see env.py), so a template cannot forget to.

* `text`: plain text (names, labels, titles) for running text, headings and table cells.
* `code`: an inline code span that survives backticks and `|` in tables.
* `markdown`: a description, which is Markdown; raw HTML in it is shown as text, and links with
  script URLs and attribute lists are defused, unless the user opted in with `--allow-html`.
* `attr`: a value for a raw HTML attribute.
"""

from __future__ import annotations

import html
import re

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
_SPACE = re.compile(r"\s+")


def text(value: object) -> Md:
    """`value` as plain text that Markdown and HTML show literally, on one line."""
    raw = _SPACE.sub(" ", str(value)).strip()
    out: list[str] = []
    previous = ""
    for ch in raw:
        if ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch == "=" and previous == "=":
            out.append("&#61;")  # "==" marks text with pymdownx.mark
        else:
            out.append(_ENTITIES.get(ch, ch))
        previous = ch
    escaped = "".join(out)
    # "- x", "+ x" or "1. x" at the start of a line would open a list.
    escaped = _LINE_START.sub(_no_list, escaped)
    return Md(escaped)


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
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+)>", re.IGNORECASE)
_UNSAFE_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data|file)(\s*):")


def markdown(value: str, *, allow_html: bool = False) -> Md:
    """A user's Markdown (a description) for a page.

    Without `allow_html`, outside fenced code blocks and code spans: `<` becomes `&lt;` (except
    in `<https://...>` autolinks), so raw HTML shows as text; `{` becomes `&#123;`, so no
    attribute list (`{: onclick=...}`) applies; and `javascript:`-like URL schemes are renamed,
    so a link cannot run script. Code is kept exactly. Line endings are normalised to LF.

    Every fenced block is written again in one form that Python-Markdown's fences surely read
    as code (unindented backticks, longer than any run inside, a plain language word, always
    closed): an unclosed, indented or oddly closed fence is not code to Python-Markdown, and the
    raw HTML kept in it would reach the page.
    """
    source = value.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if allow_html:
        return Md(source)
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
                chunks.append(_defuse("\n".join(prose)))
                prose = []
            fence, info, code = opened.group(1), opened.group(2), []
        else:
            closing = line.strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
                chunks.append(_fenced(info, code))
                fence = None
            else:
                code.append(line)
    if fence is not None:
        chunks.append(_fenced(info, code))
    if prose:
        chunks.append(_defuse("\n".join(prose)))
    return Md("\n".join(chunks))


def _fenced(info: str, lines: list[str]) -> str:
    """A fenced code block in the one form every fence reader agrees on."""
    longest = max((len(run) for line in lines for run in _TICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    words = info.split()
    language = words[0] if words and _INFO.fullmatch(words[0]) else ""
    return "\n".join([fence + language, *lines, fence])


def _defuse(prose: str) -> str:
    """Neutralise HTML, attribute lists and script URLs outside inline code spans."""
    return "\n".join(_defuse_line(line) for line in prose.split("\n"))


def _defuse_line(line: str) -> str:
    pieces: list[str] = []
    last = 0
    for start, end in _code_spans(line):
        pieces.append(_defuse_plain(line[last:start]))
        pieces.append(line[start:end])
        last = end
    pieces.append(_defuse_plain(line[last:]))
    return "".join(pieces)


def _code_spans(line: str) -> list[tuple[int, int]]:
    """The code spans of one line, as (start, end), that are kept as they are.

    A span opens at a run of backticks that no backslash precedes and closes at the next run of
    exactly its length on the same line. Every other backtick becomes `&#96;` (_defuse_plain),
    so these runs are the only ones Python-Markdown sees, and it pairs them the same way (its
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


def _defuse_plain(chunk: str) -> str:
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(match.group(0))
        return f"\x00{len(links) - 1}\x00"

    chunk = _AUTOLINK.sub(keep, chunk)
    chunk = chunk.replace("<", "&lt;").replace("{", "&#123;").replace("`", "&#96;")
    chunk = _UNSAFE_SCHEME.sub(lambda m: f"unsafe-{m.group(1)}{m.group(2)}:", chunk)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], chunk)
