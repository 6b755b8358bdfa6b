"""`--into`: re-importing into a topology keeps everything the user wrote (flows, descriptions,
pricing, comments, key order, objects added by hand), updates the imported objects, removes and
lists those gone from the source; the same run twice changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.importers.helpers import FIXTURES, load_valid, run

TF = FIXTURES / "terraform"


def _first_import(tmp_path: Path) -> Path:
    target = tmp_path / "network.yaml"
    result = run("terraform", str(TF / "hub.tfstate"), str(TF / "spoke.tfstate"), "-o",
                 str(target), "-q")
    assert result.exit_code == 0, result.output
    return target


def _edit(target: Path) -> str:
    """What a user adds by hand: a title, a description, a comment, a hand-made VPC-level key
    order change is not possible, but flows, pricing and their own objects are."""
    text = target.read_text()
    text = text.replace("vpcdocs: 1\n", "vpcdocs: 1\ntitle: Our network  # the site title\n"
                        "description: |\n  Hub and spoke, **hand-written**.\n", 1)
    text = text.replace("    workloads:\n      orders-app-b:",
                        "    workloads:\n      # our batch box, not in Terraform\n"
                        "      batch: {subnet: hub-b, kind: batch, count: 3}\n      orders-app-b:", 1)
    text += ("flows:\n  api-to-orders:  # the order API\n    from: api\n    to: orders-api\n"
             "    gb_per_month: 40\n    description: Orders from the spoke.\n"
             "pricing:\n  as_of: 2026-06-01\n  regions:\n    eu-west-1: {nat_gateway_gb: 0.05}\n")
    target.write_text(text)
    return text


def test_into_keeps_what_the_user_wrote_and_twice_changes_nothing(tmp_path: Path) -> None:
    target = _first_import(tmp_path)
    edited = _edit(target)
    load_valid(target.read_bytes())
    result = run("terraform", str(TF / "hub.tfstate"), str(TF / "spoke.tfstate"), "--into",
                 str(target))
    assert result.exit_code == 0, result.output
    # nothing in the sources changed: the file is byte for byte what the user left
    assert target.read_text() == edited
    assert "unchanged" in result.stderr


def test_into_updates_imported_objects_and_removes_gone_ones(tmp_path: Path) -> None:
    target = _first_import(tmp_path)
    edited = _edit(target)
    # the estate changes: the spoke state is gone, the hub's VPC gets DNS hostnames off
    hub = (TF / "hub.tfstate").read_text().replace('"enable_dns_hostnames": true',
                                                    '"enable_dns_hostnames": false', 1)
    changed = tmp_path / "hub.tfstate"
    changed.write_text(hub)
    result = run("terraform", str(changed), "--into", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text()
    # what the user wrote is still there, in place
    assert text.startswith("# vpcdocs import: hub.tfstate, spoke.tfstate\n")
    for kept in ("title: Our network  # the site title", "**hand-written**",
                 "# our batch box, not in Terraform",
                 "batch: {subnet: hub-b, kind: batch, count: 3}",
                 "  api-to-orders:  # the order API", "    gb_per_month: 40",
                 "eu-west-1: {nat_gateway_gb: 0.05}"):
        assert kept in text, kept
    # the imported VPC is updated in place
    hub_block = text[text.index("  hub:"):text.index("  spoke:") if "  spoke:" in text else None]
    assert "dns_hostnames: false" in hub_block
    # what came from the spoke state is removed and listed
    assert "  spoke:" not in text
    assert "vpcs.spoke" in result.stderr and "removed" in result.stderr
    # and re-running the same import changes nothing
    again = run("terraform", str(changed), "--into", str(target))
    assert again.exit_code == 0
    assert target.read_text() == text
    assert edited != text


def test_into_keeps_a_hand_written_allow_from_the_source_does_not_decide(tmp_path: Path) -> None:
    target = _first_import(tmp_path)
    text = target.read_text()
    # the spoke's orders endpoint has no security groups in the state: allow_from is the user's
    text = text.replace("        service: orders-api\n        service_region: eu-west-1\n",
                        "        service: orders-api\n        service_region: eu-west-1\n"
                        "        allow_from: [10.1.0.0/16]\n", 1)
    target.write_text(text)
    result = run("terraform", str(TF / "hub.tfstate"), str(TF / "spoke.tfstate"), "--into",
                 str(target), "-q")
    assert result.exit_code == 0
    assert target.read_text() == text


def test_into_a_new_file_writes_a_fresh_topology(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    result = run("snapshot", str(FIXTURES / "snapshot"), "--into", str(target), "-q")
    assert result.exit_code == 0, result.output
    load_valid(target.read_bytes())


def test_output_never_overwrites_a_file_the_import_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "network.yaml"
    mine.write_text("vpcdocs: 1\nvpcs: {}\n")
    result = run("snapshot", str(FIXTURES / "snapshot"), "-o", str(mine))
    assert result.exit_code == 1
    assert "refusing to overwrite" in result.stderr and "--into" in result.stderr
    assert mine.read_text() == "vpcdocs: 1\nvpcs: {}\n"
    # a file an import wrote is replaced
    shutil.copy(FIXTURES / "terraform" / "plan.json", tmp_path / "plan.json")
    written = tmp_path / "imported.yaml"
    assert run("terraform", str(tmp_path / "plan.json"), "-o", str(written), "-q").exit_code == 0
    assert run("snapshot", str(FIXTURES / "snapshot"), "-o", str(written), "-q").exit_code == 0
