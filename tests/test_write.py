"""The one writer: ownership (never touch what vpcdocs did not write), atomicity, --check."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpcdocs.filenames import safe_filename
from vpcdocs.write import (
    MANIFEST_NAME,
    TEMP_PREFIX,
    Conflict,
    ConflictError,
    ManifestError,
    UnsafePathError,
    WriteError,
    apply,
    atomic_write,
    check,
    manifest_bytes,
    plan,
    validate_relpath,
)

PAGES = {
    "index.md": b"# Network\n",
    "flows/web-to-s3.md": b"# web-to-s3\n",
    "diagrams/overview.svg": b"<svg/>\n",
}


def generate(out: Path, files: dict[str, bytes]) -> None:
    apply(plan(out, files))


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def manifest(out: Path) -> dict[str, str]:
    document = json.loads((out / MANIFEST_NAME).read_text())
    hashes = document["sha256"]
    assert isinstance(hashes, dict)
    return hashes


# --------------------------------------------------------------------------- first write


def test_first_write_creates_files_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    p = plan(out, PAGES)
    assert p.new == ("diagrams/overview.svg", "flows/web-to-s3.md", "index.md")
    assert (p.changed, p.unchanged, p.obsolete, p.conflicts) == ((), (), (), ())
    assert not out.exists(), "plan must not write"
    apply(p)
    assert tree(out) == {**PAGES, MANIFEST_NAME: p.manifest_after}
    assert sorted(manifest(out)) == sorted(PAGES)
    assert not any(f.name.startswith(TEMP_PREFIX) for f in out.rglob("*"))


def test_manifest_bytes_are_deterministic_and_sorted() -> None:
    a = manifest_bytes({"b.md": "1" * 64, "a.md": "2" * 64})
    b = manifest_bytes({"a.md": "2" * 64, "b.md": "1" * 64})
    assert a == b
    assert a.endswith(b"}\n")
    text = a.decode()
    assert text.index('"a.md"') < text.index('"b.md"')


def test_second_run_is_a_no_op_and_keeps_mtimes(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    old = 1_000_000_000
    for f in out.rglob("*"):
        if f.is_file():
            os.utime(f, (old, old))
    p = plan(out, PAGES)
    assert p.up_to_date
    assert p.unchanged == tuple(sorted(PAGES))
    assert check(p) == []
    apply(p)
    assert {f.stat().st_mtime for f in out.rglob("*") if f.is_file()} == {old}


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    old = 1_000_000_000
    for f in out.rglob("*"):
        if f.is_file():
            os.utime(f, (old, old))
    files = {**PAGES, "index.md": b"# Network v2\n"}
    p = plan(out, files)
    assert p.changed == ("index.md",)
    assert p.new == () and p.obsolete == ()
    apply(p)
    assert (out / "index.md").read_bytes() == b"# Network v2\n"
    assert (out / "index.md").stat().st_mtime != old
    assert (out / "flows/web-to-s3.md").stat().st_mtime == old
    assert manifest(out)["index.md"] != manifest(out)["flows/web-to-s3.md"]
    assert plan(out, files).up_to_date


def test_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    (out / "index.md").chmod(0o640)
    generate(out, {**PAGES, "index.md": b"changed\n"})
    assert stat.S_IMODE((out / "index.md").stat().st_mode) == 0o640


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        generate(tmp_path / "docs", {"a.md": b"a"})
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "docs/a.md").stat().st_mode) == 0o640


# --------------------------------------------------------------------------- ownership


def test_user_file_with_same_name_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_bytes(b"my own notes\n")
    p = plan(out, PAGES)
    assert p.conflicts == (Conflict("index.md", "exists and was not created by vpcdocs"),)
    with pytest.raises(ConflictError) as err:
        apply(p)
    assert "index.md" in str(err.value) and "not created by vpcdocs" in str(err.value)
    assert err.value.conflicts == p.conflicts
    # nothing at all was written: not the other files, not the manifest
    assert tree(out) == {"index.md": b"my own notes\n"}


def test_user_edited_generated_file_is_a_conflict(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    (out / "index.md").write_bytes(b"# Network\nmy edit\n")
    p = plan(out, {**PAGES, "index.md": b"# Network v2\n"})
    assert p.conflicts == (Conflict("index.md", "was edited after vpcdocs wrote it"),)
    with pytest.raises(ConflictError):
        apply(p)
    assert (out / "index.md").read_bytes() == b"# Network\nmy edit\n"


def test_identical_unlisted_file_is_adopted(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_bytes(PAGES["index.md"])
    p = plan(out, PAGES)
    assert p.unchanged == ("index.md",) and not p.conflicts
    apply(p)
    assert "index.md" in manifest(out)


def test_user_files_beside_generated_ones_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_bytes(b"mine\n")
    generate(out, PAGES)
    generate(out, {"index.md": b"only\n"})
    assert (out / "notes.md").read_bytes() == b"mine\n"
    assert "notes.md" not in manifest(out)


def test_obsolete_unedited_file_is_deleted_and_empty_folder_removed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    files = {"index.md": PAGES["index.md"], "diagrams/overview.svg": PAGES["diagrams/overview.svg"]}
    p = plan(out, files)
    assert p.obsolete == ("flows/web-to-s3.md",)
    assert check(p) == ["flows/web-to-s3.md: obsolete"]
    apply(p)
    assert not (out / "flows").exists()
    assert sorted(manifest(out)) == sorted(files)


def test_folder_with_user_file_survives_obsolete_deletion(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    (out / "flows/mine.md").write_bytes(b"mine\n")
    generate(out, {"index.md": b"x"})
    assert tree(out / "flows") == {"mine.md": b"mine\n"}


def test_obsolete_but_edited_file_is_kept_and_reported(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    (out / "flows/web-to-s3.md").write_bytes(b"edited\n")
    p = plan(out, {"index.md": PAGES["index.md"]})
    assert p.obsolete == ("diagrams/overview.svg",)
    assert [c.path for c in p.conflicts] == ["flows/web-to-s3.md"]
    with pytest.raises(ConflictError, match="no longer generated but was edited"):
        apply(p)
    assert (out / "flows/web-to-s3.md").read_bytes() == b"edited\n"
    assert (out / "diagrams/overview.svg").exists(), "a refused plan deletes nothing either"


def test_obsolete_file_already_deleted_is_forgotten(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    (out / "flows/web-to-s3.md").unlink()
    files = {k: v for k, v in PAGES.items() if k != "flows/web-to-s3.md"}
    p = plan(out, files)
    assert p.forgotten == ("flows/web-to-s3.md",)
    assert check(p) == [f"{MANIFEST_NAME}: stale"]
    apply(p)
    assert "flows/web-to-s3.md" not in manifest(out)
    assert plan(out, files).up_to_date


def test_deleted_generated_file_is_recreated(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    (out / "index.md").unlink()
    p = plan(out, PAGES)
    assert p.new == ("index.md",)
    apply(p)
    assert (out / "index.md").read_bytes() == PAGES["index.md"]


def test_symlink_in_the_way_is_a_conflict(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_bytes(b"precious\n")
    (out / "index.md").symlink_to(victim)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (out / "flows").symlink_to(outside, target_is_directory=True)
    p = plan(out, PAGES)
    assert {c.path for c in p.conflicts} == {"index.md", "flows/web-to-s3.md"}
    with pytest.raises(ConflictError):
        apply(p)
    assert victim.read_bytes() == b"precious\n"
    assert list(outside.iterdir()) == []


def test_folder_or_file_in_the_way(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    (out / "index.md").mkdir(parents=True)
    (out / "flows").write_bytes(b"a file\n")
    p = plan(out, PAGES)
    reasons = {c.path: c.reason for c in p.conflicts}
    assert reasons["index.md"].startswith("is a folder")
    assert "'flows' exists and is not a folder" in reasons["flows/web-to-s3.md"]


def test_file_changed_between_plan_and_apply_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generate(out, PAGES)
    p = plan(out, {**PAGES, "index.md": b"new\n"})
    (out / "index.md").write_bytes(b"user typed this meanwhile\n")
    with pytest.raises(ConflictError, match="changed on disk"):
        apply(p)
    assert (out / "index.md").read_bytes() == b"user typed this meanwhile\n"


def test_out_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "docs").write_bytes(b"x")
    with pytest.raises(WriteError, match="not a folder"):
        plan(tmp_path / "docs", PAGES)


@pytest.mark.parametrize(
    "content",
    [b"not json", b"{}", b'{"generator": "other", "sha256": {}}', b"[1]"],
)
def test_foreign_manifest_is_refused_not_overwritten(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / MANIFEST_NAME).write_bytes(content)
    with pytest.raises(ManifestError, match="not a vpcdocs manifest"):
        plan(out, PAGES)
    assert (out / MANIFEST_NAME).read_bytes() == content


def test_manifest_with_unsafe_path_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / MANIFEST_NAME).write_bytes(manifest_bytes({"../../etc/passwd": "0" * 64}))
    with pytest.raises(ManifestError, match=r"\.\."):
        plan(out, PAGES)


# --------------------------------------------------------------------------- --check


def test_check_lists_missing_stale_obsolete_and_conflicts_and_writes_nothing(
    tmp_path: Path,
) -> None:
    out = tmp_path / "docs"
    generate(out, {**PAGES, "old.md": b"old\n"})
    (out / "flows/web-to-s3.md").unlink()
    (out / "user.md").write_bytes(b"mine\n")
    before = tree(out)
    files = {**PAGES, "index.md": b"# Network v2\n", "user.md": b"generated\n", "new.md": b"n"}
    problems = check(plan(out, files))
    assert problems == [
        "flows/web-to-s3.md: missing",
        "index.md: stale",
        "new.md: missing",
        "old.md: obsolete",
        "user.md: conflict: exists and was not created by vpcdocs",
    ]
    assert tree(out) == before


def test_check_on_missing_folder_lists_everything(tmp_path: Path) -> None:
    problems = check(plan(tmp_path / "nope", PAGES))
    assert problems == [f"{p}: missing" for p in sorted(PAGES)]
    assert not (tmp_path / "nope").exists()


def test_empty_file_set_on_missing_folder_creates_nothing(tmp_path: Path) -> None:
    p = plan(tmp_path / "docs", {})
    assert p.up_to_date
    apply(p)
    assert not (tmp_path / "docs").exists()


# --------------------------------------------------------------------------- paths and names


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/etc/passwd",
        "../x.md",
        "a/../../x.md",
        "a//b.md",
        "a/./b.md",
        "a/",
        "a\\b.md",
        "C:/x.md",
        "con.md",
        "a/NUL",
        "x.md.",
        "a\x00b",
        "a?.md",
        MANIFEST_NAME,
        f"{TEMP_PREFIX}x",
        "e\u0301.md",  # not NFC
    ],
)
def test_unsafe_paths_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePathError):
        validate_relpath(path)
    with pytest.raises(UnsafePathError):
        plan(tmp_path, {path: b"x"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["index.md", "a/b/c.svg", "flows/web-to-s3.md", "é.md", ".pages"])
def test_safe_paths_are_accepted(path: str) -> None:
    assert validate_relpath(path) == path


def test_paths_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="differ only in case"):
        plan(tmp_path, {"Web.md": b"1", "web.md": b"2"})


def test_file_and_folder_with_same_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="needs it to be a folder"):
        plan(tmp_path, {"a": b"1", "a/b.md": b"2"})


def test_content_must_be_bytes(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        plan(tmp_path, {"a.md": "text"})  # type: ignore[dict-item]


@pytest.mark.parametrize("name", ["web-to-s3", "prod", "vpc-a.b", "10-net", "a_b"])
def test_plain_names_map_to_themselves(name: str) -> None:
    assert safe_filename(name) == name


def test_other_names_are_slugged_with_a_stable_hash() -> None:
    web = safe_filename("Web")
    assert web.startswith("web-") and len(web) == len("web-") + 8
    assert web == safe_filename("Web")
    assert web != safe_filename("WEB") != safe_filename("web")
    assert safe_filename("con").startswith("con-")
    assert safe_filename("a.").startswith("a-")
    assert safe_filename("Zürich VPC").startswith("zurich-vpc-")
    assert safe_filename("../../x").startswith("x-")
    assert safe_filename("").startswith("name-")


@given(st.text(max_size=80))
def test_safe_filename_is_always_a_valid_portable_component(name: str) -> None:
    result = safe_filename(name)
    assert validate_relpath(result + ".md") == result + ".md"
    assert "/" not in result
    assert result == result.lower()
    assert len(result) <= 64


NAMES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", fullmatch=True)


@given(NAMES, st.sampled_from([str.upper, str.lower, str.swapcase, str.title]))
def test_names_differing_in_case_never_share_a_file(name: str, change: object) -> None:
    assert callable(change)
    other = change(name)
    if other != name:
        assert safe_filename(name).casefold() != safe_filename(other).casefold()


@given(NAMES, NAMES)
def test_distinct_names_never_share_a_file(a: str, b: str) -> None:
    if a != b:
        assert safe_filename(a).casefold() != safe_filename(b).casefold()


# --------------------------------------------------------------------------- atomic_write


def test_atomic_write_failure_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(b"old\n")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def _path_problem_reference(path: str) -> str | None:
    """The path check as it was written first, character by character (the shortcuts of
    `paths._path_problem` must give the same answer)."""
    import unicodedata

    from vpcdocs.write import paths

    if "\\" in path:
        return "backslashes are not allowed; use '/'"
    if path.startswith("/"):
        return "absolute paths are not allowed"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return "control characters are not allowed"
    bad = sorted(set(path) & paths._WINDOWS_FORBIDDEN_CHARS)
    if bad:
        return f"character {bad[0]!r} is not portable"
    if unicodedata.normalize("NFC", path) != path:
        return "not in Unicode NFC form"
    return "ok"


@given(st.text(alphabet=st.sampled_from(list('ab/.\\:<>"|?* \x00\x1f\x7f\x80é\u0301ﬁ')),
               max_size=12))
def test_the_path_check_shortcuts_agree_with_the_character_loop(path: str) -> None:
    from vpcdocs.write import paths

    expected = _path_problem_reference(path)
    got = paths._path_problem(path)
    if expected == "ok":  # the component rules that follow are unchanged
        assert got is None or "component" in got or "reserved" in got
    else:
        assert got == expected
