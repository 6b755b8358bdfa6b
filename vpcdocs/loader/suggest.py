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
    """Suggestions for one file: indexes are built once per vocabulary, answers remembered."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self._indexes: dict[tuple[str, ...], _Index] = {}
        self._answers: dict[tuple[str, tuple[str, ...], float], str | None] = {}

    def closest(self, word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
        """The known word most like `word`, or None when nothing is close enough."""
        vocab = tuple(choices)
        key = (word, vocab, cutoff)
        if key in self._answers:
            return self._answers[key]
        index = self._indexes.get(vocab)
        if index is None:
            index = self._indexes[vocab] = _Index(vocab)
        answer: str | None = None
        near = index.near(word)
        if near:
            scored = sorted(near, key=lambda c: (-difflib.SequenceMatcher(None, word, c).ratio(),
                                                 c))
            best = scored[0]
            if difflib.SequenceMatcher(None, word.lower(), best.lower()).ratio() >= 0.5:
                answer = best
        elif len(index.words) <= self.budget:
            self.budget -= len(index.words)
            close = difflib.get_close_matches(word, index.words, n=1, cutoff=cutoff)
            answer = close[0] if close else None
        self._answers[key] = answer
        return answer
