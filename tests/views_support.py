"""Shared by the view tests: the cases (both examples and the small scenarios under
tests/scenarios/views/) and every view of each, named as their golden files are."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.result import FlowResult
from vpcdocs.filenames import safe_filename
from vpcdocs.loader import load_file
from vpcdocs.model import Topology
from vpcdocs.render import views
from vpcdocs.render.scene import Scene

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = ("course", "hub-and-spoke")
SCENARIOS = REPO / "tests" / "scenarios" / "views"


def case_files() -> dict[str, Path]:
    """Case name -> topology file: the two examples, then each scenario."""
    files = {name: REPO / "examples" / f"{name}.yaml" for name in EXAMPLES}
    files.update({path.stem: path for path in sorted(SCENARIOS.glob("*.yaml"))})
    return files


@cache
def loaded(case: str) -> tuple[Topology, tuple[FlowResult, ...]]:
    result = load_file(str(case_files()[case]))
    assert result.ok and result.topology is not None, [str(d) for d in result.diagnostics]
    return result.topology, analyse(result.topology)


def all_views(case: str) -> list[tuple[str, Scene]]:
    """Every view of a case as (golden name, scene): the detailed overview, the summary, each
    Region, each VPC, each flow and each endpoint service, named `<kind>-<safe name>.dot`."""
    topology, results = loaded(case)
    out: list[tuple[str, Scene]] = [("overview.dot", views.overview(topology, results, detailed=True))]
    out.append(("summary.dot", views.overview(topology, results, detailed=False)))
    for region in topology.regions():
        out.append((f"region-{safe_filename(region)}.dot",
                    views.overview(topology, results, region=region)))
    for vpc in topology.vpcs:
        out.append((f"vpc-{safe_filename(vpc)}.dot", views.vpc_view(topology, results, vpc)))
    for result in results:
        out.append((f"flow-{safe_filename(result.id)}.dot", views.flow_view(topology, result)))
    for service in topology.endpoint_services:
        out.append(
            (f"service-{safe_filename(service)}.dot", views.service_view(topology, results, service))
        )
    return out
