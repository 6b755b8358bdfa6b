"""Findings: each rule fires where it should, says what it saves (derived here from the price
table), and stays quiet on the bundled examples' designs; `--strict` fails on warnings only."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pricing_support import EXAMPLES, SCENARIOS, example, flow_result, hop, scenario, usd

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing import (
    HOURS_PER_MONTH,
    CostReport,
    Finding,
    PriceTable,
    cost_report,
    load_price_table,
    round_usd,
    table_for,
)
from vpcdocs.cli import cli
from vpcdocs.model import Topology


@pytest.fixture(scope="module")
def table() -> PriceTable:
    return load_price_table()


@pytest.fixture(scope="module")
def topo() -> Topology:
    return scenario("findings.yaml")


@pytest.fixture(scope="module")
def report(topo: Topology) -> CostReport:
    return cost_report(topo, analyse(topo), table_for(topo))


def found(report: CostReport, code: str) -> dict[str, Finding]:
    return {f.subject: f for f in report.findings if f.code == code}


def test_s3_through_a_nat_gateway(report: CostReport, topo: Topology, table: PriceTable) -> None:
    (finding,) = found(report, "NAT_FOR_GATEWAY_SERVICE").values()
    assert (finding.subject, finding.severity) == ("uploader-to-s3", "warning")
    gb = topo.flows["uploader-to-s3"].gb_per_month
    assert finding.saves_monthly_usd == round_usd(gb * usd(table, "us-east-1", "nat_gateway_gb"))


def test_s3_interface_endpoint_where_a_gateway_endpoint_would_serve(
    report: CostReport, topo: Topology, table: PriceTable
) -> None:
    (finding,) = found(report, "INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE").values()
    assert finding.subject == "reader-to-s3" and finding.severity == "warning"
    gb = topo.flows["reader-to-s3"].gb_per_month
    rate = usd(table, "us-east-1", "interface_endpoint_gb")
    assert finding.saves_monthly_usd == round_usd(gb * rate)


def test_cross_az_to_a_nat_gateway(report: CostReport, topo: Topology, table: PriceTable) -> None:
    (finding,) = found(report, "CROSS_AZ_NAT").values()
    assert finding.subject == "poller-to-sqs"
    gb = topo.flows["poller-to-sqs"].gb_per_month
    assert finding.saves_monthly_usd == round_usd(gb * usd(table, "us-east-1", "cross_az_gb"))
    assert "us-east-1b → us-east-1a" in finding.message


def test_interface_endpoint_missing_from_a_consumer_az(report: CostReport) -> None:
    (finding,) = found(report, "INTERFACE_ENDPOINT_MISSING_AZ").values()
    assert finding.subject == "s3-if" and finding.saves_monthly_usd is None
    assert "us-east-1b" in finding.message and "reader-to-s3" in finding.message


def test_endpoint_service_open_to_everyone(report: CostReport) -> None:
    (finding,) = found(report, "ENDPOINT_SERVICE_OPEN").values()
    assert finding.subject == "open-api" and finding.severity == "warning"


def test_nat_above_the_break_even_is_information(
    report: CostReport, topo: Topology, table: PriceTable
) -> None:
    (finding,) = found(report, "NAT_ABOVE_BREAK_EVEN").values()
    assert finding.subject == "logger-to-logs" and finding.severity == "info"
    gb = topo.flows["logger-to-logs"].gb_per_month
    via_nat = gb * usd(table, "us-east-1", "nat_gateway_gb")
    azs = 2  # nat-vpc has workloads in us-east-1a and us-east-1b
    endpoint = gb * usd(table, "us-east-1", "interface_endpoint_gb") + round_usd(
        HOURS_PER_MONTH * azs * usd(table, "us-east-1", "interface_endpoint_hour")
    )
    assert finding.saves_monthly_usd == round_usd(round_usd(via_nat) - round_usd(endpoint))


def test_no_other_findings_and_warnings_first(report: CostReport) -> None:
    codes = [f.code for f in report.findings]
    assert codes == [
        "CROSS_AZ_NAT",
        "ENDPOINT_SERVICE_OPEN",
        "INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE",
        "INTERFACE_ENDPOINT_MISSING_AZ",
        "NAT_FOR_GATEWAY_SERVICE",
        "NAT_ABOVE_BREAK_EVEN",
    ]


def test_a_detour_through_a_third_region(table: PriceTable) -> None:
    topo = example("course.yaml")
    flow = flow_result(
        topo,
        "web-to-kms",
        [
            ("workload", "web"),
            ("subnet", "london-app-a"),
            hop("interface-endpoint", "far-kms-if", region="us-east-1"),
            ("service", "kms"),
        ],
    )
    report = cost_report(topo, (flow,), table)
    (finding,) = found(report, "CROSS_REGION_DETOUR").values()
    gb = topo.flows["web-to-kms"].gb_per_month
    out = usd(table, "eu-west-2", "inter_region_gb")
    assert out == usd(table, "us-east-1", "inter_region_gb")
    assert finding.saves_monthly_usd == round_usd(2 * round_usd(gb * out))  # there and back
    assert "us-east-1" in finding.message


def test_course_example_has_information_only() -> None:
    topo = example("course.yaml")
    report = cost_report(topo, analyse(topo), table_for(topo))
    assert report.warnings() == ()
    local = found(report, "CROSS_REGION_LOCAL_ENDPOINT")
    assert set(local) == {"web-to-s3-us-east-1"}  # s3-gw serves S3 in eu-west-2 for free
    flow = {f.flow.id: f for f in report.flows}["web-to-s3-us-east-1"]
    assert local["web-to-s3-us-east-1"].saves_monthly_usd == flow.monthly_usd
    # ecr-api-if is needed by the image pulls (issue 13: the example's own comments say so,
    # and it declares the flow); nothing is unused
    assert found(report, "UNUSED_INTERFACE_ENDPOINT") == {}


def test_hub_and_spoke_example_has_no_warnings() -> None:
    topo = example("hub-and-spoke.yaml")
    report = cost_report(topo, analyse(topo), table_for(topo))
    assert report.warnings() == ()


@pytest.mark.parametrize(
    ("path", "strict", "code"),
    [
        (SCENARIOS / "use1-worked.yaml", False, 0),
        (SCENARIOS / "use1-worked.yaml", True, 1),
        (EXAMPLES / "course.yaml", True, 0),
    ],
)
def test_strict_fails_on_warnings_only(path: object, strict: bool, code: int) -> None:
    # use1-worked.yaml loads without warnings; its findings have warnings (S3 through a NAT
    # gateway, a NAT gateway in another AZ); the course example's findings are information.
    args = ["cost", str(path), "--format", "json"] + (["--strict"] if strict else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, result.output
    if code:
        assert "error: --strict: 3 warnings" in result.stderr
        assert "warning[NAT_FOR_GATEWAY_SERVICE]" in result.stderr
        assert json.loads(result.stdout)["vpcdocs"] == 1  # the output is printed first
