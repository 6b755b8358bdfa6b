"""The public API (`import vpcdocs`, docs/api.md): its example runs as written, its surface does
not change by accident, and a script using only it gets exactly what the CLI prints and writes,
on the examples, on other designs and on generated ones (tests/topogen.py)."""

from __future__ import annotations

import inspect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from topogen import generate

import vpcdocs
from vpcdocs.cli import cli
from vpcdocs.render import graphviz_run
from vpcdocs.write import MANIFEST_NAME

ROOT = Path(__file__).resolve().parent.parent
DESIGNS = [
    "examples/course.yaml",
    "examples/hub-and-spoke.yaml",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/scenarios/unseen").glob("*.yaml")),
    "tests/scenarios/cost/findings.yaml",
    "tests/scenarios/cost/sao-paulo.yaml",  # not priced: paths works, cost fails the same way
]
needs_dot = pytest.mark.skipif(graphviz_run.find_dot() is None, reason="Graphviz not installed")


def cli_run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- docs/api.md


def test_the_docs_example_runs_as_written() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    done = subprocess.run([sys.executable, "-c", code.group(1)], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    analysis = vpcdocs.analyse(vpcdocs.load(ROOT / "examples/course.yaml"))
    flows = analysis.paths_json()["flows"]
    assert lines[: len(flows)] == [
        f"{f['id']} {'reachable' if f['reachable'] else f['reason']} {f['cost']['monthly_usd']}"
        for f in flows
    ]
    assert lines[len(flows)] == f"monthly total: {analysis.cost_json()['monthly_total_usd']} USD"
    assert any("info[CROSS_REGION_LOCAL_ENDPOINT]" in line for line in lines)
    assert lines[-2].startswith("digraph ")
    assert re.fullmatch(r"\d+ files: .*\.\.\.", lines[-1])


# --------------------------------------------------------------------------- the surface


PUBLIC = [
    "Analysis", "CrossRegionPattern", "Diagnostic", "DiagnosticCode", "DiagnosticError",
    "LoadError", "Location", "PricingError", "RenderError", "Severity", "TemplateError",
    "Topology", "__version__", "analyse", "draw", "load", "pages",
]
SIGNATURES = {
    "load": "(path: 'str | Path') -> 'Topology'",
    "analyse": "(topology: 'Topology') -> 'Analysis'",
    "draw": "(analysis: 'Analysis', *, flow: 'str | None' = None, vpc: 'str | None' = None, "
            "service: 'str | None' = None, fmt: 'Format' = 'svg', "
            "link_base: 'str | None' = None) -> 'bytes'",
    "pages": "(analysis: 'Analysis', *, templates: 'str | Path | None' = None, "
             "allow_html: 'bool' = False) -> 'Mapping[str, bytes]'",
}
ANALYSIS_MEMBERS = [
    "companions", "companions_of_flow", "companions_through_endpoint",
    "cost_json", "cross_region", "diagnostics", "endpoint_azs", "findings", "flow",
    "flow_price_error", "flow_report", "flows", "flows_from_region", "flows_from_vpc",
    "flows_priced", "flows_through_region", "flows_through_vpc", "flows_to_service",
    "flows_using_endpoint", "paths_json", "pattern", "price_error", "priced", "report",
    "resource", "source_region", "source_vpc", "table", "topology", "vpcs_of_flow", "warnings",
]


def test_the_public_surface_is_pinned() -> None:
    """Changing the public API is a decision: update docs/api.md and this list with it."""
    assert sorted(vpcdocs.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(vpcdocs, name) is not None
    assert {n: str(inspect.signature(getattr(vpcdocs, n))) for n in SIGNATURES} == SIGNATURES
    members = sorted(n for n in dir(vpcdocs.Analysis) if not n.startswith("_"))
    fields = [n for n in vpcdocs.Analysis.__dataclass_fields__ if not n.startswith("_")]
    assert sorted({*members, *fields}) == ANALYSIS_MEMBERS
    with pytest.raises(AttributeError):
        vpcdocs.analyse_flow  # noqa: B018  # internals are not re-exported
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in text for name in PUBLIC)


def test_load_error_carries_what_validate_prints(tmp_path: Path) -> None:
    case = "tests/cases/loader/many-errors.yaml"
    with pytest.raises(vpcdocs.LoadError) as caught:
        vpcdocs.load(ROOT / case)
    code, out, err = cli_run("validate", str(ROOT / case))
    assert code == 1
    assert str(caught.value).splitlines() == err.splitlines()  # the diagnostics (stderr)
    assert out == f"{ROOT / case}: 13 errors\n"  # the summary
    assert all(d.location.file == str(ROOT / case) for d in caught.value.diagnostics)
    missing = tmp_path / "nope.yaml"
    with pytest.raises(vpcdocs.LoadError) as caught:
        vpcdocs.load(missing)
    (d,) = caught.value.diagnostics
    assert (d.code, d.location.file) == (vpcdocs.DiagnosticCode.CANNOT_READ, str(missing))


# --------------------------------------------------------------------------- same as the CLI


def _same_json(path: str) -> vpcdocs.Analysis:
    analysis = vpcdocs.analyse(vpcdocs.load(path))
    code, out, _ = cli_run("paths", path, "--format", "json")
    assert code == 0 and json.loads(out) == analysis.paths_json()
    assert out == json.dumps(analysis.paths_json(), indent=2, ensure_ascii=False) + "\n"
    code, out, err = cli_run("cost", path, "--format", "json")
    if analysis.priced:
        assert code == 0 and json.loads(out) == analysis.cost_json()
    else:
        assert code == 1 and out == ""
        with pytest.raises(vpcdocs.PricingError) as caught:
            analysis.cost_json()
        assert str(caught.value) in err
    some = [f.id for f in analysis.flows][:2]
    if some:
        args = [a for f in some for a in ("--flow", f)]
        code, out, _ = cli_run("paths", path, "--format", "json", *args)
        assert json.loads(out) == analysis.paths_json(some)
    return analysis


@pytest.mark.parametrize("design", DESIGNS)
def test_json_equals_the_cli(design: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _same_json(design)


def _selectors(analysis: vpcdocs.Analysis) -> list[dict[str, str]]:
    t = analysis.topology
    chosen: list[dict[str, str]] = [{}]
    chosen += [{"flow": f} for f in sorted(t.flows)[:2]]
    chosen += [{"vpc": v} for v in sorted(t.vpcs)[:1]]
    chosen += [{"service": s} for s in sorted(t.endpoint_services)[:1]]
    return chosen


def _same_diagrams(path: str, out_dir: Path, fmts: tuple[str, ...]) -> None:
    analysis = vpcdocs.analyse(vpcdocs.load(path))
    for selector in _selectors(analysis):
        for fmt in fmts:
            target = out_dir / f"d.{fmt}"
            args = [a for k, v in selector.items() for a in (f"--{k}", v)]
            code, _, err = cli_run("diagram", path, *args, "-o", str(target))
            assert code == 0, err
            mine = vpcdocs.draw(analysis, fmt=fmt, **selector)  # type: ignore[arg-type]
            theirs = target.read_bytes()
            if fmt == "dot":  # the CLI's file is standalone: the same DOT, icons beside it
                for icon in re.findall(rb'<img src="d-icons/([^"]+)"', theirs):
                    assert (out_dir / "d-icons" / icon.decode()).is_file(), icon
                theirs = _bundled(theirs, "d-icons")
            assert mine == theirs, (selector, fmt)


def _bundled(dot: bytes, folder: str) -> bytes:
    """A standalone DOT file's icons named as the API names them (bundled icon files)."""
    from vpcdocs.render.dot import icon_file

    return re.sub(rb'<img src="' + folder.encode() + rb'/([^"]+)\.png"',
                  lambda m: b'<img src="' + icon_file(m.group(1).decode()).encode() + b'"', dot)


@pytest.mark.parametrize("design", DESIGNS[:2])
def test_dot_equals_the_cli(design: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _same_diagrams(design, tmp_path, ("dot",))


@needs_dot
@pytest.mark.parametrize("design", DESIGNS[:3])
def test_svg_equals_the_cli(design: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _same_diagrams(design, tmp_path, ("svg",))


def _written(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


@needs_dot
@pytest.mark.parametrize("design", DESIGNS[:3])
def test_pages_equal_what_generate_writes(design: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "docs"
    code, _, err = cli_run("generate", design, "-o", str(out))
    assert code == 0, err
    analysis = vpcdocs.analyse(vpcdocs.load(design))
    assert dict(vpcdocs.pages(analysis)) == _written(out)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "concepts.md.j2").write_text("# Mine: {{ site.title }} <b>\n", encoding="utf-8")
    out2 = tmp_path / "docs2"
    code, _, err = cli_run("generate", design, "-o", str(out2), "--templates", str(templates),
                           "--allow-html")
    assert code == 0, err
    assert dict(vpcdocs.pages(analysis, templates=templates, allow_html=True)) == _written(out2)


# --------------------------------------------------------------------------- generated designs

SEEDS = range(12)


def _generated(seed: int, folder: Path) -> str | None:
    design = generate(seed)
    path = folder / f"design-{seed}.yaml"
    path.write_text(design.text, encoding="utf-8")
    try:
        vpcdocs.load(path)
    except vpcdocs.LoadError:
        return None  # the generator's rare invalid design (its acceptance-rate test)
    return str(path)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_designs_json_and_dot_equal_the_cli(seed: int, tmp_path: Path) -> None:
    path = _generated(seed, tmp_path)
    if path is None:
        pytest.skip("generated design is not valid")
    _same_json(path)
    _same_diagrams(path, tmp_path, ("dot",))


@needs_dot
@pytest.mark.parametrize("seed", SEEDS[:3])
def test_generated_designs_pages_equal_generate(seed: int, tmp_path: Path) -> None:
    path = _generated(seed, tmp_path)
    if path is None:
        pytest.skip("generated design is not valid")
    analysis = vpcdocs.analyse(vpcdocs.load(path))
    out = tmp_path / "docs"
    code, _, err = cli_run("generate", path, "-o", str(out))
    if not analysis.priced:
        assert code == 1 and str(analysis.price_error) in err
        return
    assert code == 0, err
    assert dict(vpcdocs.pages(analysis)) == _written(out)


def test_a_script_in_a_fresh_process_prints_what_the_cli_prints(tmp_path: Path) -> None:
    """The held-out check: a script that knows only `import vpcdocs`, run in its own process,
    against `vpcdocs paths/cost --format json` run as a command."""
    exe = shutil.which("vpcdocs", path=str(Path(sys.executable).parent))
    assert exe is not None
    script = ("import json, sys, vpcdocs\n"
              "a = vpcdocs.analyse(vpcdocs.load(sys.argv[1]))\n"
              "print(json.dumps({'paths': a.paths_json(), 'cost': a.cost_json()}))\n")
    design = ROOT / "tests/scenarios/unseen/saas-privatelink.yaml"
    mine = json.loads(subprocess.run([sys.executable, "-c", script, str(design)], check=True,
                                     capture_output=True, text=True, cwd=tmp_path).stdout)
    for what in ("paths", "cost"):
        printed = subprocess.run([exe, what, str(design), "--format", "json"], check=True,
                                 capture_output=True, text=True, cwd=tmp_path).stdout
        assert mine[what] == json.loads(printed)
