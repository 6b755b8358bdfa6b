"""The hook commands in process: defaults without `.vpcdocs.yml`, the docs hook's exit codes
(1 after writing, 0 when up to date, 1 for a stale `--check`), a missing topology, strict mode,
and that the hook writes exactly what `vpcdocs generate` writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli
from vpcdocs.commands.hook import hook

ROOT = Path(__file__).resolve().parent.parent


STARTER = ROOT / "vpcdocs/data/starter.yaml"  # small: what `vpcdocs init` writes


def _repo(tmp_path: Path, config: str | None = None, example: Path = STARTER) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(example, tmp_path / "network.yaml")
    if config is not None:
        (tmp_path / ".vpcdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_docs_hook_defaults_and_exit_codes(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path)
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")  # the repository root is found from a subfolder
    runner = CliRunner()
    first = runner.invoke(hook, ["docs"])
    assert first.exit_code == 1, first.output
    assert "../docs/network/concepts.md: new" in first.output  # paths as seen from here
    assert "new, 0 changed, 0 removed in all" in first.output
    assert "commit again" in first.output
    written = _files(repo / "docs/network")
    assert "index.md" in written and ".vpcdocs-manifest.json" in written
    second = runner.invoke(hook, ["docs"])
    assert second.exit_code == 0, second.output
    assert "up to date" in second.output
    assert runner.invoke(hook, ["docs", "--check"]).exit_code == 0
    # the same bytes as `vpcdocs generate`
    monkeypatch.chdir(repo)
    other = runner.invoke(cli, ["generate", "network.yaml", "--out", "other"])
    assert other.exit_code == 0, other.output
    assert _files(repo / "other") == written
    # an edit makes --check fail without writing
    text = (repo / "network.yaml").read_text(encoding="utf-8")
    (repo / "network.yaml").write_text(text.replace("gb_per_month: 100 ", "gb_per_month: 7 "))
    stale = runner.invoke(hook, ["docs", "--check"])
    assert stale.exit_code == 1
    assert "flows/app-to-s3/index.md: stale" in stale.output
    assert "run: vpcdocs generate network.yaml -o docs/network" in stale.output
    assert _files(repo / "docs/network") == written


def test_validate_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "topology: net/design.yaml\n")
    monkeypatch.chdir(repo)
    runner = CliRunner()
    missing = runner.invoke(hook, ["validate"])
    assert missing.exit_code == 1
    assert "net/design.yaml: no topology file here; set `topology:` in .vpcdocs.yml" in (
        missing.output)
    (repo / "net").mkdir()
    (repo / "network.yaml").rename(repo / "net/design.yaml")
    ok = runner.invoke(hook, ["validate"])
    assert ok.exit_code == 0 and "net/design.yaml: ok" in ok.output
    (repo / "net/design.yaml").write_text("vpcdocs: 1\nvpcs: {}\nbogus: 1\n")
    bad = runner.invoke(hook, ["validate"])
    assert bad.exit_code == 1 and "net/design.yaml:3:1: error[" in bad.output


def test_strict_fails_on_warning_findings(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "strict: true\n", ROOT / "examples/course.yaml")
    text = (repo / "network.yaml").read_text(encoding="utf-8")
    gateway = ("      s3-gw:\n        type: gateway\n        service: s3\n"
               "        route_tables: [london-app-a-rt, london-app-b-rt]\n")
    assert gateway in text
    (repo / "network.yaml").write_text(text.replace(gateway, ""), encoding="utf-8")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(hook, ["docs"])
    assert result.exit_code == 1
    assert "warning[NAT_FOR_GATEWAY_SERVICE]" in result.output
    assert "strict: true in .vpcdocs.yml" in result.output
    assert not (repo / "docs").exists()


def test_docs_hook_refreshes_injected_files(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "inject: [README.md]\noutput: site-docs\n")
    (repo / "README.md").write_text("x\n<!-- BEGIN_VPCDOCS -->\n<!-- END_VPCDOCS -->\n")
    monkeypatch.chdir(repo)
    runner = CliRunner()
    first = runner.invoke(hook, ["docs"])
    assert first.exit_code == 1 and "README.md: summary updated" in first.output
    assert "](site-docs/index.md)." in (repo / "README.md").read_text()
    assert runner.invoke(hook, ["docs"]).exit_code == 0
    (repo / "README.md").write_text("no markers any more\n")
    broken = runner.invoke(hook, ["docs"])
    assert broken.exit_code == 1 and "README.md:1:1: error[INJECT_NO_MARKERS]" in broken.output
