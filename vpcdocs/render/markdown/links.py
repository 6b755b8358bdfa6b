"""The one rule for link destinations in user text: which URLs may become links.

Text from a topology (descriptions, the title) reaches browsers through Markdown engines that
each read a link destination their own way. Python-Markdown keeps character references for the
browser to decode (`javascript&#58;`) and splices code spans and nested reference links into a
destination (``[x](java`script`:…)`` is `javascript:…`); CommonMark also decodes references and
backslash escapes; browsers decode references with or without the semicolon, drop tabs and
newlines anywhere and control characters and spaces in front. Imitating every reading is how
filters get bypassed, so the rule is written the other way round: a destination is a link only
when, *as written*, it unmistakably starts with an allowed scheme or with no scheme at all:

* `http:`, `https:` or `mailto:` (any case), in plain letters and a colon; or
* a relative reference: nothing, or plain characters (ASCII letters, digits, `-._~+`, letters of
  other alphabets) followed by `/`, `?`, `#`, a space, `)`, `>` or the end: `#frag`, `/path`,
  `?q`, `../x`, `page.md`, `flows/web/`.

Everything else is not a link and the escapers show it as text: every other scheme
(`javascript:`, `vbscript:`, `data:`, `file:`, unknown ones) and every destination whose scheme
could only be known after decoding (`&`, `%`, `\\`, a backtick, a bracket, a control character,
an odd space, anything else before the first `/`, `?` or `#`). No decoding can turn such plain
letters into another scheme, so what is checked here is what every engine and browser reads.
A link written in an odd way loses its link, never its text.

Used by `escape` (Markdown links, reference definitions, autolinks), `raw_html` (URL attributes
under `--allow-html`) and `destination` (links vpcdocs builds from folder names a user chose).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["ALLOWED_SCHEMES", "BARE_SCHEME", "allowed", "allowed_at", "destination"]

#: The schemes a link in user text may have; relative links have none.
ALLOWED_SCHEMES = ("http", "https", "mailto")

_ALLOWED_START = re.compile("(?i)(?:" + "|".join(ALLOWED_SCHEMES) + "):")
# Spaces engines and browsers drop in front of a destination (written as such, not encoded).
_LEADING = " \t\n\r\f"
# A character after which no scheme can follow (`:` would have to come first).
_ENDS = frozenset("/?# )>")
_PLAIN_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+")

#: Bare `scheme:` words that a linkifying extension (pymdownx.magiclink, GitHub's autolinker)
#: turns into a link of a scheme not allowed above. The escapers write the colon as `&#58;`.
BARE_SCHEME = re.compile(r"(?i)(?<![A-Za-z0-9+.-])(?:ftps?|xmpp)(?=:)")


def _plain(ch: str) -> bool:
    if ch in _PLAIN_ASCII:
        return True
    return not ch.isascii() and unicodedata.category(ch)[0] in "LMN"


def allowed_at(text: str, start: int = 0) -> bool:
    """Whether the destination written at `text[start:]` may be a link (see the module
    docstring). Only its beginning is read, so `text` may run on past the destination's end."""
    n = len(text)
    i = _skip_space(text, start)
    if i < n and text[i] == "<":  # an angle-bracket destination: [x](<…>)
        i = _skip_space(text, i + 1)
    if _ALLOWED_START.match(text, i):
        return True
    while i < n:
        ch = text[i]
        if ch in _ENDS:
            return True
        if not _plain(ch):
            return False
        i += 1
    return True  # plain characters to the end: a relative path


def _skip_space(text: str, i: int) -> int:
    """The index after the spaces at `text[i]`. Once a line has ended, also after `>`: a
    destination may go on on the next line of a block quote (`> [x](` / `> javascript:…`),
    whose `>` the engine strips before it reads the link."""
    n = len(text)
    new_line = False
    while i < n and (text[i] in _LEADING or (new_line and text[i] == ">")):
        new_line = new_line or text[i] == "\n"
        i += 1
    return i


def allowed(destination: str) -> bool:
    """Whether `destination`, as written in Markdown or an HTML attribute, may be a link."""
    return allowed_at(destination, 0)


def destination(path: str) -> str:
    """A Markdown link destination for a relative path that vpcdocs builds itself from names a
    user chose (a docs folder): percent-encoded outside `/` and unreserved characters,
    so Markdown reads no syntax in it, and made explicitly relative (`./`) when it would
    otherwise start like a scheme (a folder named `javascript:x`)."""
    quoted = quote(path, safe="/")
    return quoted if allowed(quoted) else "./" + quoted
