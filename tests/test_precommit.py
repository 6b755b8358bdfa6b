"""The pre-commit hooks, run by the real `pre-commit` against temporary git repositories.

* Fast (always): the hooks of `.pre-commit-hooks.yaml`, with their real ids, entries and
  options, as `repo: local` / `language: system` hooks run by the installed vpcdocs, through
  `pre-commit install` and `git commit`: the first commit regenerates the docs and fails, the
  second (with the new files staged) passes, an edit to the topology fails again.
* Slow (about a minute: pre-commit builds a virtualenv of vpcdocs from PyPI): the same through
  `pre-commit try-repo` on a clone of this repository, as users run it. It runs in CI
  (`CI` set) or with `VPCDOCS_TRY_REPO=1`, and is skipped otherwise.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "vpcdocs" / "data" / "starter.yaml"  # small: what `vpcdocs init` writes
README = "# Network\n\nIntro.\n\n<!-- BEGIN_VPCDOCS -->\n<!-- END_VPCDOCS -->\n\nThe end.\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _manifest() -> list[dict[str, object]]:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(home)
    env["PRE_COMMIT_COLOR"] = "never"
    env.pop("PRE_COMMIT", None)
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(key, None)
    env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = "Test"
    env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = "test@example.com"
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str],
         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def _git(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = _run(["git", "-c", "commit.gpgsign=false", *args], repo, env)
    return done


def _project(tmp: Path, env: dict[str, str]) -> Path:
    repo = tmp / "project"
    repo.mkdir()
    assert _git(repo, env, "init", "-q").returncode == 0
    shutil.copyfile(STARTER, repo / "network.yaml")
    (repo / "README.md").write_text(README, encoding="utf-8")
    (repo / ".vpcdocs.yml").write_text("inject: [README.md]\n", encoding="utf-8")
    return repo


def _local_config() -> str:
    """The manifest's hooks as `repo: local` hooks run by this interpreter."""
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook in _manifest():
        entry = shlex.split(str(hook["entry"]))
        assert entry[0] == "python"
        entry[0] = sys.executable
        lines += [
            f"      - id: {hook['id']}",
            f"        name: {hook['name']}",
            f"        entry: {shlex.join(entry)}",
            "        language: system",
            f"        pass_filenames: {str(hook['pass_filenames']).lower()}",
        ]
    return "\n".join(lines) + "\n"


def _commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert _git(repo, env, "add", "-A").returncode == 0
    return _git(repo, env, "commit", "-q", "-m", message)


def test_manifest_hooks() -> None:
    hooks = {str(h["id"]): h for h in _manifest()}
    assert set(hooks) == {"vpcdocs-validate", "vpcdocs-docs"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["always_run"] is True
        assert str(hook["entry"]).startswith("python -P -m vpcdocs.commands.hook ")


def test_hooks_on_commit(tmp_path: Path) -> None:
    env = _env(tmp_path / "pre-commit-home")
    repo = _project(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(_local_config(), encoding="utf-8")
    installed = _run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    first = _commit(repo, env, "first")
    out = first.stdout + first.stderr
    assert first.returncode != 0, out
    assert "vpcdocs validate" in out and "Passed" in out
    assert "vpcdocs docs" in out and "Failed" in out
    assert "README.md: summary updated" in out
    assert (repo / "docs/network/index.md").is_file()
    assert (repo / "docs/network/.vpcdocs-manifest.json").is_file()
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "| `app-to-internet-s3` |" in readme and readme.endswith("The end.\n")
    assert _git(repo, env, "rev-parse", "-q", "--verify", "HEAD").returncode != 0  # no commit

    second = _commit(repo, env, "first, with the docs")
    assert second.returncode == 0, second.stdout + second.stderr
    assert _git(repo, env, "status", "--porcelain").stdout == ""

    topology = (repo / "network.yaml").read_text(encoding="utf-8")
    at = topology.index("gb_per_month: 10\n", topology.index("  app-to-internet-s3:"))
    edited = topology[:at] + "gb_per_month: 100\n" + topology[at + len("gb_per_month: 10\n"):]
    (repo / "network.yaml").write_text(edited, encoding="utf-8")
    third = _commit(repo, env, "more data")
    out = third.stdout + third.stderr
    assert third.returncode != 0, out
    assert "docs/network/flows/app-to-internet-s3/index.md: changed" in out
    assert "| 100 | $7.00 |" in (repo / "README.md").read_text(encoding="utf-8")
    fourth = _commit(repo, env, "more data, with the docs")
    assert fourth.returncode == 0, fourth.stdout + fourth.stderr


def test_hooks_report_bad_input(tmp_path: Path) -> None:
    env = _env(tmp_path / "pre-commit-home")
    repo = _project(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(_local_config(), encoding="utf-8")
    (repo / "network.yaml").write_text("vpcdocs: 1\nvpcs: {a: {region: eu-west-1}}\n")
    _git(repo, env, "add", "-A")
    run = _run([sys.executable, "-m", "pre_commit", "run"], repo, env)
    out = run.stdout + run.stderr
    assert run.returncode == 1
    assert "network.yaml:2:" in out and "error[" in out
    assert not (repo / "docs").exists()
    (repo / ".vpcdocs.yml").write_text("topolgy: net.yaml\n", encoding="utf-8")
    _git(repo, env, "add", "-A")
    run = _run([sys.executable, "-m", "pre_commit", "run", "vpcdocs-validate"], repo, env)
    out = run.stdout + run.stderr
    assert run.returncode == 1
    assert ".vpcdocs.yml:1:1: error[CONFIG_UNKNOWN_KEY]: unknown setting `topolgy`" in out


@pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("VPCDOCS_TRY_REPO")),
    reason="builds a virtualenv from PyPI (about a minute): runs in CI or with VPCDOCS_TRY_REPO=1",
)
def test_try_repo(tmp_path: Path) -> None:
    env = _env(tmp_path / "pre-commit-home")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    hook_repo = tmp_path / "vpcdocs"
    cloned = _run(["git", "clone", "-q", str(ROOT), str(hook_repo)], tmp_path, env)
    assert cloned.returncode == 0, cloned.stderr
    repo = _project(tmp_path, env)
    _git(repo, env, "add", "-A")
    run = _run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo)], repo, env,
               timeout=900)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "vpcdocs validate" in out and "Passed" in out
    assert "README.md: summary updated" in out
    assert (repo / "docs/network/index.md").is_file()
