"""The page cache of `vpcdocs build` (vpcdocs.site.page_cache) and the in-memory docs
(vpcdocs.site.inject.DocsPlugin): a build that reuses the previous builds' pages makes the same
site, byte for byte, as a build without the cache, after edits of every kind (of the examples
and of generated designs); it really reuses them (pages neither converted nor rendered);
warnings and strict mode behave the same from the cache; MkDocs' file order is kept."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fake_site import FAKE_PAGES
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page
from topogen import generate, mutated

from vpcdocs.analysis.analysis import analyse
from vpcdocs.loader import load_bytes
from vpcdocs.render.markdown.groups import large_site
from vpcdocs.site.build import SiteBuildError, SiteResult, build_site
from vpcdocs.site.inject import walk_order
from vpcdocs.site.pages import design_pages, site_nav

ROOT = Path(__file__).resolve().parent.parent
HUB = ROOT / "examples" / "hub-and-spoke.yaml"
TEMPLATES = ROOT / "templates"


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The vpcdocs cache on, in its own folder; a fixed build date (for the sitemap)."""
    folder = tmp_path / "cache"
    monkeypatch.delenv("VPCDOCS_NO_CACHE", raising=False)
    monkeypatch.setenv("VPCDOCS_CACHE_DIR", str(folder))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    yield folder


