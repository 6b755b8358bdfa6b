"""`vpcdocs generate`, `build` and `serve` from the command line: only changed files are
written, `--check` catches stale and missing docs, nothing a user owns is lost, the site is built
with the user's mkdocs.yml or a generated one, and builds are byte-identical with
SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vpcdocs.cli import cli
from vpcdocs.commands.build import choose_config, enables_vpcdocs_plugin

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "examples" / "course.yaml"

SMALL = """\
vpcdocs: 1
title: Small
vpcs:
  app-vpc:
    region: eu-west-2
    cidr: 10.1.0.0/16
    internet_gateway: app-igw
    subnets:
      public-a: {az: eu-west-2a, cidr: 10.1.0.0/24, route_table: public}
      private-a: {az: eu-west-2a, cidr: 10.1.1.0/24, route_table: private}
    route_tables:
      public:
        routes: [{to: 0.0.0.0/0, via: app-igw}]
      private:
        routes: [{to: 0.0.0.0/0, via: nat-a}]
    nat_gateways:
      nat-a: {subnet: public-a}
    endpoints:
      s3-gw: {type: gateway, service: s3, route_tables: [private]}
    workloads:
      web: {subnet: private-a, kind: ec2}
flows:
  web-to-s3:
    from: web
    to: s3
    gb_per_month: 100
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- generate


def test_generate_then_check_then_stale(tmp_path: Path) -> None:
    topology = tmp_path / "net.yaml"
    topology.write_text(SMALL)
    out = tmp_path / "docs" / "network"
    first = run("generate", str(topology), "--out", str(out))
    assert first.exit_code == 0, first.output
    assert "new" in first.stdout
    assert (out / "index.md").is_file() and (out / "flows" / "web-to-s3" / "index.md").is_file()
    assert (out / ".vpcdocs-manifest.json").is_file()

    clean = run("generate", str(topology), "--out", str(out), "--check")
    assert clean.exit_code == 0, clean.output
    assert "up to date" in clean.stdout

    before = snapshot(out)
    again = run("generate", str(topology), "--out", str(out))
    assert again.exit_code == 0 and "0 new, 0 changed" in again.stdout
    assert snapshot(out) == before  # unchanged files are not even rewritten

    topology.write_text(SMALL.replace("gb_per_month: 100", "gb_per_month: 900"))
    stale = run("generate", str(topology), "--out", str(out), "--check")
    assert stale.exit_code == 1
    assert "flows/web-to-s3/index.md: stale" in stale.stderr
    assert snapshot(out) == before  # --check writes nothing

    (out / "concepts.md").unlink()
    missing = run("generate", str(topology), "--out", str(out), "--check")
    assert missing.exit_code == 1 and "concepts.md: missing" in missing.stderr

    fixed = run("generate", str(topology), "--out", str(out))
    assert fixed.exit_code == 0
    after = snapshot(out)
    assert after["flows/web-to-s3/index.md"][0] != before["flows/web-to-s3/index.md"][0]
    assert after["regions/index.md"][1] == before["regions/index.md"][1]  # untouched
    assert run("generate", str(topology), "--out", str(out), "--check").exit_code == 0


def test_generate_never_overwrites_what_the_user_owns(tmp_path: Path) -> None:
    topology = tmp_path / "net.yaml"
    topology.write_text(SMALL)
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("# My own page\n")
    (out / "notes.md").write_text("mine\n")
    refused = run("generate", str(topology), "--out", str(out))
    assert refused.exit_code == 1
    assert "index.md: exists and was not created by vpcdocs" in refused.stderr
    assert (out / "index.md").read_text() == "# My own page\n"
    assert sorted(p.name for p in out.iterdir()) == ["index.md", "notes.md"]  # nothing written

    (out / "index.md").unlink()
    assert run("generate", str(topology), "--out", str(out)).exit_code == 0
    (out / "pricing.md").write_text("edited by hand\n")
    edited = run("generate", str(topology), "--out", str(out), "--check")
    assert edited.exit_code == 1 and "pricing.md: conflict: was edited" in edited.stderr
    assert run("generate", str(topology), "--out", str(out)).exit_code == 1
    assert (out / "pricing.md").read_text() == "edited by hand\n"
    assert (out / "notes.md").read_text() == "mine\n"


