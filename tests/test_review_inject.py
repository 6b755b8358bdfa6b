"""`vpcdocs inject`: marker handling (fences, CRLF, errors with lines), the summary block
(golden), the command with `--check`, and `.vpcdocs.yml` defaults."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GoldenCheck

from vpcdocs.analysis.analysis import analyse
from vpcdocs.cli import cli
from vpcdocs.loader import load_file
from vpcdocs.review.inject import BEGIN, END, find_markers, inject_text
from vpcdocs.review.summary import Links, summary_markdown

ROOT = Path(__file__).resolve().parent.parent
README = f"# Title\n\nIntro.\n\n{BEGIN}\nold text\n{END}\n\nThe end.\n"


def test_replaces_only_between_the_markers() -> None:
    out = inject_text("R.md", README, "new\nblock\n")
    assert out.text == f"# Title\n\nIntro.\n\n{BEGIN}\nnew\nblock\n{END}\n\nThe end.\n"
    assert out.changed_from(README) and not out.diagnostics
    again = inject_text("R.md", out.text, "new\nblock\n")
    assert again.text == out.text and not again.changed_from(out.text)


def test_keeps_crlf_and_tolerates_spacing() -> None:
    text = f"a\r\n<!--BEGIN_VPCDOCS   -->\r\nx\r\n  {END}\r\nb"
    out = inject_text("R.md", text, "one\ntwo")
    assert out.text == f"a\r\n<!--BEGIN_VPCDOCS   -->\r\none\r\ntwo\r\n  {END}\r\nb"


def test_markers_in_code_fences_are_text() -> None:
    text = f"```markdown\n{BEGIN}\n{END}\n```\n\n{BEGIN}\n{END}\n~~~\n{BEGIN}\n~~~\n"
    assert find_markers("R.md", text) == (5, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no markers\n", "R.md:1:1: error[INJECT_NO_MARKERS]"),
        (f"x\n{BEGIN}\n", "R.md:2:1: error[INJECT_MARKERS]: `<!-- BEGIN_VPCDOCS -->` is never"),
        (f"{END}\n", "R.md:1:1: error[INJECT_MARKERS]: `<!-- END_VPCDOCS -->` without"),
        (f"{END}\n{BEGIN}\n", "R.md:1:1: error[INJECT_MARKERS]: `<!-- END_VPCDOCS -->` comes"),
        (f"{BEGIN}\n{END}\n{BEGIN}\n{END}\n", "R.md:3:1: error[INJECT_MARKERS]: a second"),
        (f"text {BEGIN}\n{END}\n", "R.md:2:1: error[INJECT_MARKERS]: `<!-- END_VPCDOCS -->` w"),
    ],
)
def test_marker_errors(text: str, expected: str) -> None:
    from vpcdocs.diagnostics import format_text

    out = inject_text("R.md", text, "x")
    assert out.text is None
    assert format_text(out.diagnostics[0]).startswith(expected)


def test_summary_golden(golden: GoldenCheck) -> None:
    result = load_file(ROOT / "examples/course.yaml")
    assert result.topology is not None
    side = analyse(result.topology)
    links = Links("docs/network/index.md", "docs/network/diagram.svg")
    golden("inject/course-summary.md", summary_markdown(side, source="network.yaml",
                                                       links=links) + "\n")
    plain = summary_markdown(side, source="network.yaml")
    assert "](" not in plain  # no links when there are no docs


def _project(tmp_path: Path) -> Path:
    shutil.copyfile(ROOT / "examples/course.yaml", tmp_path / "network.yaml")
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the repository root for .vpcdocs.yml lookups
    return tmp_path


def test_command_writes_then_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    golden: GoldenCheck) -> None:
    repo = _project(tmp_path)
    (repo / "docs/network").mkdir(parents=True)
    (repo / "docs/network/diagram.svg").write_text("<svg/>", encoding="utf-8")
    (repo / "docs/network/index.md").write_text("# Course network\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    runner = CliRunner()
    stale = runner.invoke(cli, ["inject", "README.md", "--check"])
    assert stale.exit_code == 1 and "out of date" in stale.output
    assert (repo / "README.md").read_text(encoding="utf-8") == README
    done = runner.invoke(cli, ["inject", "README.md"])
    assert done.exit_code == 0 and "README.md: summary updated" in done.output
    text = (repo / "README.md").read_text(encoding="utf-8")
    golden("inject/course-readme.md", text)
    assert "[![Overview diagram of Course network](docs/network/diagram.svg)]" in text
    ok = runner.invoke(cli, ["inject", "README.md", "--check"])
    assert ok.exit_code == 0 and "up to date" in ok.output


def test_command_uses_the_config_from_a_subfolder(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _project(tmp_path)
    (repo / "net").mkdir()
    (repo / "network.yaml").rename(repo / "net/design.yaml")
    (repo / ".vpcdocs.yml").write_text("topology: net/design.yaml\noutput: site-docs\n")
    (repo / "net/NOTES.md").write_text(README, encoding="utf-8")
    (repo / "site-docs").mkdir()
    (repo / "site-docs/index.md").write_text("# docs\n", encoding="utf-8")
    monkeypatch.chdir(repo / "net")
    done = CliRunner().invoke(cli, ["inject", "NOTES.md"])
    assert done.exit_code == 0, done.output
    text = (repo / "net/NOTES.md").read_text(encoding="utf-8")
    assert "generated by vpcdocs from design.yaml;" in text
    assert "[Course network](../site-docs/index.md)" in text


def test_command_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _project(tmp_path)
    (repo / "PLAIN.md").write_text("nothing here\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    runner = CliRunner()
    result = runner.invoke(cli, ["inject", "PLAIN.md"])
    assert result.exit_code == 1 and "PLAIN.md:1:1: error[INJECT_NO_MARKERS]" in result.output
    (repo / ".vpcdocs.yml").write_text("strict: maybe\n", encoding="utf-8")
    result = runner.invoke(cli, ["inject", "README.md"])
    assert result.exit_code == 1
    assert ".vpcdocs.yml:1:9: error[CONFIG_TYPE]: `strict` must be true or false" in result.output
    result = runner.invoke(cli, ["inject", "README.md", "--topology", "missing.yaml",
                                 "--docs", "d"])
    assert result.exit_code == 1 and "missing.yaml:1:1: error[CANNOT_READ]" in result.output


def test_command_links_only_docs_pages_that_exist(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`inject` once wrote a link to docs/network/index.md without checking it exists."""
    repo = _project(tmp_path)
    monkeypatch.chdir(repo)
    done = CliRunner().invoke(cli, ["inject", "README.md"])
    assert done.exit_code == 0, done.output  # a warning, not a failure
    assert "warning[INJECT_DOCS_MISSING]: docs/network/index.md does not exist" in done.output
    text = (repo / "README.md").read_text(encoding="utf-8")
    assert "docs/network" not in text
    # once the docs exist, the summary links them, and the pricing page when it is there
    (repo / "docs/network").mkdir(parents=True)
    (repo / "docs/network/index.md").write_text("# docs\n", encoding="utf-8")
    (repo / "docs/network/pricing.md").write_text("# Pricing\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["inject", "README.md"])
    assert done.exit_code == 0 and "INJECT_DOCS_MISSING" not in done.output
    text = (repo / "README.md").read_text(encoding="utf-8")
    assert "[Course network](docs/network/index.md)" in text
    for link in re.findall(r"\]\(([^)]+)\)", text):
        assert (repo / link).is_file(), link
