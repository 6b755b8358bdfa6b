"""What Graphviz cannot take, and the sizes vpcdocs keeps a picture's texts under, so that a design
that validates always draws.

Graphviz's limit (measured with dot 2.43.0, Debian's graphviz package; tests/test_render_limits.py
checks it against the installed `dot` and draws stress designs):

* The DOT lexer (lib/cgraph/scan.l) reads a quoted string as runs of characters other than `"` and
  `\\` (rule ``<qstring>([^"\\\\]*|[\\\\])``), and an HTML string as runs other than `<`, `>` and
  newline; each run is one flex token, which must fit flex's buffer (YY_BUF_SIZE, 16384 bytes).
  A longer run fails the whole graph with "syntax error in line N scanning a quoted string
  (missing endquote? longer than 16384?)". The longest run that parses is 16,381 bytes, the same
  for a tooltip, a label, a URL, HTML label text and a quoted node id; 8,190 characters of a
  two-byte letter (é) pass and 8,191 fail, so the limit is in bytes. A raw line break inside a
  quoted string does not end a run; an escaped one (``\\n``), a quote or a backslash does, as does
  an HTML tag (``<br/>``). Nothing else about a text's size is limited: a 1 MB tooltip made of
  short runs, or an HTML label of 20,000 lines, parses and draws.

Before the caps below, a topology with 300 routes in one route table (names of 64 characters)
validated, then every drawing command failed inside Graphviz: the VPC router's tooltip was one run
of 25 KB.

The caps (every text in full stays on its page; the picture shows a clipped version, ending in
"…", the same for the same input):

* far below the lexer's limit whatever the characters: the longest text, a tooltip of
  `TOOLTIP_CHARS` characters, is at most 4 bytes a character in UTF-8 (escaping adds a backslash,
  which ends a run, or an HTML entity of at most 6 bytes for a 1-byte character, in labels of at
  most `LINE_CHARS`);
* chosen for what a reader of a picture can use: a browser tooltip of 1,000 characters is already
  a page of text, and a label of more than 16 lines or a line of more than 160 characters pushes
  the rest of the picture out of sight. Nothing vpcdocs draws from the examples comes near them
  (the longest tooltip is 270 characters, the longest label line 119, the most lines 9).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

__all__ = [
    "DOT_RUN_BYTES",
    "ELLIPSIS",
    "LABEL_LINES",
    "LINE_CHARS",
    "TITLE_CHARS",
    "TOOLTIP_CHARS",
    "URL_CHARS",
    "clip",
    "clip_lines",
    "longest_run",
]

#: The longest run of a quoted or HTML string that dot 2.43's lexer reads (measured: 16,381).
DOT_RUN_BYTES: Final = 16_381

#: A picture's title (the scene title: the topology's title, a flow's route in words).
TITLE_CHARS: Final = 300
#: Any one line of a node, edge or cluster label.
LINE_CHARS: Final = 160
#: Lines of one label; the last line kept says how many more there were.
LABEL_LINES: Final = 16
#: A tooltip (nodes, edges and boxes), all of it.
TOOLTIP_CHARS: Final = 1_000
#: A link longer than this is left out rather than cut (a cut link leads nowhere). vpcdocs' own
#: links are a page path of names made safe, under 200 characters.
URL_CHARS: Final = 2_000

ELLIPSIS: Final = "…"

_RUN = re.compile(r'[^"\\<>]+')


def clip(text: str, limit: int) -> str:
    """`text` when it has at most `limit` characters, else its first characters and "…" (the
    result has at most `limit` characters)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def clip_lines(lines: Sequence[str], max_lines: int = LABEL_LINES,
               line_chars: int = LINE_CHARS) -> list[str]:
    """Each line clipped to `line_chars`; more than `max_lines` lines become the first
    `max_lines - 1` and a last one saying how many were left out ("… 12 more")."""
    if max_lines < 2:
        raise ValueError(f"max_lines must be at least 2, not {max_lines}")
    kept = [clip(line, line_chars) for line in lines[:max_lines]]
    if len(lines) > max_lines:
        kept[-1] = f"{ELLIPSIS} {len(lines) - (max_lines - 1):,} more"
    return kept


def longest_run(dot_source: str) -> int:
    """The bytes of the longest stretch of DOT text without a quote, backslash or angle bracket:
    at least as long as the longest token dot's lexer reads from it (see above)."""
    return max((len(m.group().encode("utf-8")) for m in _RUN.finditer(dot_source)), default=0)