def test_generate_reports_an_invalid_topology(tmp_path: Path) -> None:
    topology = tmp_path / "bad.yaml"
    topology.write_text("vpcdocs: 1\nvpcs:\n  a:\n    region: eu-west-1\n    cidr: nope\n")
    result = run("generate", str(topology), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{topology}:5:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_generate_needs_out(tmp_path: Path) -> None:
    assert run("generate", str(COURSE)).exit_code == 2


# --------------------------------------------------------------------------- build


def test_build_with_the_generated_config(in_tmp: Path) -> None:
    (in_tmp / "net.yaml").write_text(SMALL)
    result = run("build", "net.yaml", "--strict")
    assert result.exit_code == 0, result.output
    site = in_tmp / "site"
    assert (site / "index.html").is_file()
    assert (site / "flows" / "web-to-s3" / "index.html").is_file()
    assert (site / ".vpcdocs-site").is_file()
    assert "site/index.html" in result.stdout
    html = (site / "index.html").read_text()
    assert "<title>Small</title>" in html


def test_build_refuses_a_folder_it_did_not_create(in_tmp: Path) -> None:
    (in_tmp / "net.yaml").write_text(SMALL)
    (in_tmp / "site").mkdir()
    (in_tmp / "site" / "precious.txt").write_text("keep me\n")
    result = run("build", "net.yaml")
    assert result.exit_code == 1
    assert "was not built by vpcdocs" in result.stderr
    assert (in_tmp / "site" / "precious.txt").read_text() == "keep me\n"
    assert sorted(p.name for p in (in_tmp / "site").iterdir()) == ["precious.txt"]


def test_build_into_the_users_mkdocs_project(in_tmp: Path) -> None:
    (in_tmp / "net.yaml").write_text(SMALL)
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / "index.md").write_text(
        "# Team docs\n\nSee [the network](network/index.md).\n"
    )
    (in_tmp / "mkdocs.yml").write_text("site_name: Team\ntheme: {name: material}\n")
    result = run("build", "net.yaml", "--strict")
    assert result.exit_code == 0, result.output
    site = in_tmp / "site"
    assert "Team docs" in (site / "index.html").read_text()
    assert (site / "network" / "flows" / "web-to-s3" / "index.html").is_file()
    assert "site/network/index.html" in result.stdout
    assert sorted(p.name for p in (in_tmp / "docs").iterdir()) == ["index.md"]  # docs untouched


def test_a_mkdocs_yml_with_the_plugin_is_not_built_twice(in_tmp: Path) -> None:
    config = in_tmp / "mkdocs.yml"
    config.write_text(
        "site_name: X\nplugins:\n  - search\n  - vpcdocs:\n      topology: net.yaml\n"
    )
    assert enables_vpcdocs_plugin(config)
    choice = choose_config(None, False)
    assert choice.user_config is None and choice.note and "vpcdocs plugin" in choice.note
    config.write_text("site_name: X\nplugins: [search]\nmarkdown_extensions: [!!python/name:x]\n")
    assert not enables_vpcdocs_plugin(config)
    assert choose_config(None, False).user_config == Path("mkdocs.yml")
    assert choose_config(None, True).user_config is None


def test_build_strict_fails_on_warning_findings(in_tmp: Path) -> None:
    # S3 through the NAT gateway although a gateway endpoint could carry it: a warning finding.
    (in_tmp / "net.yaml").write_text(SMALL.replace("route_tables: [private]", "route_tables: []"))
    result = run("build", "net.yaml", "--strict")
    assert result.exit_code == 1
    assert "warning[" in result.stderr
    assert not (in_tmp / "site").exists()
    assert run("build", "net.yaml").exit_code == 0


def test_build_is_byte_identical_with_source_date_epoch(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (in_tmp / "net.yaml").write_text(SMALL)
    assert run("build", "net.yaml", "--site-dir", "one").exit_code == 0
    assert run("build", "net.yaml", "--site-dir", "two").exit_code == 0
    one = {k: v[0] for k, v in snapshot(in_tmp / "one").items()}
    two = {k: v[0] for k, v in snapshot(in_tmp / "two").items()}
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


def test_serve_rejects_a_bad_address() -> None:
    result = run("serve", str(COURSE), "--dev-addr", "nowhere")
    assert result.exit_code == 2
