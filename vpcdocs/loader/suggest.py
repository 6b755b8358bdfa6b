""""Did you mean ...?": the closest known name for a misspelt one, with bounded work per file.

`difflib` compares a word with every candidate (tens of microseconds each), so a file with
thousands of bad references to thousands of names would take minutes. Candidates one edit away
(a missing, extra or changed character, or two swapped ones) are found instead through an index
of each known word with one character deleted, which costs a few lookups per word whatever the
vocabulary. Only when that finds nothing does `difflib` look further, and its total number of
comparisons per file is capped (`BUDGET`), after which no more such suggestions are made. The
cap counts comparisons, not time, so the output never depends on the machine.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

BUDGET = 20_000  # difflib comparisons per loaded file


def _variants(word: str) -> set[str]:
    """The word and the word with each one character deleted (lower case)."""
    w = word.lower()
    return {w} | {w[:i] + w[i + 1:] for i in range(len(w))}


def _surely_similar(a: str, b: str) -> bool:
    """Whether difflib's ratio of `a` and `b` is surely at least 0.5, without computing it.

    The ratio is 2 * matched / (len(a) + len(b)), and difflib matches at least the longest
    common substring (it looks for that first; below 200 characters nothing is discarded as
    junk), so a common prefix or suffix of a quarter of the total length suffices.
    """
    if len(b) >= 200:
        return False
    return 4 * max(_common_start(a, b), _common_start(a[::-1], b[::-1])) >= len(a) + len(b)


def _common_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class _Index:
    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self.by_variant: dict[str, list[str]] = {}
        for w in self.words:
            for v in _variants(w):
                self.by_variant.setdefault(v, []).append(w)

    def near(self, word: str) -> list[str]:
        found: set[str] = set()
        for v in _variants(word):
            found.update(self.by_variant.get(v, ()))
        found.discard(word)
        return sorted(found)


class Suggester:
    """Suggestions for one file: indexes are built once per vocabulary, answers remembered.

    A file with thousands of bad references asks about the same vocabulary thousands of times;
    a caller that passes the same sequence object each time (`Namespace.suggest` does) finds its
    index without copying or hashing the vocabulary again.
    """

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self._indexes: dict[tuple[str, ...], _Index] = {}
        # id(choices) -> (choices, index); holding `choices` keeps its id from being reused
        self._by_identity: dict[int, tuple[Sequence[str], _Index]] = {}
        self._answers: dict[tuple[str, int, float], str | None] = {}

    def _index(self, choices: Sequence[str]) -> _Index:
        known = self._by_identity.get(id(choices))
        if known is not None and known[0] is choices:
            return known[1]
        vocab = tuple(choices)
        index = self._indexes.get(vocab)
        if index is None:
            index = self._indexes[vocab] = _Index(vocab)
        self._by_identity[id(choices)] = (choices, index)
        return index

    def closest(self, word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
        """The known word most like `word`, or None when nothing is close enough."""
        index = self._index(choices)
        key = (word, id(index), cutoff)
        if key in self._answers:
            return self._answers[key]
        answer: str | None = None
        near = index.near(word)
        if near:
            # ties go to a word with the same first letter (a slip rarely changes that: `s4`
            # is `s3`, not `ds`), then alphabetically
            best = near[0] if len(near) == 1 else min(near, key=lambda c: (
                -difflib.SequenceMatcher(None, word, c).ratio(), c[:1] != word[:1], c))
            if _surely_similar(word.lower(), best.lower()) or \
                    difflib.SequenceMatcher(None, word.lower(), best.lower()).ratio() >= 0.5:
                answer = best
        elif len(index.words) <= self.budget:
            self.budget -= len(index.words)
            close = difflib.get_close_matches(word, index.words, n=1, cutoff=cutoff)
            answer = close[0] if close else None
        self._answers[key] = answer
        return answer
