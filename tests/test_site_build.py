"""The site layer: atomic site builds that never replace a foreign folder, the generated MkDocs
config, builds with a user's mkdocs.yml, the MkDocs plugin and the live preview."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import time
import types
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from fake_site import FAKE_PAGES, OVERVIEW_SVG
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from vpcdocs.site.build import (
    MARKER_NAME,
    SiteBuildError,
    SiteError,
    SiteOptions,
    SiteOwnershipError,
    build_site,
    site_dir_state,
)
from vpcdocs.site.mkdocs_config import config_text, generated_config
from vpcdocs.site.plugin import VpcdocsPlugin
from vpcdocs.site.serve import Preview
from vpcdocs.write import TEMP_PREFIX, UnsafePathError


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under root: sha256 (or 'dir') and mtime in ns."""
    result: dict[str, tuple[str, int]] = {}
    for p in sorted(root.rglob("*")):
        digest = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        result[p.relative_to(root).as_posix()] = (digest, p.stat().st_mtime_ns)
    return result


def file_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def no_temp_left(folder: Path) -> bool:
    return not any(p.name.startswith(TEMP_PREFIX) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("built") / "site"
    result = build_site(FAKE_PAGES, site, strict=True, site_name="Fake network")
    assert result.warnings == ()
    assert result.files == len(FAKE_PAGES)
    return site


# --------------------------------------------------------------------------- build_site


def test_site_has_pages_assets_and_marker(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "flows/web-to-s3/index.html").is_file()
    assert (built_site / "diagrams/overview.svg").read_bytes() == OVERVIEW_SVG
    assert (built_site / MARKER_NAME).is_file()
    assert (built_site / "search/search_index.json").is_file()
    html = (built_site / "index.html").read_text()
    assert "Fake network" in html
    assert 'src="diagrams/overview.svg"' in html
    assert "fonts.googleapis.com" not in html, "no third-party font requests"
    assert no_temp_left(built_site.parent)


def test_built_pages_carry_their_navigation_without_indentation(built_site: Path) -> None:
    """Material's navigation templates leave mostly indentation (a third of a large site's
    HTML); vpcdocs build collapses it (`vpcdocs.site.lean_html`)."""
    html = (built_site / "flows/web-to-s3/index.html").read_text()
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start:html.index('<div class="md-content"', start)]
    assert "md-nav__link" in nav
    assert not re.search(r"\n[ \t]", nav) and "\n\n" not in nav


