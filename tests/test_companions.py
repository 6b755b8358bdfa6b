"""Companion endpoints (vpcdocs/analysis/companions.py, vpcdocs/data/companions.yaml): an endpoint
a companion rule needs is not "unused", and a flow whose workload lacks some companions gets
`COMPANION_ENDPOINT_MISSING` naming them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pricing_support import from_text

from vpcdocs.analysis.analysis import Analysis, analyse
from vpcdocs.analysis.companions import rules
from vpcdocs.data import read_data
from vpcdocs.loader.catalogue import service

COURSE = Path(__file__).resolve().parent.parent / "examples" / "course.yaml"


def course_text() -> str:
    return COURSE.read_text(encoding="utf-8")


def analysed(text: str) -> Analysis:
    return analyse(from_text(text))


def codes(design: Analysis, code: str) -> dict[str, str]:
    return {f.subject: f.message for f in design.findings if f.code == code}


def without_lines(text: str, *starts: str) -> str:
    """`text` without each block that starts with a line beginning with one of `starts` (the
    line and the more indented lines after it)."""
    out: list[str] = []
    skipping: int | None = None
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if skipping is not None and (not line.strip() or indent > skipping):
            continue
        skipping = None
        if any(line.lstrip().startswith(s) for s in starts):
            skipping = indent
            continue
        out.append(line)
    return "".join(out)


def test_the_rules_name_catalogue_services_and_aws_pages() -> None:
    assert {r.name for r in rules()} >= {"ecr-image-pull", "ssm-session-manager"}
    ecr = next(r for r in rules() if r.name == "ecr-image-pull")
    assert ecr.needs == ("ecr.api", "ecr.dkr", "s3") and set(ecr.triggers) == {"ecr.api", "ecr.dkr"}
    for rule in rules():
        assert set(rule.triggers) <= set(rule.needs)
        assert rule.doc_url.startswith("https://docs.aws.amazon.com/")
        for name in (*rule.needs, *(s for s, _ in rule.optional)):
            assert service(name) is not None, name
    assert set(read_data("companions.yaml")["rules"]) == {r.name for r in rules()}


def test_the_course_declares_every_flow_an_image_pull_relies_on() -> None:
    design = analyse(from_text(course_text()))
    (use,) = [u for u in design.companions if u.rule.name == "ecr-image-pull"]
    assert (use.workload, use.region, use.private) == ("worker", "eu-west-2", True)
    assert [(p.service, p.declared, p.present) for p in use.paths] == [
        ("ecr.api", True, True), ("ecr.dkr", True, True), ("s3", True, True)]
    assert use.endpoints == ("ecr-api-if", "ecr-dkr-if", "s3-gw")
    assert not codes(design, "UNUSED_INTERFACE_ENDPOINT")
    assert not codes(design, "COMPANION_ENDPOINT_MISSING")


def test_an_endpoint_a_companion_rule_needs_is_not_unused() -> None:
    # the course as it was: the ECR API endpoint with no declared flow through it
    text = without_lines(course_text(), "worker-to-ecr-api:", "worker-to-ecr-layers:")
    design = analysed(text)
    assert "ecr-api-if" not in codes(design, "UNUSED_INTERFACE_ENDPOINT")
    (use,) = design.companions
    assert [(p.service, p.declared, p.present) for p in use.paths] == [
        ("ecr.api", False, True), ("ecr.dkr", True, True), ("s3", False, True)]
    assert design.companions_through_endpoint("ecr-api-if") == (use,)


def test_a_flow_with_only_some_companions_gets_a_finding_naming_the_missing_ones() -> None:
    # no ECR API endpoint and no S3 gateway endpoint: both go out through the NAT gateway
    text = without_lines(course_text(), "ecr-api-if:", "s3-gw:", "worker-to-ecr-api:",
                         "worker-to-ecr-layers:")
    design = analysed(text)
    found = codes(design, "COMPANION_ENDPOINT_MISSING")
    assert set(found) == {"worker-to-ecr"}
    message = found["worker-to-ecr"]
    assert "pulling a container image from Amazon ECR also needs" in message
    assert "Amazon ECR API (`ecr.api`)" in message and "Amazon S3 (`s3`)" in message
    assert "Docker registry (`ecr.dkr`)" not in message
    assert "only over the internet (through nat-london-b, london-igw)" in message
    (diag,) = [d for d in design.diagnostics if d.code == "COMPANION_ENDPOINT_MISSING"]
    assert diag.severity == "warning" and diag.location.line > 0
    assert diag.message.startswith("flow `worker-to-ecr`: ")


def test_a_companion_that_cannot_be_reached_at_all_is_named_with_the_reason() -> None:
    text = without_lines(course_text(), "ecr-api-if:", "worker-to-ecr-api:")
    text = text.replace("          - {to: 0.0.0.0/0, via: nat-london-b}\n", "")
    design = analysed(text)
    message = codes(design, "COMPANION_ENDPOINT_MISSING")["worker-to-ecr"]
    assert "cannot reach Amazon ECR API (NO_ROUTE)" in message
    assert "Amazon S3" not in message  # the gateway endpoint still serves the layers


def test_no_companion_finding_for_the_flows_vpcdocs_makes_up() -> None:
    text = course_text()
    design = analysed(text[: text.index("\nflows:")] + "\n")
    assert not design.topology.flows_declared
    assert not codes(design, "COMPANION_ENDPOINT_MISSING")


@pytest.mark.parametrize("example", ["course.yaml", "hub-and-spoke.yaml"])
def test_the_examples_lack_no_companion(example: str) -> None:
    text = (COURSE.parent / example).read_text(encoding="utf-8")
    assert not codes(analysed(text), "COMPANION_ENDPOINT_MISSING")
