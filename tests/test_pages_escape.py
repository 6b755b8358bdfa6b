"""Escaping for the generated pages: any text from a topology shows literally, never as Markdown
syntax or HTML, in running text and in table cells; descriptions stay Markdown but lose raw HTML,
attribute lists and script links unless the user opts in.

The property tests render through Python-Markdown with the extensions vpcdocs' MkDocs config
enables, and compare what a reader would see with the input.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown as md_lib
from hypothesis import given, settings
from hypothesis import strategies as st

from vpcdocs.render.markdown.escape import Md, attr, code, markdown, text
from vpcdocs.site.mkdocs_config import MARKDOWN_EXTENSIONS


def _extensions() -> tuple[list[str], dict[str, dict[str, object]]]:
    names: list[str] = []
    configs: dict[str, dict[str, object]] = {}
    for ext in MARKDOWN_EXTENSIONS:
        if isinstance(ext, str):
            names.append(ext)
        else:
            ((name, config),) = ext.items()
            names.append(name)
            configs[name] = dict(config)
    names.append("fenced_code")
    return names, configs


_NAMES, _CONFIGS = _extensions()


def render(source: str) -> str:
    return md_lib.markdown(source, extensions=_NAMES, extension_configs=_CONFIGS)


class _Shape(HTMLParser):
    """The tags of an HTML fragment (with attributes) and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def shape(fragment: str) -> _Shape:
    parser = _Shape()
    parser.feed(fragment)
    parser.close()
    return parser


def _collapse(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


# Any printable text, weighted towards Markdown and HTML syntax.
_PIECES = st.one_of(
    st.sampled_from(list("\\`*_{}[]()#+-.!|<>&~^=:;\"' /\n\t0123456789")),
    st.sampled_from(["<script>", "</p>", "<b>", "&amp;", "&#60;", "==", "~~", "^^", "1.", "- "]),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
)
hostile = st.lists(_PIECES, min_size=1, max_size=20).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=300)
@given(hostile)
def test_text_shows_literally_in_a_paragraph(value: str) -> None:
    rendered = shape(render("Name: " + text(value)))
    assert [tag for tag, _ in rendered.tags] == ["p"]
    assert _collapse("".join(rendered.text)) == _collapse("Name: " + value)


@settings(max_examples=300)
@given(hostile)
def test_text_shows_literally_in_a_table_cell(value: str) -> None:
    table = f"| a | b |\n|---|---|\n| {text(value)} | end |\n"
    rendered = shape(render(table))
    cells = [tag for tag, _ in rendered.tags if tag == "td"]
    assert cells == ["td", "td"]
    assert not {tag for tag, _ in rendered.tags} - {"table", "thead", "tbody", "tr", "th", "td"}
    assert _collapse("".join(rendered.text)) == _collapse(f"a b {value} end")


@settings(max_examples=200)
@given(hostile)
def test_text_as_a_heading_is_the_whole_heading(value: str) -> None:
    rendered = shape(render("# " + text(value)))
    assert [tag for tag, _ in rendered.tags][:1] == ["h1"]
    assert {tag for tag, _ in rendered.tags} <= {"h1", "a"}  # toc permalink
    assert _collapse("".join(rendered.text)).removesuffix("¶").strip() == _collapse(value)


@settings(max_examples=200)
@given(hostile)
def test_code_is_one_code_span_with_the_text(value: str) -> None:
    rendered = shape(render("x " + code(value) + " y"))
    assert [tag for tag, _ in rendered.tags] == ["p", "code"]
    assert _collapse("".join(rendered.text)) == _collapse(f"x {value} y")


def test_examples_from_the_issue() -> None:
    assert text("a_b*c") == "a\\_b\\*c"
    assert text("<script>") == "&lt;script&gt;"
    assert text("x | y") == "x \\| y"
    assert text("- item") == "\\- item"
    assert text("12. item") == "12\\. item"
    assert isinstance(text("x"), Md)
    assert code("a`b") == "``a`b``"
    assert attr('"<x>"') == "&quot;&lt;x&gt;&quot;"


def test_description_keeps_markdown_and_code_but_not_html() -> None:
    source = (
        "**Bold** and `<kbd>` in code.\n\n"
        "<script>alert(1)</script>\n\n"
        "```\n<raw> stays\n```\n\n"
        "[x](javascript:alert(1)) [y]( JavaScript:alert(2)) <https://example.com/a>\n\n"
        'Para{: onclick="alert(3)"}\n'
    )
    out = render(markdown(source))
    parsed = shape(out)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags
    assert "strong" in tags and "code" in tags and "pre" in tags
    assert "<kbd>" in html.unescape(out)  # shown as code, not markup
    assert "&lt;raw&gt; stays" in out
    hrefs = [value for _, attrs in parsed.tags for name, value in attrs if name == "href"]
    assert "https://example.com/a" in hrefs
    assert not any(h and h.strip().lower().startswith("javascript") for h in hrefs)
    assert not any(name == "onclick" for _, attrs in parsed.tags for name, _ in attrs)
    assert "<script>alert(1)</script>" in html.unescape("".join(parsed.text))


def test_allow_html_keeps_raw_html() -> None:
    source = 'A <span class="x">span</span>.'
    assert markdown(source, allow_html=True) == source
    assert "<span" in render(markdown(source, allow_html=True))
    assert "<span" not in render(markdown(source))


def test_description_line_endings_are_normalised() -> None:
    assert markdown("a\r\nb\rc\n\n") == "a\nb\nc"


def test_the_plain_text_shortcut_skips_only_characters_the_loop_keeps() -> None:
    """`text` skips its character loop for text `_PLAIN` matches; every character the loop
    rewrites (alone, doubled, or after a bare scheme) must be outside `_PLAIN`."""
    from vpcdocs.render.markdown import escape

    for code_point in range(0x3000):
        ch = chr(code_point)
        for sample in (ch, ch + ch, "ftp" + ch, "xmpp" + ch + "x"):
            if escape._characters(sample) != sample:
                assert not escape._PLAIN.fullmatch(sample), repr(sample)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("ab -+1.:=#|_<&~x\tftp\x02"), max_size=20))
def test_text_is_the_same_through_the_shortcut_and_the_memo(value: str) -> None:
    from vpcdocs.render.markdown import escape

    raw = " ".join(value.replace("\x02", "").split())
    expected = escape._LINE_START.sub(escape._no_list, escape._characters(raw))
    assert text(value) == expected
    assert text(value) == expected  # the remembered answer
