"""The Jinja2 environment that renders the docs pages from the templates folder.

Templates live in the top-level `templates/` folder of the repository, shipped in the wheel as
`vpcdocs/templates`. A user's folder (`--templates DIR`) comes first, so any template can be
overridden by a file of the same name; the others still come from vpcdocs.

Safety by default: undefined names are errors (StrictUndefined), and every value a template
prints is escaped for Markdown and HTML (`finalize`) unless it is already safe: `Md` (what the
filters here return) or markup from a macro or `{% set %}` block. A template cannot forget to
escape a name, a description or a label. Jinja's autoescaping is on only so that macro output
is marked safe; `escape`/`e` and `join` are replaced by versions that escape for Markdown too.

Compiled templates are kept in the user's cache folder (`vpcdocs.render.cache`): compiling the
templates is most of the time a no-op `generate --check` spends on Markdown. The cache is keyed
by the template's source and this module's source (the environment options), so what a
template renders never depends on it.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

import vpcdocs
from vpcdocs.analysis.pricing.rounding import break_even_display
from vpcdocs.inputs import InputError, read_limited
from vpcdocs.render import cache
from vpcdocs.render.markdown import escape, fmt
from vpcdocs.render.markdown.escape import Md

__all__ = ["TemplateError", "builtin_templates_dir", "make_environment", "render_page"]


class TemplateError(Exception):
    """A template is missing, malformed or failed; `str()` names the template and the line."""


def builtin_templates_dir() -> Path:
    """`vpcdocs/templates` in an installed wheel, else the repository's `templates/`."""
    from vpcdocs.fingerprint import builtin_templates

    found = builtin_templates()
    if found is None:
        package = Path(vpcdocs.__file__).resolve().parent
        raise TemplateError(f"the vpcdocs templates folder is missing (looked in {package})")
    return found


def _finalize(value: object) -> Markup:
    if isinstance(value, Markup):
        return value  # output of a macro, a {% set %} block or `|safe`
    if isinstance(value, Md):
        return Markup(value)
    if isinstance(value, bool):
        return Markup("yes" if value else "no")
    if isinstance(value, int | float):
        return Markup(fmt.number(value))
    if value is None:
        raise TypeError("a template printed None; test the value or give a default")
    return Markup(escape.text(value))


@jinja2.pass_context
def _href(ctx: jinja2.runtime.Context, target: str) -> str:
    """A docs path (`flows/web/index.md`) relative to the page being rendered."""
    return fmt.relative(str(ctx["page_path"]), target)


@jinja2.pass_context
def _ref(ctx: jinja2.runtime.Context, value: Any, label: object = None) -> Md:
    """A `Ref` (name, page) as a link to its page, or the name in code when it has no page
    (code that never breaks: refs fill table cells, and a code span wraps at its hyphens).
    Link text is plain (code spans wrap badly at hyphens in narrow table cells)."""
    if value.page is None:
        return escape.table_code(value.name) if label is None else Md(str(_finalize(label)))
    shown = escape.text(value.name) if label is None else str(_finalize(label))
    return Md(f"[{shown}]({fmt.relative(str(ctx['page_path']), value.page)})")


@jinja2.pass_context
def _link(ctx: jinja2.runtime.Context, target: str, label: object) -> Md:
    return Md(f"[{_finalize(label)!s}]({fmt.relative(str(ctx['page_path']), target)})")


@jinja2.pass_context
def _markdown(ctx: jinja2.runtime.Context, value: str) -> Md:
    return escape.markdown(value, allow_html=bool(ctx.get("allow_html", False)))


def _joined(values: Any, sep: str = ", ") -> Md:
    return Md(sep.join(str(_finalize(v)) for v in values))


def _plural(count: int, singular: str, plural: str | None = None) -> Md:
    word = singular if count == 1 else (plural or singular + "s")
    return Md(f"{fmt.number(count)} {escape.text(word)}")


#: The largest template override read (vpcdocs' own templates are a few KB each).
MAX_TEMPLATE_BYTES = 1024 * 1024


class _BoundedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader for the user's override folder, reading through
    `vpcdocs.inputs.read_limited`: a huge file is refused by its size, not read whole. The file
    is found by Jinja's rules, which only pick regular files, so a FIFO or device named like a
    template is never opened."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        filename = self._find(template)
        try:
            raw = read_limited(filename, MAX_TEMPLATE_BYTES)
        except InputError as exc:
            raise TemplateError(f"{filename}: {exc.message}") from None
        try:
            text = raw.decode(self.encoding)
        except UnicodeDecodeError:
            raise TemplateError(f"{filename}: not {self.encoding} text") from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        # read as Jinja's own loader reads it: text with universal newlines
        return text.replace("\r\n", "\n").replace("\r", "\n"), filename, uptodate

    def _find(self, template: str) -> str:
        """Where FileSystemLoader.get_source finds `template` (same search path rules)."""
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            if os.path.isfile(filename):
                return os.path.normpath(filename)
        raise jinja2.TemplateNotFound(template)


@functools.cache
def _builtin_loader() -> jinja2.FileSystemLoader:
    return jinja2.FileSystemLoader(str(builtin_templates_dir()))


def make_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The environment: `templates_dir` (if given) before the built-in templates."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        if not Path(templates_dir).is_dir():
            raise TemplateError(f"{templates_dir}: templates folder not found")
        loaders.append(_BoundedLoader(str(templates_dir)))
    loaders.append(_builtin_loader())
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        text=escape.text,
        code=escape.code,
        attr=lambda v: Md(escape.attr(v)),
        markdown=_markdown,
        href=_href,
        ref=_ref,
        link=_link,
        usd=lambda v: Md(fmt.usd(v)),
        rate=lambda v: Md(fmt.rate(v)),
        gb=lambda v: Md(fmt.gb(v)),
        break_even=lambda v: Md(fmt.gb(break_even_display(v))),
        tcode=escape.table_code,
        num=lambda v: Md(fmt.number(v)),
        joined=_joined,
        join=_joined,
        sentence=fmt.sentence,
        aws_links=fmt.aws_links,
        host=fmt.host,
        e=escape.text,
        escape=escape.text,
        plural=_plural,
    )
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled-template cache, or None when caching is off. This file's source stands for
    the environment options that the compiled code depends on."""
    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None
    return cache.bytecode_cache([source])


_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")


def render_page(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> bytes:
    """Render one page: UTF-8 bytes, no trailing spaces, at most one blank line in a row, one
    final newline. Raises `TemplateError` naming the template and line on any failure."""
    try:
        text = env.get_template(template).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name!r} not found") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, LookupError) as exc:
        raise TemplateError(f"{_template_line(exc) or template}: {exc}") from exc
    text = _TRAILING.sub("\n", text + "\n")
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
    return text.encode("utf-8")


def _template_line(exc: BaseException) -> str:
    """'NAME:LINE' of the innermost template frame of the traceback, or '' (Jinja rewrites
    tracebacks so that template code shows with its file name and line)."""
    tb = exc.__traceback__
    found = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{Path(filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
