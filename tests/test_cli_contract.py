"""The CLI convention (docs/commands.md), checked on every command that `vpcdocs.cli.COMMANDS`
lists (and every subcommand of a group): help texts, `-o/--output` for what is written,
diagnostics on stderr in the format `--diagnostics` chooses, a missing input reported as that
file, `--strict` failing on the same warnings everywhere, and `serve` printing the address it
really bound."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vpcdocs.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "examples/course.yaml"  # no warning (two info findings)
HUB = ROOT / "examples/hub-and-spoke.yaml"  # one warning: an unreachable flow
TOPOLOGY_FREE = {"schema", "init"}  # read no topology nor any other input to diagnose
WRITERS = {"init", "diagram", "generate", "build", "diff", "import terraform", "import snapshot",
           "import aws", "import cloudformation"}
STRICT = {"validate", "paths", "cost", "generate", "build"}


def _all() -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            for sub in sorted(command.commands):
                yield f"{name} {sub}", command.commands[sub]
        else:
            yield name, command


ALL = dict(_all())


def _options(command: click.Command) -> dict[str, click.Option]:
    return {o: p for p in command.params if isinstance(p, click.Option) for o in p.opts}


def run(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_every_listed_command_exists_and_has_help() -> None:
    assert set(ALL) >= set(COMMANDS) - {"hook", "import"}
    for name in ALL:
        code, out, _ = run([*name.split(), "--help"])
        assert code == 0 and out.startswith("Usage: "), name


def test_help_names_only_documents_the_project_ships() -> None:
    for name in ALL:
        _, out, _ = run([*name.split(), "--help"])
        for doc in re.findall(r"[\w./-]+\.md\b", out):
            assert (ROOT / doc).is_file(), f"`vpcdocs {name} --help` names {doc}"


@pytest.mark.parametrize("name", sorted(set(ALL) - TOPOLOGY_FREE))
def test_every_command_that_reads_input_has_diagnostics(name: str) -> None:
    option = _options(ALL[name]).get("--diagnostics")
    assert option is not None, name
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == ("text", "github", "json")


@pytest.mark.parametrize("name", sorted(ALL))
def test_output_is_dash_o_everywhere(name: str) -> None:
    options = _options(ALL[name])
    if name in WRITERS:
        assert {"-o", "--output"} <= set(options), name
        assert options["-o"] is options["--output"]
    else:
        assert "-o" not in options and "--output" not in options, name
    _, out, _ = run([*name.split(), "--help"])
    for old in ("--out ", "--site-dir", "--diagram"):
        assert old not in out, f"{name} shows {old.strip()} (a hidden alias now)"


@pytest.mark.parametrize(("name", "old"), [("generate", "--out"), ("build", "--site-dir"),
                                           ("diff", "--diagram")])
def test_old_spellings_still_work(name: str, old: str) -> None:
    option = _options(ALL[name])[old]
    assert option is _options(ALL[name])["--output"]


@pytest.mark.parametrize("name", sorted(STRICT))
def test_strict_has_one_meaning(name: str) -> None:
    option = _options(ALL[name])["--strict"]
    assert option.help is not None and option.help.startswith(
        "Fail (exit 1) on any warning: from the topology, a warning finding or an unreachable "
        "flow.")


# --------------------------------------------------------------------------- behaviour

BAD = "vpcdocs: 1\nvpcs: {}\nbogus: 1\n"  # UNKNOWN_KEY at 3:1


def _invocation(name: str, topology: Path, tmp: Path) -> list[str] | None:
    """A run of `name` that reads `topology` (None: the command reads no topology)."""
    readme = tmp / "README.md"
    readme.write_text("<!-- BEGIN_VPCDOCS -->\n<!-- END_VPCDOCS -->\n", encoding="utf-8")
    t = str(topology)
    return {
        "validate": [t], "paths": [t], "cost": [t], "serve": [t],
        "diagram": [t, "-o", str(tmp / "d.dot")],
        "generate": [t, "-o", str(tmp / "docs")],
        "build": [t, "-o", str(tmp / "site"), "--no-config"],
        "inject": [str(readme), "--topology", t, "--docs", str(tmp / "docs")],
        "diff": [t, str(COURSE)],
    }.get(name)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
@pytest.mark.parametrize("name", ["validate", "paths", "cost", "diagram", "generate", "build",
                                  "serve", "inject", "diff"])
def test_diagnostics_go_to_stderr_in_the_chosen_format(name: str, fmt: str,
                                                       tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    args = _invocation(name, bad, tmp_path)
    assert args is not None
    code, out, err = run([name, *args, "--diagnostics", fmt])
    assert code == 1
    assert "UNKNOWN_KEY" not in out  # the diagnostics are not on stdout
    line = next(line for line in err.splitlines() if str(bad) in line)
    if fmt == "text":
        assert line.startswith(f"{bad}:3:1: error[UNKNOWN_KEY]: ")
    elif fmt == "github":
        assert line.startswith("::error file=") and "line=3,col=1,title=UNKNOWN_KEY::" in line
    else:
        found = json.loads(line)
        assert (found["line"], found["col"], found["code"]) == (3, 1, "UNKNOWN_KEY")


@pytest.mark.parametrize("fmt", ["github", "json"])
def test_hooks_and_importers_print_diagnostics_in_the_chosen_format(
        fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "network.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["hook", "validate"], ["hook", "docs"]):
        code, _, err = run([*args, "--diagnostics", fmt])
        assert code == 1 and "UNKNOWN_KEY" in err and "network.yaml" in err, args
        assert err.startswith("::error ") if fmt == "github" else json.loads(err.splitlines()[0])
    (tmp_path / "plan.json").write_text("{", encoding="utf-8")
    code, out, err = run(["import", "terraform", "plan.json", "--diagnostics", fmt])
    assert code == 1 and out == "" and "JSON_SYNTAX" in err


@pytest.mark.parametrize("name", ["validate", "paths", "cost", "diagram", "generate", "build",
                                  "serve", "diff"])
def test_a_missing_topology_is_named(name: str, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    args = _invocation(name, missing, tmp_path)
    assert args is not None
    code, _, err = run([name, *args])
    assert code == 1
    assert f"{missing}:1:1: error[CANNOT_READ]: " in err


def test_inject_blames_the_file_it_was_given(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`vpcdocs inject nope.md` in a folder without network.yaml blames nope.md."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["inject", "nope.md"])
    assert code == 1
    assert err.startswith("nope.md:1:1: error[CANNOT_READ]: ")
    assert "network.yaml" not in err


@pytest.mark.parametrize("name", sorted(STRICT))
def test_strict_fails_on_the_same_warnings_everywhere(name: str, tmp_path: Path) -> None:
    args = _invocation(name, HUB, tmp_path)
    assert args is not None
    if name == "validate":
        args = [*args, "--findings"]
    code, _, err = run([name, *args, "--strict"])
    assert code == 1, err
    assert "warning[FLOW_UNREACHABLE]" in err
    if name in ("generate", "build"):
        assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()
    # info findings never fail
    clean = _invocation(name, COURSE, tmp_path)
    assert clean is not None
    if name == "validate":
        clean = [*clean, "--findings"]
    if name == "build":
        return  # a whole site build for one more exit code: generate shows the rule
    code, _, err = run([name, *clean, "--strict"])
    assert code == 0, err


def test_without_strict_a_warning_does_not_fail(tmp_path: Path) -> None:
    for name in ("paths", "cost", "generate"):
        args = _invocation(name, HUB, tmp_path)
        assert args is not None
        code, _, err = run([name, *args])
        assert code == 0, (name, err)


def test_serve_prints_the_address_it_bound(tmp_path: Path) -> None:
    exe = shutil.which("vpcdocs", path=str(Path(sys.executable).parent))
    assert exe is not None
    proc = subprocess.Popen(
        [exe, "serve", str(COURSE), "-a", "127.0.0.1:0", "--no-config"], cwd=tmp_path,
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r" at http://127\.0\.0\.1:(\d+)/ ", line)
        assert match is not None, line
        port = int(match.group(1))
        assert port != 0
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass  # the port printed is the one listening
    finally:
        proc.terminate()
        proc.wait(timeout=30)
