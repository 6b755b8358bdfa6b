"""`json_indent.dumps` writes what `json.dumps(indent=2, ensure_ascii=False)` writes, byte for
byte: on random JSON values (strings with every kind of character, floats of every size,
enums and other subclasses), on every flow of the examples and of a generated design, and
`paths --format json` prints the same bytes as the reference encoder."""

from __future__ import annotations

import enum
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pricing_support import from_text

from vpcdocs.analysis.analysis import analyse
from vpcdocs.analysis.result import paths_document
from vpcdocs.commands.json_indent import dumps
from vpcdocs.commands.paths import document_text, json_chunks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402


def reference(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class Colour(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    BIG = 7


class Ratio(float):
    pass


class Items(list):  # type: ignore[type-arg]
    pass


class Fields(dict):  # type: ignore[type-arg]
    pass


scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text() | st.text(alphabet=st.characters(max_codepoint=0x3F))
    | st.sampled_from([Colour.RED, Size.BIG, Ratio(0.5), 1e-05, 1e16, -0.0, 1e300, 5e-324])
)
keys = st.text() | st.sampled_from(["id", "é", "a\nb", '"', "\\", "\x00", "\u2028"])
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
        | st.lists(inner, max_size=3).map(Items)
        | st.dictionaries(keys, inner, max_size=4)
        | st.dictionaries(keys, inner, max_size=3).map(Fields)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_random_values_encode_as_json_does(value: Any) -> None:
    assert dumps(value) == reference(value)


@settings(max_examples=100, deadline=None)
@given(values)
def test_an_indented_value_is_the_reference_shifted(value: Any) -> None:
    assert dumps(value, "    ") == reference(value).replace("\n", "\n    ")


@pytest.mark.parametrize("key", [1, -2, 0.5, math.inf, True, False, None, Size.BIG])
def test_keys_that_are_not_strings(key: Any) -> None:
    assert dumps({key: 1, "x": [key]}) == reference({key: 1, "x": [key]})


def test_lone_surrogates_and_controls() -> None:
    value = {"a\ud800": ["\udfff", "\x7f\x1f\t\b\f\r\n", "\u2028\u2029"]}
    assert dumps(value) == reference(value)


@pytest.mark.parametrize("value", [object(), {"x": {1, 2}}, {(1, 2): 3}, [b"bytes"]])
def test_what_json_refuses_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        reference(value)
    with pytest.raises(TypeError):
        dumps(value)


def test_every_flow_of_the_examples_and_a_generated_design() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.yaml"))]
    texts.append(design(Shape(regions=3, vpcs=12, flows=300)))
    for text in texts:
        made = analyse(from_text(text))
        for flow in made.flows:
            assert dumps(flow.to_json()) == reference(flow.to_json()), flow.id
        whole = "".join(json_chunks(made.flows))
        assert whole == document_text(paths_document(made.flows))
        assert whole == reference(paths_document(made.flows)) + "\n"
