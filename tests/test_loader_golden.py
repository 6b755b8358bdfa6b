"""Every loader rule, with the exact output of `vpcdocs validate` as golden text.

Each `tests/cases/loader/<rule>.yaml` is a small input whose first comment says what it shows;
`tests/golden/loader/<rule>.txt` is what `vpcdocs validate tests/cases/loader/<rule>.yaml` prints,
then the exit code. Run from the repository root with a relative path, so goldens never contain
the checkout folder. `pytest --update-goldens` rewrites them (review the diff). Each case runs
with both YAML parsers (libyaml and the pure-Python fallback): the output must not depend on
which one is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import vpcdocs.loader.yamlsrc as yamlsrc
from vpcdocs.cli import cli
from vpcdocs.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "cases" / "loader"
CASES = sorted(CASES_DIR.glob("*.yaml"))
LOADER_SOURCES = sorted((ROOT / "vpcdocs" / "loader").glob("*.py"))

# Codes no case file can show: a missing file (tests/test_cli_validate.py) and a file over the
# size limit (generated in tests/test_loader_robustness.py); INVALID is the fallback for a
# pydantic error type the translation does not know (none is known to reach it).
NOT_IN_CASES = {"CANNOT_READ", "FILE_TOO_LARGE", "INVALID"}

CODE_IN_SOURCE = re.compile(r"\bDiagnosticCode\.([A-Z][A-Z0-9_]+)\b")
CODE_IN_OUTPUT = re.compile(r": (?:error|warning)\[([A-Z0-9_]+)\]: ")


def run_validate(relative: str, *args: str) -> tuple[str, int]:
    result = CliRunner().invoke(cli, ["validate", *args, relative])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output, result.exit_code  # diagnostics (stderr), then the summary


@pytest.mark.parametrize("parser", ["libyaml", "pure"])
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_validate_output_matches_golden(case: Path, parser: str, golden, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if parser == "pure":
        monkeypatch.setattr(yamlsrc, "CParser", None)
    elif yamlsrc.CParser is None:
        pytest.skip("ruamel.yaml.clib is not installed")
    monkeypatch.chdir(ROOT)
    output, code = run_validate(case.relative_to(ROOT).as_posix())
    golden(f"loader/{case.stem}.txt", f"{output}[exit {code}]\n")


def test_every_case_has_a_golden_and_every_golden_a_case() -> None:
    goldens = {p.stem for p in (ROOT / "tests" / "golden" / "loader").glob("*.txt")}
    assert goldens == {c.stem for c in CASES}


def test_every_diagnostic_code_has_a_case() -> None:
    in_source: set[str] = set()
    for path in LOADER_SOURCES:
        in_source |= set(CODE_IN_SOURCE.findall(path.read_text(encoding="utf-8")))
    in_goldens: set[str] = set()
    for path in (ROOT / "tests" / "golden" / "loader").glob("*.txt"):
        in_goldens |= set(CODE_IN_OUTPUT.findall(path.read_text(encoding="utf-8")))
    assert in_source, "no codes found: the pattern no longer matches the loader's code"
    missing = in_source - in_goldens - NOT_IN_CASES
    assert not missing, f"codes without a golden case: {sorted(missing)}"
    assert in_goldens <= in_source, f"codes in goldens but not in the loader: {in_goldens - in_source}"


def test_many_errors_case_reports_errors_from_every_stage() -> None:
    text = (ROOT / "tests" / "golden" / "loader" / "many-errors.txt").read_text(encoding="utf-8")
    codes = CODE_IN_OUTPUT.findall(text)
    assert len(codes) >= 10
    # YAML stage, schema stage and the cross-object rules each contribute
    assert "DUPLICATE_KEY" in codes
    assert {"UNKNOWN_KEY", "ACCOUNT_NOT_QUOTED", "BAD_VALUE"} <= set(codes)
    assert {"UNKNOWN_REFERENCE", "SUBNET_OVERLAP", "ENDPOINT_TYPE", "PEERING_OVERLAP"} <= set(codes)
    lines = [int(m) for m in re.findall(r"^tests/cases/loader/many-errors\.yaml:(\d+):", text, re.M)]
    assert lines == sorted(lines), "diagnostics are sorted by position"


def test_empty_route_tables_load_with_no_routes() -> None:
    result = load_file(CASES_DIR / "empty-route-tables.yaml")
    assert result.ok and result.diagnostics == ()
    topo = result.topology
    assert topo is not None
    assert {n: t.routes for n, t in topo.route_tables.items()} == {
        "rt-bare": (), "rt-flow": (), "rt-list": (), "rt-null": ()}
    assert topo.route_tables["rt-null"].main
    assert {n: (t.routes, t.propagations) for n, t in topo.tgw_route_tables.items()} == {
        "tgw-bare": ((), ()), "tgw-list": ((), ()), "tgw-null": ((), ())}