def test_rebuild_replaces_our_site_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(FAKE_PAGES, site)
    pages = {k: v for k, v in FAKE_PAGES.items() if not k.startswith("flows/")}
    pages["index.md"] = b"# Only page\n\n![d](diagrams/overview.svg)\n"
    build_site(pages, site)
    assert not (site / "flows").exists()
    assert "Only page" in (site / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failed_swap_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    build_site(FAKE_PAGES, site)
    before = snapshot(site)
    real_rename = os.rename
    calls: list[str] = []

    def flaky_rename(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == 2:  # moving the new site in
            raise OSError("simulated failure")
        real_rename(src, dst)

    monkeypatch.setattr("vpcdocs.site.build.os.rename", flaky_rename)
    # the two-rename swap, used where the system cannot exchange two folders in one step
    monkeypatch.setattr("vpcdocs.site.build.exchange", lambda a, b: False)
    with pytest.raises(SiteError, match=r"simulated failure.*previous site is unchanged"):
        build_site({**FAKE_PAGES, "index.md": b"# New\n"}, site)
    assert len(calls) == 3
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_foreign_folder_is_refused_and_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "thesis.tex").write_text("years of work")
    before = snapshot(tmp_path)
    with pytest.raises(SiteOwnershipError, match=r"not built by vpcdocs.*refusing"):
        build_site(FAKE_PAGES, site)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_file_or_link_at_site_path_is_refused(tmp_path: Path, kind: str) -> None:
    site = tmp_path / "site"
    if kind == "file":
        site.write_text("not a folder")
    else:
        target = tmp_path / "elsewhere"
        target.mkdir()
        site.symlink_to(target, target_is_directory=True)
    before = snapshot(tmp_path)
    with pytest.raises(SiteOwnershipError):
        build_site(FAKE_PAGES, site)
    assert snapshot(tmp_path) == before


def test_empty_folder_is_adopted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    assert site_dir_state(site) == "empty"
    build_site(FAKE_PAGES, site)
    assert site_dir_state(site) == "ours"
    assert (site / "index.html").is_file()


def test_strict_failure_keeps_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(FAKE_PAGES, site, strict=True)
    before = snapshot(site)
    broken = {**FAKE_PAGES, "index.md": b"# Broken\n\n[gone](flows/missing.md)\n"}
    with pytest.raises(SiteBuildError, match="strict") as err:
        build_site(broken, site, strict=True)
    assert any("flows/missing.md" in p for p in err.value.problems)
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_warnings_are_returned_when_not_strict(tmp_path: Path) -> None:
    broken = {**FAKE_PAGES, "index.md": b"# Broken\n\n[gone](flows/missing.md)\n"}
    result = build_site(broken, tmp_path / "site")
    assert any("flows/missing.md" in w for w in result.warnings)


def test_unsafe_page_path_is_refused_before_building(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError):
        build_site({"../escape.md": b"x"}, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not (tmp_path.parent / "escape.md").exists()
    assert no_temp_left(tmp_path)


def test_site_is_byte_identical_with_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_site(FAKE_PAGES, tmp_path / "a" / "site", site_url="https://example.org/")
    second = build_site(FAKE_PAGES, tmp_path / "b" / "site", site_url="https://example.org/")
    tree_a, tree_b = file_tree(first.site_dir), file_tree(second.site_dir)
    assert "sitemap.xml.gz" in tree_a
    assert b"2023-11-14" in tree_a["sitemap.xml"]
    assert tree_a.keys() == tree_b.keys()
    assert [k for k in tree_a if tree_a[k] != tree_b[k]] == []


def test_nav_is_used_in_order(tmp_path: Path) -> None:
    nav = [{"Zz flows": ["flows/web-to-s3.md"]}, {"Aa home": "index.md"}]
    site = build_site(FAKE_PAGES, tmp_path / "site", nav=nav, strict=True).site_dir
    html = (site / "flows/web-to-s3/index.html").read_text()
    assert html.index("Zz flows") < html.index("Aa home")


# --------------------------------------------------------------------------- generated config


def test_generated_config_is_material_with_toggle_and_extensions(tmp_path: Path) -> None:
    cfg = generated_config("Net", nav=["index.md", {"Flows": ["flows/a.md"]}])
    assert cfg["theme"]["name"] == "material"
    assert {"navigation.sections", "navigation.indexes"} <= set(cfg["theme"]["features"])
    assert [p["scheme"] for p in cfg["theme"]["palette"]] == ["default", "slate"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in cfg["markdown_extensions"]]
    for ext in ("admonition", "tables", "attr_list", "md_in_html", "pymdownx.superfences"):
        assert ext in names
    text = config_text(cfg)
    assert text == config_text(generated_config("Net", nav=["index.md", {"Flows": ["flows/a.md"]}]))
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(text)
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert loaded.theme.name == "material"
    assert "search" in loaded.plugins or "material/search" in loaded.plugins


# --------------------------------------------------------------------------- user mkdocs.yml


def make_project(root: Path, *, plugins: str = "  - search\n") -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# My project\n\nSee [the network](network/index.md).\n")
    (root / "mkdocs.yml").write_text(
        f"site_name: My project\ntheme:\n  name: material\n  font: false\nplugins:\n{plugins}"
    )
    return root / "mkdocs.yml"


def test_user_config_gets_pages_without_touching_docs_dir(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    cfg = make_project(project)
    before = snapshot(project)
    result = build_site(FAKE_PAGES, project / "site", user_config=cfg, strict=True, prefix="network")
    assert result.warnings == ()
    site = result.site_dir
    assert "My project" in (site / "index.html").read_text()
    assert (site / "network/index.html").is_file()
    assert (site / "network/flows/web-to-s3/index.html").is_file()
    assert (site / "network/diagrams/overview.svg").read_bytes() == OVERVIEW_SVG
    after = snapshot(project)
    assert {k: v for k, v in after.items() if not k.startswith("site")} == before


def test_user_page_in_the_way_is_an_error_not_a_replacement(tmp_path: Path) -> None:
    cfg = make_project(tmp_path)
    (tmp_path / "docs/network").mkdir()
    (tmp_path / "docs/network/index.md").write_text("# mine\n")
    with pytest.raises(SiteBuildError) as err:
        build_site(FAKE_PAGES, tmp_path / "site", user_config=cfg, prefix="network/")
    assert "network/index.md" in str(err.value)
    assert not (tmp_path / "site").exists()


def test_user_config_with_vpcdocs_plugin_is_refused(tmp_path: Path) -> None:
    (tmp_path / "network.yaml").write_text("{}\n")
    cfg = make_project(tmp_path, plugins="  - vpcdocs:\n      topology: network.yaml\n")
    with pytest.raises(SiteBuildError, match="vpcdocs plugin"):
        build_site(FAKE_PAGES, tmp_path / "site", user_config=cfg)


def test_broken_user_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: {name: no-such-theme}\n")
    with pytest.raises(SiteBuildError, match=r"mkdocs\.yml"):
        build_site(FAKE_PAGES, tmp_path / "site", user_config=tmp_path / "mkdocs.yml")
    assert not (tmp_path / "site").exists()


# --------------------------------------------------------------------------- the plugin


@pytest.fixture
def fake_generator(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Install a stub `vpcdocs.site.pages` whose generate_pages records its calls."""
    calls: list[Path] = []
    options: list[tuple[Path | None, bool]] = []
    monkeypatch.setattr(sys.modules[__name__], "generator_options", options, raising=False)

    def generate_pages(
        topology: Path, *, templates_dir: Path | None = None, allow_html: bool = False
    ) -> Mapping[str, bytes]:
        calls.append(topology)
        options.append((templates_dir, allow_html))
        text = topology.read_text()
        if "invalid" in text:
            raise ValueError(f"{topology.name}:1:1: error[E001]: invalid topology")
        return {**FAKE_PAGES, "index.md": f"# Network\n\n{text}\n".encode()}

    module = types.ModuleType("vpcdocs.site.pages")
    module.generate_pages = generate_pages  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vpcdocs.site.pages", module)
    return calls


def mkdocs_build(cfg: Path, site: Path) -> None:
    config = load_config(str(cfg), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


PLUGIN = "  - search\n  - vpcdocs:\n      topology: network.yaml\n"


def test_plugin_adds_pages_in_memory(tmp_path: Path, fake_generator: list[Path]) -> None:
    cfg = make_project(tmp_path, plugins=PLUGIN)
    (tmp_path / "network.yaml").write_text("the topology text")
    before = snapshot(tmp_path / "docs")
    mkdocs_build(cfg, tmp_path / "site")
    assert fake_generator == [tmp_path / "network.yaml"]
    assert "the topology text" in (tmp_path / "site/network/index.html").read_text()
    assert (tmp_path / "site/network/diagrams/overview.svg").read_bytes() == OVERVIEW_SVG
    assert snapshot(tmp_path / "docs") == before


def test_plugin_prefix_option(tmp_path: Path, fake_generator: list[Path]) -> None:
    cfg = make_project(tmp_path, plugins=PLUGIN + "      prefix: infra/aws\n")
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "network.yaml").write_text("x")
    mkdocs_build(cfg, tmp_path / "site")
    assert (tmp_path / "site/infra/aws/flows/web-to-s3/index.html").is_file()


def test_plugin_passes_templates_and_allow_html(tmp_path: Path, fake_generator: list[Path]) -> None:
    (tmp_path / "my-templates").mkdir()
    cfg = make_project(
        tmp_path, plugins=PLUGIN + "      templates: my-templates\n      allow_html: true\n"
    )
    (tmp_path / "network.yaml").write_text("x")
    mkdocs_build(cfg, tmp_path / "site")
    assert generator_options == [(tmp_path / "my-templates", True)]


def test_plugin_defaults_no_templates_no_html(tmp_path: Path, fake_generator: list[Path]) -> None:
    cfg = make_project(tmp_path, plugins=PLUGIN)
    (tmp_path / "network.yaml").write_text("x")
    mkdocs_build(cfg, tmp_path / "site")
    assert generator_options == [(None, False)]


generator_options: list[tuple[Path | None, bool]] = []


def test_plugin_reports_a_bad_topology(
    tmp_path: Path, fake_generator: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    cfg = make_project(tmp_path, plugins=PLUGIN)
    (tmp_path / "network.yaml").write_text("invalid")
    with pytest.raises(Abort):
        mkdocs_build(cfg, tmp_path / "site")
    assert "cannot generate pages from" in caplog.text
    assert "network.yaml:1:1: error[E001]: invalid topology" in caplog.text
    assert not (tmp_path / "site").exists()


def test_plugin_missing_topology_is_a_config_error(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, plugins=PLUGIN)
    with pytest.raises(Abort):
        load_config(str(cfg))


def test_plugin_without_page_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "vpcdocs.site.pages", None)
    cfg = make_project(tmp_path, plugins=PLUGIN)
    (tmp_path / "network.yaml").write_text("x")
    with pytest.raises(Abort):
        mkdocs_build(cfg, tmp_path / "site")
    assert "page generation is not available" in caplog.text


def test_plugin_watches_the_topology_under_serve(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, plugins=PLUGIN)
    (tmp_path / "network.yaml").write_text("x")
    config = load_config(str(cfg))
    plugin = config.plugins["vpcdocs"]
    assert isinstance(plugin, VpcdocsPlugin)

    class FakeServer:
        def __init__(self) -> None:
            self.watched: list[tuple[str, bool]] = []

        def watch(self, path: str, *, recursive: bool = True) -> None:
            self.watched.append((path, recursive))

    server = FakeServer()
    plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    assert server.watched == [(str(tmp_path / "network.yaml"), False)]


# --------------------------------------------------------------------------- live preview


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    topology = tmp_path / "network.yaml"
    topology.write_text("first version")

    def generate() -> Mapping[str, bytes]:
        text = topology.read_text()
        if "invalid" in text:
            raise ValueError("network.yaml:1:1: error[E001]: invalid topology")
        return {**FAKE_PAGES, "index.md": f"# Network\n\n{text}\n".encode()}

    p = Preview(generate, watch=[topology], options=SiteOptions(), port=0, polling_interval=0.1)
    thread = threading.Thread(target=p.serve, daemon=True)
    thread.start()
    try:
        yield p, topology
    finally:
        p.close()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert not p.workspace.exists()


def fetch_until(url: str, wanted: str, *, limit: float = 30.0) -> str:
    """GET url until the body contains `wanted` (bounded wait; not a timing assertion)."""
    deadline = time.monotonic() + limit
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode()
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never contained {wanted!r}; last body:\n{body[:500]}")


def test_preview_rebuilds_when_the_topology_changes(preview: tuple[Preview, Path], tmp_path: Path) -> None:
    p, topology = preview
    fetch_until(p.url, "first version")
    topology.write_text("second version")
    fetch_until(p.url, "second version")
    topology.write_text("invalid now")
    topology.write_text("third version")
    fetch_until(p.url, "third version")
    # nothing was ever written beside the topology (the user's tree)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["network.yaml"]


def test_preview_keeps_the_last_good_site_on_a_bad_topology(
    preview: tuple[Preview, Path], caplog: pytest.LogCaptureFixture
) -> None:
    p, topology = preview
    fetch_until(p.url, "first version")
    builds = p.builds
    topology.write_text("invalid")
    deadline = time.monotonic() + 30
    while "invalid topology" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "E001" in caplog.text and "last good site" in caplog.text
    assert p.builds == builds
    assert "first version" in fetch_until(p.url, "first version")


def test_preview_first_build_failure_is_raised_and_cleaned_up(tmp_path: Path) -> None:
    from vpcdocs.site.serve import serve_site

    def generate() -> Mapping[str, bytes]:
        raise ValueError("network.yaml:3:5: error[E002]: unknown VPC 'x'")

    with pytest.raises(ValueError, match="E002"):
        serve_site(generate, watch=[tmp_path], options=SiteOptions(), port=0)
    assert list(tmp_path.iterdir()) == []
