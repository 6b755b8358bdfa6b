"""The `validate`, `schema` and `init` commands: output formats, exit codes 0/1/2, files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vpcdocs import __version__
from vpcdocs.cli import cli
from vpcdocs.commands.init import SCHEMA_NAME, TOPOLOGY_NAME, starter_text
from vpcdocs.commands.schema import json_schema, schema_text
from vpcdocs.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
CASES = "tests/cases/loader"
SUMMARY = re.compile(r"\.yaml: (ok|\d+ errors?)$")


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# --- validate ---------------------------------------------------------------------------------

def test_valid_files_exit_0() -> None:
    result = run("validate", "examples/course.yaml", "examples/hub-and-spoke.yaml")
    assert result.exit_code == 0
    assert result.stdout == "examples/course.yaml: ok\nexamples/hub-and-spoke.yaml: ok\n"


def test_quiet_prints_nothing_for_valid_files() -> None:
    result = run("validate", "-q", "examples/course.yaml")
    assert (result.exit_code, result.stdout) == (0, "")


def test_an_invalid_file_exits_1_with_every_diagnostic() -> None:
    result = run("validate", f"{CASES}/many-errors.yaml")
    assert result.exit_code == 1
    assert result.stdout == f"{CASES}/many-errors.yaml: 13 errors\n"  # the summary
    assert sum(": error[" in line for line in result.stderr.splitlines()) == 13  # diagnostics


def test_several_files_fail_if_any_fails() -> None:
    result = run("validate", "examples/course.yaml", f"{CASES}/peering-self.yaml",
                 f"{CASES}/valid-minimal.yaml")
    assert result.exit_code == 1
    summaries = [line for line in result.stdout.splitlines() if SUMMARY.search(line)]
    assert summaries == ["examples/course.yaml: ok", f"{CASES}/peering-self.yaml: 1 error",
                         f"{CASES}/valid-minimal.yaml: ok"]


def test_a_missing_file_is_cannot_read() -> None:
    result = run("validate", "no/such/file.yaml", "examples/course.yaml")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "no/such/file.yaml:1:1: error[CANNOT_READ]: cannot read file: No such file or directory",
        "no/such/file.yaml: 1 error",
        "examples/course.yaml: ok",
    ]
    assert result.stderr.splitlines() == result.output.splitlines()[:1]


def test_warnings_pass_unless_strict() -> None:
    case = f"{CASES}/private-dns-off.yaml"
    relaxed = run("validate", case)
    assert relaxed.exit_code == 0
    assert relaxed.stdout.splitlines()[-1] == f"{case}: 2 warnings"
    strict = run("validate", "--strict", case)
    assert strict.exit_code == 1
    assert strict.stdout.splitlines()[-1] == f"{case}: 2 warnings (failing: --strict)"
    assert run("validate", "--strict", "examples/course.yaml").exit_code == 0


def test_github_annotations() -> None:
    findings = "tests/cases/findings"
    result = run("validate", "--findings", "--format", "github",
                 f"{CASES}/unknown-reference.yaml", f"{findings}/open-service.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""  # annotations are diagnostics: on stderr, no summary
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"::error file={CASES}/unknown-reference.yaml,line=9,col=70,title=UNKNOWN_REFERENCE::"
        "no route table named `app-publc`%0Ahint: did you mean `app-public`?")
    assert lines[-1].startswith(f"::warning file={findings}/open-service.yaml,line=14,col=3,"
                                "title=ENDPOINT_SERVICE_OPEN::")
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)


@pytest.mark.parametrize("args", [
    ["validate"],                                    # no file
    ["validate", "--format", "xml", "examples/course.yaml"],   # bad choice
    ["validate", "--frobnicate", "examples/course.yaml"],      # unknown option
    ["validate", "examples"],                        # a directory
    ["no-such-command"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"vpcdocs, version {__version__}\n"


def test_real_process_exit_codes_and_output() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    bad = subprocess.run([sys.executable, "-m", "vpcdocs", "validate", f"{CASES}/bad-region.yaml"],
                         cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"{CASES}/bad-region.yaml:4:21: error[BAD_REGION]: ")
    assert bad.stdout.splitlines() == [f"{CASES}/bad-region.yaml: 3 errors"]
    assert "Traceback" not in bad.stderr
    ok = subprocess.run([sys.executable, "-m", "vpcdocs", "validate", "examples/course.yaml"],
                        cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert (ok.returncode, ok.stdout) == (0, "examples/course.yaml: ok\n")
    usage = subprocess.run([sys.executable, "-m", "vpcdocs", "validate"], cwd=ROOT,
                           capture_output=True, text=True, env=env, check=False)
    assert usage.returncode == 2


# --- schema -----------------------------------------------------------------------------------

def test_checked_in_schema_is_current() -> None:
    checked_in = (ROOT / "schema" / "vpcdocs.schema.json").read_text(encoding="utf-8")
    assert checked_in == schema_text(), "run `vpcdocs schema > schema/vpcdocs.schema.json`"


def test_schema_command_prints_it() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text()


def test_schema_describes_the_format() -> None:
    schema = json_schema()
    assert schema["required"] == ["vpcdocs", "vpcs"]
    assert schema["additionalProperties"] is False
    vpc = schema["$defs"]["Vpc"]
    assert vpc["additionalProperties"] is False
    assert set(vpc["properties"]) >= {"region", "account", "cidr", "cidrs", "dns_support",
                                      "dns_hostnames", "internet_gateway", "subnets",
                                      "route_tables", "nat_gateways", "endpoints", "workloads"}
    assert "eu-west-2" in vpc["properties"]["region"]["enum"]
    subnets = vpc["properties"]["subnets"]["anyOf"][0]
    assert subnets["additionalProperties"] is False  # only valid names as keys
    assert set(schema["$defs"]["Flow"]["properties"]) >= {"from", "to", "region"}


# --- init -------------------------------------------------------------------------------------

def test_init_writes_a_valid_commented_starter(tmp_path: Path) -> None:
    target = tmp_path / "net"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    topology = target / TOPOLOGY_NAME
    assert topology.read_text(encoding="utf-8") == starter_text()
    assert (target / SCHEMA_NAME).read_text(encoding="utf-8") == schema_text()
    assert topology.read_text(encoding="utf-8").splitlines()[0] == (
        f"# yaml-language-server: $schema={SCHEMA_NAME}")
    assert sum(line.lstrip().startswith("#") for line in starter_text().splitlines()) >= 10
    loaded = load_file(topology)
    assert loaded.ok and loaded.diagnostics == ()
    assert sorted(p.name for p in target.iterdir()) == sorted([TOPOLOGY_NAME, SCHEMA_NAME])
    assert json.loads((target / SCHEMA_NAME).read_text(encoding="utf-8"))["title"]


def test_init_defaults_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    assert (tmp_path / TOPOLOGY_NAME).exists()
    assert run("validate", TOPOLOGY_NAME).exit_code == 0


@pytest.mark.parametrize("existing", [TOPOLOGY_NAME, SCHEMA_NAME])
def test_init_never_overwrites(tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert "already exists" in result.output and "nothing was written" in result.output
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == [existing]


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert run("init", str(tmp_path / "afile")).exit_code == 2


def test_json_schema_agrees_with_the_loader_on_examples_and_cases() -> None:
    """What editors check (the JSON Schema) accepts every valid file and flags schema errors."""
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    validator = jsonschema.Draft202012Validator(json_schema())

    def schema_errors(path: Path) -> list[str]:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as text, int keys as strings
        return [e.message for e in validator.iter_errors(data)]

    valid = [ROOT / "examples" / "course.yaml", ROOT / "examples" / "hub-and-spoke.yaml",
             ROOT / "vpcdocs" / "data" / "starter.yaml",
             ROOT / CASES / "empty-collections.yaml", ROOT / CASES / "empty-route-tables.yaml",
             ROOT / CASES / "valid-minimal.yaml"]
    for path in valid:
        assert schema_errors(path) == [], path
    for case in ("unknown-key", "bad-name", "bad-region", "bad-cidr", "bad-account", "type",
                 "bad-principal", "missing-key", "missing-vpcs", "bad-value"):
        assert schema_errors(ROOT / CASES / f"{case}.yaml"), case
