"""What Graphviz says about a picture it did draw (e.g. that a PNG too large for cairo was
scaled down) reaches the user: a `RenderWarning` from `render`, printed by the command line as
`warning: ...` on stderr (it used to be dropped)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli
from vpcdocs.render import graphviz_run
from vpcdocs.render.graphviz_run import DotSource, RenderWarning, render

COURSE = Path(__file__).resolve().parent.parent / "examples" / "course.yaml"
ODD = "digraph { a [shape=nosuchshape] }"  # dot draws it, with a warning


def test_render_passes_graphviz_warnings_on() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert render(DotSource(ODD, subject="the overview"), "svg").startswith(b"<?xml")
    messages = [str(w.message) for w in caught if issubclass(w.category, RenderWarning)]
    assert messages == ["the overview: Graphviz: using box for unknown shape nosuchshape"]


def test_a_quiet_graphviz_run_warns_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render("digraph { a -> b }", "svg")
    assert [w for w in caught if issubclass(w.category, RenderWarning)] == []


def test_the_command_line_prints_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = graphviz_run.render

    def odd_render(source: str, fmt: str, **kwargs: object) -> bytes:
        return real(DotSource(ODD, subject="the overview"), fmt)

    import vpcdocs.render.draw as draw

    monkeypatch.setattr(draw, "render", odd_render)
    result = CliRunner().invoke(cli, ["diagram", str(COURSE), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 0, result.output
    assert ("warning: the overview: Graphviz: using box for unknown shape nosuchshape"
            in result.stderr.splitlines())