def file_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(pages: Mapping[str, bytes], site: Path, *, cached: bool, **options: Any) -> SiteResult:
    """`build_site`, with the cache as set up (`cached`) or with every cache off."""
    if cached:
        return build_site(pages, site, **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VPCDOCS_NO_CACHE", "1")
        return build_site(pages, site, **options)


def markdown_pages(pages: Mapping[str, bytes]) -> int:
    return sum(1 for path in pages if path.endswith(".md"))


def design(text: str, *, templates: Path | None = None,
           diagrams: bool = True) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The pages of a design and the `build_site` options `vpcdocs build` gives them."""
    result = load_bytes("design.yaml", text.encode("utf-8"))
    if not result.ok or result.topology is None:
        raise ValueError([str(d) for d in result.diagnostics])
    topology = result.topology
    pages = design_pages(analyse(topology), templates_dir=templates, diagrams=diagrams)
    return pages, {"nav": site_nav(topology), "large": large_site(topology),
                   "site_name": topology.title or "Network documentation"}


def same_as_cold(pages: Mapping[str, bytes], work: Path, name: str, *, cold: str = "",
                 **options: Any) -> SiteResult:
    """Build `pages` with the cache (warm, into the same site folder every time) and without
    (cold; or compare with the cold build `cold` made before of the same pages); assert the two
    sites are the same bytes; return the warm build's result."""
    warm = build(pages, work / "warm", cached=True, **options)
    if not cold:
        cold = name
        build(pages, work / "cold" / name, cached=False, **options)
    warm_tree, cold_tree = file_tree(work / "warm"), file_tree(work / "cold" / cold)
    assert warm_tree.keys() == cold_tree.keys(), name
    differ = [path for path in warm_tree if warm_tree[path] != cold_tree[path]]
    assert differ == [], f"{name}: {differ[:10]}"
    assert "search/search_index.json" in warm_tree and "sitemap.xml.gz" in warm_tree
    return warm


# --------------------------------------------------------------------------- edits


def edited_flow_volume(text: str) -> str:
    return text.replace("gb_per_month: 15\n", "gb_per_month: 16\n", 1)


def edited_endpoint_azs(text: str) -> str:
    old = "subnets: [use1-shared-endpoints-a, use1-shared-endpoints-b]"
    assert old in text
    return text.replace(old, "subnets: [use1-shared-endpoints-a]", 1)


def renamed_flow(text: str) -> str:
    assert "  payments-api-to-kms:\n" in text
    return text.replace("  payments-api-to-kms:\n", "  payments-api-to-kms-renamed:\n", 1)


def removed_flow(text: str) -> str:
    head, sep, rest = text.partition("  payments-api-to-secretsmanager:\n")
    assert sep
    _, _, tail = rest.partition("\n\n")
    return head + tail


def test_warm_builds_equal_cold_builds_after_edits_of_the_example(
        cache_on: Path, tmp_path: Path) -> None:
    text = HUB.read_text(encoding="utf-8")
    pages, options = design(text)
    first = same_as_cold(pages, tmp_path, "original", **options)
    assert first.reused == 0
    again = same_as_cold(pages, tmp_path, "unchanged", cold="original", **options)
    assert again.reused == markdown_pages(pages)

    for name, edit in [("flow volume", edited_flow_volume), ("endpoint AZs", edited_endpoint_azs),
                       ("renamed flow", renamed_flow), ("removed flow", removed_flow)]:
        text = edit(text)
        edited, options = design(text)
        changed = {p for p in edited if p.endswith(".md") and pages.get(p) != edited[p]}
        assert changed, name
        result = same_as_cold(edited, tmp_path, name, **options)
        if name in ("flow volume", "endpoint AZs"):  # the navigation is the same: pages reused
            assert 0 < result.reused <= markdown_pages(edited) - len(changed), name
        pages = edited

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    flow = templates / "flow.md.j2"
    flow.write_text(flow.read_text(encoding="utf-8") + "\nEdited template.\n", encoding="utf-8")
    edited, options = design(text, templates=templates)
    assert edited != pages
    same_as_cold(edited, tmp_path, "template", **options)
    result = same_as_cold(edited, tmp_path, "strict", cold="template", strict=True, **options)
    assert result.reused == markdown_pages(edited)


@pytest.mark.parametrize("seed", [3, 11])
def test_warm_builds_equal_cold_builds_for_generated_designs(
        cache_on: Path, tmp_path: Path, seed: int) -> None:
    original = generate(seed)
    pages, options = design(original.text, diagrams=False)
    same_as_cold(pages, tmp_path, "original", **options)
    for step in range(2):
        edited = mutated(original, seed * 10 + step)
        try:
            pages, options = design(edited.text, diagrams=False)
        except ValueError:  # a mutation that does not load (rare): the next one
            continue
        same_as_cold(pages, tmp_path, f"mutated {step}", **options)


def test_warm_build_equals_cold_build_on_a_large_site(cache_on: Path, tmp_path: Path) -> None:
    extra = "".join(f"  extra-{n:02}:\n    from: payments-api\n    to: s3\n    gb_per_month: {n}\n"
                    for n in range(1, 62))
    text = HUB.read_text(encoding="utf-8").replace("\nflows:\n", "\nflows:\n" + extra, 1)
    pages, options = design(text, diagrams=False)
    assert options["large"]  # grouped, pruned navigation, sortable tables
    same_as_cold(pages, tmp_path, "original", **options)
    pages, options = design(text.replace("gb_per_month: 7\n", "gb_per_month: 70\n", 1),
                            diagrams=False)
    result = same_as_cold(pages, tmp_path, "edited", **options)
    assert result.reused > markdown_pages(pages) // 2


# --------------------------------------------------------------------------- really reused


def test_a_second_build_converts_and_renders_no_page(
        cache_on: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails without the cache: every page would be converted and rendered again."""
    converted: list[str] = []
    original_render = Page.render

    def counting_render(self: Page, config: Any, files: Any) -> None:
        converted.append(self.file.src_uri)
        original_render(self, config, files)

    monkeypatch.setattr(Page, "render", counting_render)
    build_site(FAKE_PAGES, tmp_path / "site")
    assert sorted(converted) == ["flows/web-to-s3.md", "index.md"]
    converted.clear()
    result = build_site(FAKE_PAGES, tmp_path / "site")
    assert converted == []
    assert result.reused == 2
    assert len(list((cache_on / "pages").iterdir())) == 2


def test_no_cache_when_the_cache_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VPCDOCS_NO_CACHE", "1")
    monkeypatch.setenv("VPCDOCS_CACHE_DIR", str(tmp_path / "cache"))
    build_site(FAKE_PAGES, tmp_path / "site")
    assert build_site(FAKE_PAGES, tmp_path / "site").reused == 0
    assert not (tmp_path / "cache").exists()


def test_no_cache_with_the_users_mkdocs_yml(cache_on: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text("site_name: Mine\ntheme:\n  name: material\n", encoding="utf-8")
    build_site(FAKE_PAGES, tmp_path / "site", user_config=config, prefix="network/")
    again = build_site(FAKE_PAGES, tmp_path / "site", user_config=config, prefix="network/")
    assert again.reused == 0


def test_a_damaged_entry_is_a_miss(cache_on: Path, tmp_path: Path) -> None:
    build_site(FAKE_PAGES, tmp_path / "cold")
    for entry in (cache_on / "pages").iterdir():
        entry.write_bytes(entry.read_bytes()[:-10])
    result = build_site(FAKE_PAGES, tmp_path / "warm")
    assert result.reused == 0
    assert file_tree(tmp_path / "warm") == file_tree(tmp_path / "cold")


# --------------------------------------------------------------------------- warnings


BROKEN = {**FAKE_PAGES, "index.md": b"# Broken\n\n[gone](flows/missing.md)\n"}


def test_warnings_and_strict_mode_are_the_same_from_the_cache(
        cache_on: Path, tmp_path: Path) -> None:
    cold = build(BROKEN, tmp_path / "cold", cached=False)
    first = build_site(BROKEN, tmp_path / "warm")
    second = build_site(BROKEN, tmp_path / "warm")
    assert second.reused == 2
    assert cold.warnings == first.warnings == second.warnings
    assert any("flows/missing.md" in w for w in second.warnings)
    with pytest.raises(SiteBuildError, match="strict") as err:
        build_site(BROKEN, tmp_path / "warm", strict=True)
    assert any("flows/missing.md" in p for p in err.value.problems)


def test_anchor_links_are_checked_against_the_pages_of_this_build(
        cache_on: Path, tmp_path: Path) -> None:
    """The linking page comes from the cache; the page it links to lost the anchor."""
    pages = {"index.md": b"# Home\n\nSee [the part](other.md#the-part).\n",
             "other.md": b"# Other\n\n## The part\n\nText.\n"}
    assert not any("the-part" in w for w in build_site(pages, tmp_path / "site").warnings)
    pages["other.md"] = b"# Other\n\n## Another part\n\nText.\n"
    warm = build_site(pages, tmp_path / "site")
    assert warm.reused == 1
    cold = build(pages, tmp_path / "cold", cached=False)
    assert [w for w in warm.warnings if "the-part" in w] == [
        w for w in cold.warnings if "the-part" in w] != []
    # and the other way round: the page linked to comes from the cache, with its anchors
    pages["index.md"] = b"# Home\n\nSee [it](other.md#another-part) and [not](other.md#nope).\n"
    warm = build_site(pages, tmp_path / "site")
    assert warm.reused == 1
    cold = build(pages, tmp_path / "cold", cached=False)
    assert warm.warnings == cold.warnings
    assert any("#nope" in w for w in warm.warnings)
    assert not any("another-part" in w for w in warm.warnings)


# --------------------------------------------------------------------------- file order


def test_walk_order_is_mkdocs_order(tmp_path: Path) -> None:
    rng = random.Random(7)
    names = ["index.md", "README.md", "a.md", "b.svg", "Z.md", "a-b.md", "a_b.md", "_x.md",
             "index.html", "aa.md"]
    folders = ["", "a/", "a/b/", "a-b/", "b/", "a/index/", "Z/", "aa/"]
    paths = sorted({rng.choice(folders) + rng.choice(names) for _ in range(60)})
    docs = tmp_path / "docs"
    for path in paths:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("x", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    found = [f.src_uri for f in get_files(config)]  # less a README.md beside an index file
    assert [p for p in walk_order(paths) if p in found] == found
    assert len(found) > 30


def test_in_memory_pages_read_like_files(cache_on: Path, tmp_path: Path) -> None:
    """A BOM and Windows line ends, as MkDocs reads them from a file (the preview writes
    the pages to disk; `build` keeps them in memory)."""
    from vpcdocs.site.build import SiteOptions, build_into

    pages = {"index.md": b"\xef\xbb\xbf# Home\r\n\r\nLine one\r\nline two\rthree\n"}
    build_site(pages, tmp_path / "memory", site_url="http://127.0.0.1:1/")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    build_into(pages, workspace, tmp_path / "disk", SiteOptions(), [],
               serve_url="http://127.0.0.1:1/")
    assert (tmp_path / "memory" / "index.html").read_bytes() == (
        tmp_path / "disk" / "index.html").read_bytes()



# --------------------------------------------------------------------------- shared files


def test_link_unchanged_links_only_the_same_bytes(tmp_path: Path) -> None:
    from vpcdocs.site.unchanged import link_unchanged

    old, new, elsewhere = tmp_path / "old", tmp_path / "new", tmp_path / "elsewhere"
    for root in (old, new, elsewhere):
        (root / "sub").mkdir(parents=True)
    for root in (old, new):
        (root / "same.html").write_bytes(b"same")
        (root / "sub" / "same.svg").write_bytes(b"<svg/>")
    (old / "changed.html").write_bytes(b"old bytes")
    (new / "changed.html").write_bytes(b"new bytes")
    (old / "mode.txt").write_bytes(b"m")
    (new / "mode.txt").write_bytes(b"m")
    os.chmod(old / "mode.txt", 0o600)
    os.chmod(new / "mode.txt", 0o644)
    (elsewhere / "linked.txt").write_bytes(b"l")
    (old / "linked.txt").symlink_to(elsewhere / "linked.txt")
    (new / "linked.txt").write_bytes(b"l")
    (elsewhere / "sub2").mkdir()
    (elsewhere / "sub2" / "inner.txt").write_bytes(b"i")
    (old / "sub2").symlink_to(elsewhere / "sub2")
    (new / "sub2").mkdir()
    (new / "sub2" / "inner.txt").write_bytes(b"i")
    (new / "only-new.txt").write_bytes(b"n")

    assert link_unchanged(old, new) == 2
    inode = {p: (new / p).stat().st_ino for p in
             ("same.html", "sub/same.svg", "changed.html", "mode.txt", "linked.txt",
              "sub2/inner.txt")}
    assert inode["same.html"] == (old / "same.html").stat().st_ino
    assert inode["sub/same.svg"] == (old / "sub" / "same.svg").stat().st_ino
    assert inode["changed.html"] != (old / "changed.html").stat().st_ino
    assert inode["mode.txt"] != (old / "mode.txt").stat().st_ino
    assert inode["linked.txt"] != (elsewhere / "linked.txt").stat().st_ino
    assert inode["sub2/inner.txt"] != (elsewhere / "sub2" / "inner.txt").stat().st_ino
    assert (new / "changed.html").read_bytes() == b"new bytes"
    assert sorted(p.name for p in new.iterdir()) == [
        "changed.html", "linked.txt", "mode.txt", "only-new.txt", "same.html", "sub", "sub2"]


def test_a_rebuilt_site_does_not_share_files_with_anything(cache_on: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(FAKE_PAGES, site)
    build_site(FAKE_PAGES, site)
    assert all(p.stat().st_nlink == 1 for p in site.rglob("*") if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
