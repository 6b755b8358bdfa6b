"""The importers' small rules: names, AWS service names, the text emitter agreeing with ruamel,
re-import of an unchanged design being a no-op."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.importers.helpers import ROOT
from vpcdocs.importers import design, emit, snapshot
from vpcdocs.importers.awsnames import endpoint_id_in, parse_service_name
from vpcdocs.importers.names import Namer, clean, from_address

GOLDENS = sorted((ROOT / "tests" / "golden" / "import").glob("*.yaml"))


@pytest.mark.parametrize(("raw", "name"), [
    ("app vpc", "app-vpc"), ("--x--", "x"), ("prod/eu (main)", "prod-eu-main"),
    ("a" * 80, "a" * 64), ("ünïcode", "n-code"), ("", ""), ("..", ""),
])
def test_clean(raw: str, name: str) -> None:
    assert clean(raw) == name


@pytest.mark.parametrize(("address", "name"), [
    ('module.net.aws_subnet.private["a"]', "net.private-a"),
    ("aws_vpc.main", "main"),
    ('module.spoke["prod"].module.vpc.aws_route_table.this[0]', "spoke-prod.vpc.this-0"),
    ('data.aws_vpc.shared', "shared"),
])
def test_from_address(address: str, name: str) -> None:
    assert from_address(address) == name


def test_namer_suffixes_then_numbers_and_never_reserved() -> None:
    namer = Namer({"s3"})
    assert namer.take(["private"], "subnet") == "private"
    assert namer.take(["private"], "rt") == "private-rt"
    assert namer.take(["private"], "rt") == "private-rt-2"
    assert namer.take(["s3"], "vpce") == "s3-vpce"
    assert namer.take(["x" * 70], "rt") == "x" * 64
    long = namer.take(["x" * 70], "rt")
    assert len(long) <= 64 and long.endswith("-rt")


@pytest.mark.parametrize(("service_name", "service", "es", "region"), [
    ("com.amazonaws.eu-west-1.s3", "s3", None, "eu-west-1"),
    ("com.amazonaws.us-east-1.ecr.api", "ecr.api", None, "us-east-1"),
    ("aws.sagemaker.eu-west-1.notebook", "notebook", None, "eu-west-1"),
    ("aws.api.us-east-1.bcm-data-exports", "bcm-data-exports", None, "us-east-1"),
    ("com.amazonaws.iam", "iam", None, None),
    ("com.amazonaws.s3-global.accesspoint", "s3-global.accesspoint", None, None),
    ("cn.com.amazonaws.cn-north-1.transcribe.cn", "transcribe", None, "cn-north-1"),
    ("com.amazonaws.vpce.eu-west-2.vpce-svc-0123456789abcdef0", None,
     "vpce-svc-0123456789abcdef0", "eu-west-2"),
])
def test_parse_service_name(service_name: str, service: str | None, es: str | None,
                            region: str | None) -> None:
    ref = parse_service_name(service_name)
    assert (ref.service, ref.endpoint_service, ref.region) == (service, es, region)


def test_endpoint_id_in_dns_names() -> None:
    assert endpoint_id_in("vpce-0abc123-xyz.sqs.eu-west-1.vpce.amazonaws.com.") == "vpce-0abc123"
    assert endpoint_id_in("*.vpce-0abc123-xyz.s3.eu-west-1.vpce.amazonaws.com") == "vpce-0abc123"
    assert endpoint_id_in("example.com") is None


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.stem for g in GOLDENS])
def test_text_emitter_writes_what_ruamel_round_trips_unchanged(golden: Path) -> None:
    text = golden.read_text()
    y = YAML()
    y.width = 4096
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    y.dump(y.load(text), out)
    assert out.getvalue() == text


def test_reimport_of_an_unchanged_estate_is_a_no_op_and_matches_ruamel(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import import_bench

    import_bench.generate(tmp_path, 6)
    result = design.build(snapshot.read_folder(tmp_path))
    fresh = emit.render(result)
    same, report = emit.merge_into(fresh, "x.yaml", result)
    assert same == fresh and not report.added and not report.removed
    # merged into an empty file, the same objects in ruamel's own writing
    merged, _ = emit.merge_into(b"", "x.yaml", result)
    y = YAML()
    assert y.load(merged) == y.load(fresh)


def test_import_aws_without_boto3_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.importers.helpers import run

    monkeypatch.setitem(sys.modules, "boto3", None)
    result = run("aws", "--region", "eu-west-1")
    assert result.exit_code == 1
    assert "pip install 'vpcdocs[aws]'" in result.output


def test_endpoint_policy_small_form() -> None:
    """IAM policy documents (PrivateLink guide, "Control access to VPC endpoints using endpoint
    policies") in the topology format's small form, or refused with the reason."""
    import json

    import pytest

    from vpcdocs.importers.policy import NotSmall, small_form

    def doc(**statement: object) -> str:
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", **statement}]})

    assert small_form(doc()) is None  # AWS's default: full access
    assert small_form("{}") is None and small_form("") is None
    assert small_form(doc(Principal={"AWS": ["arn:aws:iam::111111111111:root"]})) == {
        "principals": ["111111111111"]}
    assert small_form(doc(Condition={"StringEquals": {
        "aws:PrincipalArn": "arn:aws:iam::111111111111:role/etl"}})) == {
        "principals": ["arn:aws:iam::111111111111:role/etl"]}
    assert small_form(doc(Resource=["arn:aws:s3:::b", "arn:aws:s3:::b/*"])) == {
        "resources": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}
    for bad in (doc(Effect="Deny"), doc(Action="s3:GetObject"), doc(Resource="arn:aws:sqs:*"),
                doc(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
                doc(Principal={"AWS": "arn:aws:sts::111111111111:assumed-role/x/y"}),
                json.dumps({"Statement": [{"Effect": "Allow"}, {"Effect": "Allow"}]}),
                json.dumps({"Version": "2008-10-17"}), "not json"):
        with pytest.raises(NotSmall):
            small_form(bad)
