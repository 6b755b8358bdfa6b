"""The progress display: shown on a terminal, never when piped, redirected or in CI (so what a
script or a log reads is unchanged)."""

from __future__ import annotations

import io

import pytest

from vpcdocs.commands.progress import enabled, stage


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    assert enabled(screen)
    with stage("Drawing 1,205 diagrams", screen):
        pass
    assert "Drawing 1,205 diagrams" in screen.getvalue()


@pytest.mark.parametrize(("ci", "term"), [("true", "xterm"), ("1", "xterm"), ("", "dumb")])
def test_quiet_in_ci_and_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch, ci: str,
                                            term: str) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("TERM", term)
    screen = Terminal()
    assert not enabled(screen)
    with stage("Drawing", screen):
        pass
    assert screen.getvalue() == ""


def test_quiet_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    piped = io.StringIO()
    assert not enabled(piped)
    with stage("Drawing", piped):
        pass
    assert piped.getvalue() == ""
