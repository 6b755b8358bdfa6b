"""Number, money and link formatting for the pages: one place, so every page agrees.

Pure functions; the output is plain ASCII apart from the text given, and deterministic.
"""

from __future__ import annotations

import functools
import math
import posixpath
import re
from urllib.parse import urlsplit

from vpcdocs.analysis.pricing.rounding import usd_text

__all__ = ["gb", "host", "number", "rate", "relative", "sentence", "usd"]


def number(value: float) -> str:
    """`1500` -> `1,500`; `0.5` -> `0.5`; `2.0` -> `2`; at most 4 decimals."""
    if isinstance(value, bool):
        raise TypeError("number() got a bool")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


def usd(value: float) -> str:
    """Money per month or in total, by the one rounding rule (`rounding.usd_text`): `$1,234.50`,
    `$0.00`; a positive amount below a cent is `<$0.01` so that it never reads as free."""
    return usd_text(value)


def rate(value: float) -> str:
    """A unit price such as `$0.045` or `$0.0035`: as many decimals as it has (at most 6)."""
    text = f"{value:.6f}".rstrip("0")
    if text.endswith("."):
        text += "00"
    elif len(text.split(".")[1]) == 1:
        text += "0"
    return f"${text}"


def gb(value: float) -> str:
    """`1500` -> `1,500 GB`."""
    return f"{number(value)} GB"


# Every page links to the same few dozen pages many times, and `posixpath.relpath` (which makes
# both paths absolute first) was a tenth of rendering: remembered; a pure function of its strings.
@functools.lru_cache(maxsize=1 << 16)
def relative(from_page: str, target: str) -> str:
    """The link from docs page `from_page` to docs path `target` (both relative to the docs
    root, POSIX), keeping a `#fragment`: `relative("flows/a/index.md", "endpoints/e/index.md")`
    is `../../endpoints/e/index.md`."""
    path, _, fragment = target.partition("#")
    base = posixpath.dirname(from_page)
    link = posixpath.relpath(path, base or ".") if path else posixpath.basename(from_page)
    return f"{link}#{fragment}" if fragment else link


#: A Region code (`eu-west-1`, `us-gov-west-1`): AWS writes it in lower case, even first in a
#: sentence.
_REGION_FIRST = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+\b")


def sentence(text: str) -> str:
    """`text` with a capital first letter (unless it starts with a Region code, which AWS always
    writes in lower case) and a final full stop (for generated notes)."""
    text = text.strip()
    if not text:
        return text
    if not _REGION_FIRST.match(text):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def aws_links(text: str) -> str:
    """`text` (a generated note or finding, before Markdown escaping) with each bare address of
    an AWS page vpcdocs cites (the price table's pricing pages, the companion rules' pages)
    turned into a link titled as the page is: "not confirmed on [AWS Transit Gateway
    pricing](https://aws.amazon.com/transit-gateway/pricing/)"."""
    for url, title in _cited_pages():
        text = re.sub(rf"(?<=[\s(]){re.escape(url)}(?![\w/#])", f"[{title}]({url})", text)
    return text


@functools.cache
def _cited_pages() -> tuple[tuple[str, str], ...]:
    """(url, title) of every AWS page the generated notes may name, longest address first."""
    from vpcdocs.analysis.companions import rules
    from vpcdocs.analysis.pricing.table import load_price_table

    pages = {s.url: s.title for s in load_price_table().sources.values()}
    pages.update({r.doc_url: r.doc_title for r in rules()})
    return tuple(sorted(pages.items(), key=lambda p: (-len(p[0]), p[0])))


def host(url: str) -> str:
    """The host name of a URL, for a short link label: `aws.amazon.com`."""
    return urlsplit(url).netloc or url
