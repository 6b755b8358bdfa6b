"""Findings are located diagnostics: `vpcdocs validate --findings` prints each unreachable flow,
cost and design finding and unknown price at the line of the object it concerns, in every output
format; goldens under tests/golden/findings/ hold the exact text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GoldenCheck

from vpcdocs.analysis.analysis import analyse
from vpcdocs.cli import cli
from vpcdocs.codes import CODE_DOCS, DiagnosticCode, Group
from vpcdocs.loader import load

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/cases/findings").glob("*.yaml")),
    "tests/scenarios/cost/findings.yaml",
    "tests/scenarios/cost/sao-paulo.yaml",
    "tests/scenarios/cost/use1-worked.yaml",
    "examples/course.yaml",
    "examples/hub-and-spoke.yaml",
]
LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<severity>error|warning|info)\[(?P<code>[A-Z_]+)\]: ", re.M)


def run(*args: str) -> tuple[str, int]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output, result.exit_code


def _name(case: str) -> str:
    return Path(case).stem if case.startswith("tests/cases/") else case.replace("/", "-")[:-5]


@pytest.mark.parametrize("case", CASES, ids=_name)
def test_validate_findings_golden(case: str, golden: GoldenCheck,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output, code = run("validate", "--findings", case)
    golden(f"findings/{_name(case)}.txt", f"{output}[exit {code}]\n")


def test_every_finding_code_is_shown_by_a_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every code of the analysis (flows, prices, findings) that a topology can reach is in a
    golden above (BAD_PRICING: the loader refuses every override the table cannot use)."""
    monkeypatch.chdir(ROOT)
    shown = {m["code"] for case in CASES for m in LINE.finditer(run("validate", "--findings",
                                                                    case)[0])}
    wanted = {c.value for c in DiagnosticCode
              if CODE_DOCS[c].group in (Group.FLOWS, Group.FINDINGS, Group.PRICING)}
    assert wanted - shown == {"BAD_PRICING"}


def _key_line(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1].strip()


def test_findings_sit_at_the_object_they_concern(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    case = "tests/scenarios/cost/findings.yaml"
    output, _ = run("validate", "--findings", case)
    found = {m["code"]: int(m["line"]) for m in LINE.finditer(output)}
    topology = load(ROOT / case)
    analysis = analyse(topology)
    by_code = {f.code: f for f in analysis.findings}
    # the NAT gateway that a free gateway endpoint would replace
    nat = next(h.id for h in analysis.flow(by_code[DiagnosticCode.NAT_FOR_GATEWAY_SERVICE].subject)
               .hops if h.kind.value == "nat-gateway")
    assert found["NAT_FOR_GATEWAY_SERVICE"] == topology.nat_gateways[nat].loc.line
    assert _key_line(ROOT / case, found["NAT_FOR_GATEWAY_SERVICE"]).startswith(f"{nat}:")
    # the route that sends the data to a NAT gateway in another AZ
    route = _key_line(ROOT / case, found["CROSS_AZ_NAT"])
    assert "via:" in route and "nat" in route
    # an endpoint, an endpoint service: their own key
    for code in ("INTERFACE_ENDPOINT_MISSING_AZ", "ENDPOINT_SERVICE_OPEN",
                 "INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE"):
        subject = by_code[DiagnosticCode(code)]
        line = _key_line(ROOT / case, found[code])
        assert line.endswith(":") or ": {" in line or line.endswith("{"), (code, line)
        assert subject.location.line == found[code]


def test_unreachable_flow_is_a_warning_at_the_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    case = "examples/hub-and-spoke.yaml"
    output, code = run("validate", "--findings", case)
    assert code == 0  # warnings do not fail without --strict
    (m,) = [m for m in LINE.finditer(output) if m["code"] == "FLOW_UNREACHABLE"]
    assert m["severity"] == "warning"
    assert _key_line(ROOT / case, int(m["line"])).startswith("analytics-notebook-to-s3:")
    assert run("validate", "--findings", "--strict", case)[1] == 1
    assert run("validate", "--strict", case)[1] == 0  # the loader alone sees no problem


@pytest.mark.parametrize("fmt", ["github", "json"])
def test_findings_in_every_format(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    case = "tests/scenarios/cost/findings.yaml"
    text, _ = run("validate", "--findings", case)
    places = [(int(m["line"]), int(m["col"]), m["code"]) for m in LINE.finditer(text)]
    other, _ = run("validate", "--findings", "--format", fmt, case)
    lines = other.splitlines()
    assert len(lines) == len(places)
    if fmt == "github":
        pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),"
                             r"title=([A-Z_]+)::")
        got = [(int(m[3]), int(m[4]), m[5]) for m in map(pattern.match, lines) if m]
    else:
        import json

        got = [(d["line"], d["col"], d["code"]) for d in map(json.loads, lines)]
    assert got == places


def test_the_open_service_rule_is_one_code() -> None:
    """The loader no longer warns about an open endpoint service: the analysis' finding does."""
    topology = load(ROOT / "tests/cases/findings/open-service.yaml")
    assert topology.warnings == ()
    (finding,) = analyse(topology).diagnostics
    assert finding.code is DiagnosticCode.ENDPOINT_SERVICE_OPEN
    assert "OPEN_SERVICE" not in DiagnosticCode.__members__
