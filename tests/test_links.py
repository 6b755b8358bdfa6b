"""Hostile links in user text (issue 10): the one rule for link destinations
(vpcdocs/render/markdown/links.py) and every output that shows a topology's text: descriptions
and titles on the site, raw HTML under --allow-html, the CLI's Markdown (`paths`, `cost`), the
README summary and the diff comment with its Mermaid diagram.

Pages are rendered through Python-Markdown with MkDocs' extensions and judged by
tests/link_oracle.py, which decodes as a browser does and knows nothing of vpcdocs' rule.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from link_oracle import problems, render, urls
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from topogen import HOSTILE_LINKS

from vpcdocs.analysis.analysis import analyse
from vpcdocs.cli import cli
from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology
from vpcdocs.render.markdown import links, raw_html
from vpcdocs.render.markdown.escape import markdown, text
from vpcdocs.review.diff import diff_designs
from vpcdocs.review.diff_mermaid import _label
from vpcdocs.review.diff_render import markdown as diff_markdown
from vpcdocs.review.summary import Links, summary_markdown

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "examples" / "course.yaml"

# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("url", [
    "", "#frag", "/path", "path", "?q=1", "./x", "../vpcs/app/", "page.md#a", "flows/web/",
    "https://example.com/a_b?c=1&d=2", "HTTP://x", "http:x", "mailto:a@b.example",
    "MailTo:a@b.example", "<https://example.com/>", "  /lead", "page.md \"title\"", "日本.md",
    "10.0.0.0/8", "a-b_c~d+e.f", "//example.com/x",
])
def test_allowed_destinations(url: str) -> None:
    assert links.allowed(url)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x", "file:///x",
    "ftp://host/x", "foo:bar", "host:8080/x", "javascript&#58;alert(1)", "javascript&#58alert(1)",
    "&#106;avascript:alert(1)", "&#106avascript:x", "&#x6A;avascript:x", "jav&#x09;ascript:x",
    "jav&Tab;ascript:x", "javascript&colon;x", "java\tscript:x", "java\nscript:x",
    "java\rscript:x", "\x00javascript:x", "\x01javascript:x", "&#0;javascript:x",
    "&#32;javascript:x", "\u2028javascript:x", "\xa0javascript:x", "\u3000javascript:x",
    "\ufeffjavascript:x", "java\\script:x", "javascript\\:x", "\\javascript:x",
    "java`script`:x", "`javascript:x`", "java[script][r]:x", "javascript%3Ax",
    "%6Aavascript:x", "<javascript:x>", "< javascript:x>", "javascript\uff1ax", "java\u200bscript:x",
    "javascript&NewLine;:x", "&#x26;#106;avascript:x", "javascript&#0000058;x",
    "javascript&#X3A;x", "a%20b", "(javascript:x)",
])
def test_refused_destinations(url: str) -> None:
    assert not links.allowed(url)


def test_a_destination_is_read_only_to_its_first_slash() -> None:
    text_ = "see [x](javascript:alert(1)) and more"
    start = text_.index("(") + 1
    assert not links.allowed_at(text_, start)
    assert links.allowed_at("[x](/ok) javascript:alert(1)", 4)


def test_destination_makes_a_folder_name_a_relative_link() -> None:
    assert links.destination("docs/network/index.md") == "docs/network/index.md"
    assert links.destination("javascript:alert(1)/index.md") == (
        "./javascript%3Aalert%281%29/index.md"
    )
    assert links.destination("a b/(x)[y].md") == "./a%20b/%28x%29%5By%5D.md"
    assert links.allowed(links.destination("&#106;avascript:x/i.md"))


# --------------------------------------------------------------------------- descriptions


def _links_in(description: str, *, allow_html: bool = False) -> list[str]:
    return [url for _, _, url in urls(render(markdown(description, allow_html=allow_html)))]


@pytest.mark.parametrize("allow_html", [False, True], ids=["text", "allow-html"])
@pytest.mark.parametrize("description", HOSTILE_LINKS)
def test_hostile_links_are_text(description: str, allow_html: bool) -> None:
    """Encoded schemes in inline links, reference links and their definitions, images,
    autolinks, footnotes, headings, tables and attribute lists: never a link with a refused
    scheme, on a site with or without the footnotes extension."""
    page = markdown(description, allow_html=allow_html)
    for footnotes in (True, False):
        html = render(page, footnotes=footnotes)
        assert not problems(html), (description, page, html)


def test_a_refused_link_shows_as_the_text_written() -> None:
    html = render(markdown("[x](javascript&#58;alert(1)) and ![i](jav&#x09;ascript:y)"))
    assert "<a" not in html and "<img" not in html
    # what the reader sees: the text as written (character references read as characters)
    assert html_lib.unescape(html) == "<p>[x](javascript:alert(1)) and ![i](jav\tascript:y)</p>"


def test_allowed_links_stay_links() -> None:
    description = (
        "[a](https://example.com/a_b?c=1&d=2) [b](mailto:ops@example.com) [c](#frag) "
        "[d](../vpcs/app/) [e](page.md \"title\") ![f](diagram.svg) [g][r] "
        "<https://example.com/auto> <ops@example.com> [h](?q=1)\n\n[r]: https://example.com/ref"
    )
    assert _links_in(description) == [
        "https://example.com/a_b?c=1&d=2", "mailto:ops@example.com", "#frag", "../vpcs/app/",
        "page.md", "diagram.svg", "https://example.com/ref", "https://example.com/auto",
        "mailto:ops@example.com", "?q=1",
    ]


def test_footnotes_and_prose_colons_keep_their_meaning() -> None:
    html = render(markdown("Text[^1] (default: 10).\n\n[^1]: Note: a footnote."))
    assert 'href="#fn:1"' in html and "Note: a footnote." in html
    assert "(default: 10)" in html_lib.unescape(html)
    # without the footnotes extension, the footnote is a reference definition: a harmless one
    assert not problems(render(markdown("x [^1]\n\n[^1]: javascript:alert(1)"), footnotes=False))


def test_bare_urls_a_linkifier_would_link_to_a_refused_scheme() -> None:
    assert markdown("ftp://host/x and xmpp:a@b and FTPS://y") == (
        "ftp&#58;//host/x and xmpp&#58;a@b and FTPS&#58;//y"
    )
    assert text("ftp://host/x") == "ftp&#58;//host/x"
    assert markdown("https://example.com/ and sftp://x") == "https://example.com/ and sftp://x"


# --------------------------------------------------------------------------- --allow-html


@pytest.mark.parametrize("source", [
    '<a href="javascript:alert(1)">x</a>', '<a href="javascript&#58;alert(1)">x</a>',
    "<a href='&#106;avascript:alert(1)'>x</a>", "<a href=jav&#x09;ascript:alert(1)>x</a>",
    '<a/href="javascript:alert(1)">x</a>', '<A HREF="JAVASCRIPT:alert(1)">x</A>',
    '<a href="&#x20;javascript:alert(1)">x</a>', '<a href="\njavascript:alert(1)">x</a>',
    '<img src="javascript:alert(1)">', '<img src=x onerror=alert(1)>',
    '<img src="/a.png" srcset="javascript:alert(1) 1x">', "<script>alert(1)</script>",
    "<svg onload=alert(1)>", '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>">', '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">', '<form action="javascript:alert(1)"><button>x</button>',
    '<button formaction="javascript:alert(1)">x</button>', '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<details open ontoggle=alert(1)><summary>s</summary></details>',
    '<a href="/ok"\nonclick="alert(1)">x</a>', '<a href=/ok onclick=alert(1)//>x</a>',
    '<a href="/ok" =onclick="alert(1)">x</a>', '<a href="/x" title="a>b" onclick=alert(1)>x</a>',
    '<!-- --!><img src=x onerror=alert(1)> -->', '<!--><img src=x onerror=alert(1)>-->',
    '<p title="</p><img src=x onerror=alert(1)>">x</p>',
    '<a title="[x](javascript:alert(1))">t</a>', '<a title="`x`" href="/ok">t</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<div>\n`<script>alert(1)</script>`\n</div>',
    '<div>\n\n```\n<img src=x onerror=alert(1)>\n```\n\n</div>',
    '<div markdown="1">\n[x](javascript&#58;alert(1))\n</div>',
    '<a href="x" {: onclick="alert(1)"}>', '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<a href="javascript:alert(1)" href="/ok">x</a>', '<video poster="javascript:alert(1)">',
])
def test_allow_html_keeps_no_script(source: str) -> None:
    page = markdown(source, allow_html=True)
    for footnotes in (True, False):
        html = render(page, footnotes=footnotes)
        assert not problems(html), (source, page, html)


def test_allow_html_keeps_safe_html() -> None:
    source = (
        '<details open><summary>More</summary>\n\n<kbd>Ctrl</kbd> <a href="https://ok.example/" '
        'title="t">ok</a> <img src="diagram.svg" alt="d" width="40"></details>\n\n'
        '<table><tr><td colspan="2">cell</td></tr></table>'
    )
    page = markdown(source, allow_html=True)
    assert '<a href="https://ok.example/" title="t">ok</a>' in page
    assert '<img src="diagram.svg" alt="d" width="40">' in page
    assert '<td colspan="2">cell</td>' in page and "<details open>" in page
    assert _links_in(source, allow_html=True) == ["https://ok.example/", "diagram.svg"]


def test_raw_html_tags_are_rebuilt() -> None:
    tag = raw_html.tag_at('<A HREF="/ok" ONCLICK="x" title=\'a"b<c\'>', 0)
    assert tag is not None and tag.text == '<a href="/ok" title="a&quot;b&lt;c">'
    assert not tag.whole
    assert raw_html.tag_at("<a href='/ok'", 0) is None  # never closed: text
    assert raw_html.tag_at("<script>", 0) is None
    assert raw_html.tag_at("< b>", 0) is None
    closing = raw_html.tag_at("</em foo=1>", 0)
    assert closing is not None and closing.text == "</em>"
    comment = raw_html.tag_at("<!-- x --> y", 0)
    assert comment is not None and (comment.text, comment.end) == ("", 10)


# --------------------------------------------------------------------------- every output

_TITLE = '<script>alert(1)</script> <img src=x onerror=alert(1)> [t](javascript&#58;alert(1))'


def _hostile_course(tmp_path: Path) -> Path:
    """The course example with a hostile title, and every flow described with hostile links."""
    yaml = YAML()
    data = yaml.load(COURSE.read_text(encoding="utf-8"))
    quoted = DoubleQuotedScalarString  # YAML escapes for the control characters of the corpus
    data["title"] = _TITLE
    data["description"] = quoted("\n\n".join(HOSTILE_LINKS[:24]))
    for k, flow in enumerate(data["flows"].values()):
        hostile = "\n\n".join(HOSTILE_LINKS[k % 3::3]) + "\n\n<script>alert(1)</script>"
        flow["description"] = quoted(hostile)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path = tmp_path / "network.yaml"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _assert_safe(markdown_text: str) -> None:
    for footnotes in (True, False):
        html = render(markdown_text, footnotes=footnotes)
        assert not problems(html), problems(html)
        assert "<script" not in html and "<img src=\"x\"" not in html


def test_paths_markdown_escapes_the_title_and_descriptions(tmp_path: Path) -> None:
    out = _cli("paths", str(_hostile_course(tmp_path)), "--format", "markdown")
    assert out.startswith("# Traffic paths: &lt;script&gt;alert(1)&lt;/script&gt; &lt;img ")
    assert "<script>" not in out and "<img src=x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # a description's HTML, as text
    _assert_safe(out)


def test_cost_markdown_escapes_the_title(tmp_path: Path) -> None:
    out = _cli("cost", str(_hostile_course(tmp_path)), "--format", "markdown")
    assert out.startswith("# Cost: &lt;script&gt;alert(1)&lt;/script&gt; &lt;img ")
    assert "<script>" not in out and "<img src=x" not in out
    _assert_safe(out)


def test_generated_pages_are_safe_with_and_without_allow_html(tmp_path: Path) -> None:
    from vpcdocs.site.pages import generate_pages

    path = _hostile_course(tmp_path)
    for allow_html in (False, True):
        pages = generate_pages(path, allow_html=allow_html)
        for name, page in pages.items():
            if name.endswith(".md"):
                html = render(page.decode("utf-8"))
                assert not problems(html), (name, allow_html, problems(html))


def _topology(raw: str) -> Topology:
    result = load_bytes("network.yaml", raw.encode("utf-8"))
    assert result.ok and result.topology is not None, result.diagnostics
    return result.topology


def test_readme_summary_links_stay_relative_and_the_title_text(tmp_path: Path) -> None:
    side = analyse(_topology(_hostile_course(tmp_path).read_text()))
    summary = summary_markdown(
        side, source="a--><b>.yaml",
        links=Links("javascript:alert(1)/index.md", "javascript:alert(1)/overview.svg"),
    )
    _assert_safe(summary)
    assert "](./javascript%3Aalert%281%29/index.md)" in summary
    assert "### &lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert "a-&#45;&gt;<b>.yaml" not in summary and "--><b>" not in summary


def test_diff_comment_shows_free_text_as_code(tmp_path: Path) -> None:
    """A workload's free-text `kind` changed: the comment shows both values as code, even
    with backticks in them, never as Markdown, HTML or a link."""
    raw = COURSE.read_text(encoding="utf-8")
    hostile = json.dumps("`<img src=x onerror=alert(1)>` [k](javascript&#58;alert(1)) |")
    old = _topology(raw)
    new = _topology(raw.replace("kind: ec2, count: 2}", f"kind: {hostile}, count: 2}}", 1))
    change = diff_designs(analyse(old), analyse(new), old_name="old.yaml", new_name="new.yaml")
    text_ = diff_markdown(change)
    assert "`` `<img src=x onerror=alert(1)>` [k](javascript&#58;alert(1)) \\| ``" in text_
    _assert_safe(text_)


def test_mermaid_labels_hold_only_plain_characters() -> None:
    label = _label('a"; click n0 href "javascript:alert(1)" <a href=x>`md`#1;\nb')
    assert label == (
        '"a#quot;#59; click n0 href #quot;javascript#58;alert(1)#quot; #lt;a href#61;x#gt;'
        '#96;md#96;#35;1#59;<br/>b"'
    )
    assert _label("+ web-to-s3 → x, y (eu-west-1)") == '"+ web-to-s3 → x, y (eu-west-1)"'


def test_extensions_of_a_users_own_site_make_no_link_either() -> None:
    """The plugin runs in the user's MkDocs project, whose extensions may link bare URLs
    (pymdownx.magiclink) or make any element (pymdownx.blocks.html `/// html | a`)."""
    import markdown as md_lib

    description = (
        "ftp://files.example/x ftp.example.com www.example.com ops@example.com\n\n"
        '/// html | a\n    attrs: {href: "javascript:alert(1)", onclick: "alert(2)"}\n\nx\n///\n\n'
        '  /// html | script\n\nalert(3)\n///\n\n> /// html | iframe\n'
    )
    html = md_lib.markdown(
        markdown(description), extensions=["pymdownx.magiclink", "pymdownx.blocks.html"]
    )
    assert not problems(html), html
    assert {scheme for _, _, url in urls(html) for scheme in [url.split(":")[0]]} <= {
        "http", "https", "mailto"
    }


@pytest.mark.parametrize("allow_html", [False, True], ids=["text", "allow-html"])
@pytest.mark.parametrize("piece", ["<a ", "<x ", "<a x ", "](", "]:", "[^x]:", "<!--", "<a y='"])
def test_work_grows_linearly_with_hostile_text(piece: str, allow_html: bool) -> None:
    """Many unclosed tags, link starts or footnotes: ten times the text costs about ten times
    the work, not a hundred (every `<a ` of 90 KB of them once read to the end: minutes).
    Work is counted in lines of vpcdocs run, not seconds, so the machine's speed is no matter."""
    package = str(Path(links.__file__).resolve().parent.parent.parent)

    def lines(n: int) -> int:
        count = 0

        def local(frame: Any, event: str, arg: Any) -> Any:
            nonlocal count
            count += event == "line"
            return local

        def tracer(frame: Any, event: str, arg: Any) -> Any:
            return local if frame.f_code.co_filename.startswith(package) else None

        sys.settrace(tracer)
        try:
            markdown(piece * n, allow_html=allow_html)
        finally:
            sys.settrace(None)
        return count

    small, large = lines(200), lines(2000)
    assert large < 15 * small, (small, large)
