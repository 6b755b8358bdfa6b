"""Bad input to every importer: a located error (file and line:col, the JSON pointer in the
message), exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.importers.helpers import FIXTURES, run

LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[A-Z0-9_]+)\]: ",
                     re.M)


def _fails(result, code: str) -> re.Match[str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    found = [m for m in LOCATED.finditer(result.output) if m.group("code") == code]
    assert found, result.output
    return found[0]


def test_truncated_plan(tmp_path: Path) -> None:
    text = (FIXTURES / "terraform" / "plan.json").read_text()
    bad = tmp_path / "plan.json"
    bad.write_text(text[: len(text) // 2])
    m = _fails(run("terraform", str(bad)), "JSON_SYNTAX")
    assert m.group("file") == str(bad) and int(m.group("line")) > 1
    assert "truncated" in run("terraform", str(bad)).output


def test_wrong_types_are_located_by_pointer(tmp_path: Path) -> None:
    state = json.loads((FIXTURES / "terraform" / "hub.tfstate").read_text())
    state["resources"][0]["instances"][0]["attributes"]["cidr_block"] = 42
    state["resources"][2]["instances"] = "not a list"
    bad = tmp_path / "state.tfstate"
    bad.write_text(json.dumps(state, indent=2))
    result = run("terraform", str(bad))
    m = _fails(result, "TF_WRONG_TYPE")
    assert "/resources/0/instances/0/attributes/cidr_block" in result.output
    assert "/resources/2/instances" in result.output
    # the line is the offending value's
    lines = bad.read_text().splitlines()
    assert '"cidr_block": 42' in lines[int(m.group("line")) - 1] or "instances" in lines[
        int(m.group("line")) - 1]


def test_not_a_plan_and_terraform_configuration(tmp_path: Path) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "x", "version": "1.0.0"}')
    _fails(run("terraform", str(other)), "TF_NOT_PLAN")
    tf = tmp_path / "main.tf"
    tf.write_text('resource "aws_vpc" "x" {}\n')
    result = run("terraform", str(tf))
    _fails(result, "TF_CONFIGURATION")
    assert "terraform show -json" in result.output


def test_50_mb_file(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "w") as handle:
        handle.write('{"format_version": "1.0", "values": {"root_module": {"resources": [')
        item = json.dumps({"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket",
                           "name": "b", "values": {"bucket": "x" * 400}})
        count = 50 * 1024 * 1024 // (len(item) + 1) + 1
        handle.write(",".join([item] * count))
        handle.write("]}}")  # truncated: one bracket short
    assert big.stat().st_size > 50 * 1024 * 1024
    m = _fails(run("terraform", str(big)), "JSON_SYNTAX")
    assert m.group("file") == str(big)


def test_50_mb_valid_state_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    item = {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
            "values": {"bucket": "x" * 400}}
    count = 50 * 1024 * 1024 // (len(json.dumps(item)) + 1) + 1
    big.write_text(json.dumps({"format_version": "1.0", "values": {"root_module": {
        "resources": [item] * count}}}))
    result = run("terraform", str(big), "--region", "eu-west-1")
    assert result.exit_code == 0, result.output
    assert f"aws_s3_bucket ({count})" in result.stderr


def test_too_large_and_deep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vpcdocs.importers import source

    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    big = tmp_path / "state.json"
    big.write_text('{"format_version": "1.0", "values": {}, "pad": "' + "x" * 2000 + '"}')
    _fails(run("terraform", str(big)), "FILE_TOO_LARGE")
    monkeypatch.undo()
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    _fails(run("terraform", str(deep)), "JSON_TOO_DEEP")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    _fails(run("terraform", str(fifo)), "NOT_A_FILE")


def test_snapshot_file_with_wrong_types(tmp_path: Path) -> None:
    (tmp_path / "vpcs.json").write_text('{"Vpcs": [{"VpcId": 7, "CidrBlock": "10.0.0.0/16"}]}')
    (tmp_path / "subnets.json").write_text('{"Subnets": "oops"}')
    (tmp_path / "broken.json").write_text('{"RouteTables": [')
    result = run("snapshot", str(tmp_path))
    _fails(result, "SNAPSHOT_WRONG_TYPE")
    _fails(result, "JSON_SYNTAX")
    assert "vpcs.json:1:" in result.output and "/Vpcs/0/VpcId" in result.output
    assert "/Subnets" in result.output


def test_empty_snapshot_folder(tmp_path: Path) -> None:
    _fails(run("snapshot", str(tmp_path)), "SNAPSHOT_EMPTY")


CYCLE_IF = """\
Conditions:
  A: !Not [!Condition B]
  B: !And [!Condition C, !Equals [x, x]]
  C: !Condition A
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !If [A, 10.0.0.0/16, 10.1.0.0/16]
"""

CYCLE_SUB = """\
Resources:
  First:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Sub "${Second.CidrBlock}"
  Second:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !GetAtt First.CidrBlock
"""


@pytest.mark.parametrize(("text", "line"), [(CYCLE_IF, 2), (CYCLE_SUB, 5)], ids=["if", "sub"])
def test_cycles_in_cloudformation(tmp_path: Path, text: str, line: int) -> None:
    template = tmp_path / "cycle.yaml"
    template.write_text(text)
    result = run("cloudformation", str(template))
    m = _fails(result, "CFN_CYCLE")
    assert "depends on itself" in result.output
    assert 1 < int(m.group("line")) <= len(text.splitlines())


@pytest.mark.parametrize(("text", "code"), [
    ("Resources: [\n", "YAML_SYNTAX"),
    ("Resources:\n  A: &x {Type: AWS::EC2::VPC}\n  B: *x\n", "YAML_ALIAS"),
    ("AWSTemplateFormatVersion: '2010-09-09'\n", "CFN_NOT_TEMPLATE"),
    ("Resources:\n  S:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Nope}\n",
     "CFN_UNKNOWN_REF"),
    ("Resources:\n  S:\n    Type: AWS::EC2::Subnet\n    Condition: Missing\n", "CFN_UNKNOWN_CONDITION"),
    ("Resources:\n  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: !Select [5, [a]]\n",
     "CFN_BAD_FUNCTION"),
], ids=["syntax", "alias", "no-resources", "unknown-ref", "unknown-condition", "select"])
def test_bad_templates(tmp_path: Path, text: str, code: str) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(text)
    _fails(run("cloudformation", str(template)), code)


def test_bad_json_template_is_located_by_pointer(tmp_path: Path) -> None:
    template = tmp_path / "t.json"
    template.write_text('{\n  "Resources": {\n    "S": {\n      "Type": "AWS::EC2::Subnet",\n'
                        '      "Properties": {"VpcId": {"Ref": "Nope"}}\n    }\n  }\n}\n')
    result = run("cloudformation", str(template))
    m = _fails(result, "CFN_UNKNOWN_REF")
    assert m.group("line") == "5"
    assert "/Resources/S/Properties/VpcId/Ref" in result.output
