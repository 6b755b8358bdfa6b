"""`.vpcdocs.yml`: defaults, every setting, located errors, and where the file is looked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vpcdocs.config import (
    CONFIG_NAME,
    Config,
    find_config,
    load_config,
    parse_config,
    repo_root,
)
from vpcdocs.diagnostics import format_text


def _errors(text: str) -> list[str]:
    result = parse_config(CONFIG_NAME, text.encode("utf-8"), root=Path("."))
    assert result.config is None
    return [format_text(d).split("\n")[0] for d in result.diagnostics]


def test_defaults_without_a_file() -> None:
    result = load_config(None, root=Path("repo"))
    assert result.config == Config(root=Path("repo"), source=None)
    config = result.config
    assert config.topology_path == Path("repo/network.yaml")
    assert config.output_path == Path("repo/docs/network")
    assert not config.strict and config.inject == () and config.templates_path is None


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_file_means_defaults(text: str) -> None:
    result = parse_config(CONFIG_NAME, text.encode(), root=Path("."))
    assert result.config == Config(root=Path("."), source=CONFIG_NAME)


def test_every_setting() -> None:
    text = (
        "topology: ./net/design.yaml\noutput: site\\docs/\nstrict: true\n"
        "inject: [README.md, docs/index.md, README.md]\ntemplates: tpl\nallow_html: true\n"
    )
    result = parse_config(CONFIG_NAME, text.encode(), root=Path("r"))
    assert result.config == Config(
        root=Path("r"), source=CONFIG_NAME, topology="net/design.yaml", output="site/docs",
        strict=True, inject=("README.md", "docs/index.md"), templates="tpl", allow_html=True,
    )
    one = parse_config(CONFIG_NAME, b"inject: README.md\n", root=Path("."))
    assert one.config is not None and one.config.inject == ("README.md",)


def test_errors_are_located_and_all_reported() -> None:
    text = "topology: /abs/net.yaml\nouput: docs\nstrict: yes please\ninject: [a.md, ../b.md]\n"
    assert _errors(text) == [
        ".vpcdocs.yml:1:11: error[CONFIG_PATH]: `topology` must be a path relative to the "
        "repository root, not `/abs/net.yaml`",
        ".vpcdocs.yml:2:1: error[CONFIG_UNKNOWN_KEY]: unknown setting `ouput`",
        ".vpcdocs.yml:3:9: error[CONFIG_TYPE]: `strict` must be true or false, not `yes please`",
        ".vpcdocs.yml:4:16: error[CONFIG_PATH]: `inject` must stay inside the repository, "
        "not `../b.md`",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n", ".vpcdocs.yml:1:1: error[CONFIG_NOT_A_MAPPING]"),
        ("topology: [a]\n", ".vpcdocs.yml:1:11: error[CONFIG_TYPE]: `topology` must be a "
         "relative file path, not a list"),
        ("output: .\n", ".vpcdocs.yml:1:9: error[CONFIG_PATH]: `output` must be a folder"),
        ("inject: {a: 1}\n", ".vpcdocs.yml:1:9: error[CONFIG_TYPE]: `inject` must be a list"),
        ("topology: C:\\net.yaml\n", ".vpcdocs.yml:1:11: error[CONFIG_PATH]"),
        ("topology: [\n", ".vpcdocs.yml:2:1: error[YAML_SYNTAX]"),
        ("a: 1\na: 2\n", ".vpcdocs.yml:2:1: error[DUPLICATE_KEY]"),
    ],
)
def test_one_error(text: str, expected: str) -> None:
    errors = _errors(text)
    assert any(e.startswith(expected) for e in errors), errors


def test_find_config_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("strict: true\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a" / "b").mkdir(parents=True)
    assert find_config(repo / "a" / "b") is None  # the file above the repository is not used
    (repo / CONFIG_NAME).write_text("strict: true\n")
    assert find_config(repo / "a" / "b") == (repo / CONFIG_NAME).resolve()
    assert repo_root(repo / "a") == repo.resolve()


def test_unreadable_file(tmp_path: Path) -> None:
    result = load_config(tmp_path / "missing.yml", root=tmp_path, name="missing.yml")
    assert result.config is None
    assert format_text(result.diagnostics[0]).startswith("missing.yml:1:1: error[CANNOT_READ]")


def test_site_keep() -> None:
    default = parse_config(CONFIG_NAME, b"", root=Path("."))
    assert default.config is not None and default.config.site_keep == ("CNAME", ".nojekyll")
    chosen = parse_config(CONFIG_NAME, b"site:\n  keep: [CNAME, ./.well-known/, CNAME]\n",
                          root=Path("."))
    assert chosen.config is not None and chosen.config.site_keep == ("CNAME", ".well-known")
    none = parse_config(CONFIG_NAME, b"site:\n  keep: []\n", root=Path("."))
    assert none.config is not None and none.config.site_keep == ()
    assert _errors("site:\n  keep: [../up, /abs, .vpcdocs-site]\n  kept: x\nsite2: 1\n") == [
        ".vpcdocs.yml:2:10: error[CONFIG_PATH]: `site.keep` must stay inside the site, "
        "not `../up`",
        ".vpcdocs.yml:2:17: error[CONFIG_PATH]: `site.keep` must be a path relative to the site "
        "root, not `/abs`",
        ".vpcdocs.yml:2:23: error[CONFIG_PATH]: `site.keep` cannot name `.vpcdocs-site`: vpcdocs "
        "manages that name itself",
        ".vpcdocs.yml:3:3: error[CONFIG_UNKNOWN_KEY]: unknown setting `site.kept`",
        ".vpcdocs.yml:4:1: error[CONFIG_UNKNOWN_KEY]: unknown setting `site2`",
    ]
    assert _errors("site: [CNAME]\n") == [
        ".vpcdocs.yml:1:7: error[CONFIG_TYPE]: `site` must be a mapping of settings "
        "(`keep: [CNAME]`), not a list"
    ]


def test_a_settings_file_that_is_not_a_regular_file_is_refused_unread(tmp_path: Path) -> None:
    fifo = tmp_path / CONFIG_NAME
    os.mkfifo(fifo)  # reading it would block forever
    result = load_config(fifo, root=tmp_path, name=CONFIG_NAME)
    assert [format_text(d) for d in result.diagnostics] == [
        ".vpcdocs.yml:1:1: error[NOT_A_FILE]: not a regular file but a named pipe (FIFO); "
        "vpcdocs reads regular files only"
    ]
    fifo.unlink()
    with open(fifo, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse: refused by its size, before any read
    result = load_config(fifo, root=tmp_path, name=CONFIG_NAME)
    assert "FILE_TOO_LARGE" in format_text(result.diagnostics[0])
    assert "the limit is 1,048,576 bytes" in format_text(result.diagnostics[0])
