"""Suggestions ("did you mean ...?"): the shortcut that skips difflib never changes an answer."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from vpcdocs.loader.suggest import Suggester, _surely_similar

WORDS = st.text(alphabet="ab-1z", max_size=40)


@settings(max_examples=400, derandomize=True)
@given(WORDS, WORDS)
def test_the_shortcut_only_says_yes_when_difflib_would(a: str, b: str) -> None:
    if _surely_similar(a, b):
        assert difflib.SequenceMatcher(None, a, b).ratio() >= 0.5


def test_the_shortcut_stays_out_of_long_words() -> None:
    # from 200 characters difflib discards frequent characters, so it may match less
    assert not _surely_similar("a" * 300, "a" * 299)


def test_the_same_vocabulary_object_is_indexed_once() -> None:
    suggester = Suggester()
    names = tuple(f"table-{i}" for i in range(1000))
    assert suggester.closest("tabel-7", names) == "table-7"
    assert suggester.closest("tabel-8", names) == "table-8"
    assert len(suggester._indexes) == 1
    assert suggester.closest("tabel-9", list(names)) == "table-9"  # equal, another object
    assert len(suggester._indexes) == 1
    assert suggester.closest("x", ("a",)) is None
