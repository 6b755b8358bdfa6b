"""design.md conventions that code review alone would let slip: stages import backwards only, and
only one module touches the `diagrams` library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vpcdocs"

# load <- analyse <- render <- write/site/review <- cli (design.md, "Stages import backwards only");
# import sits beside load (it may use the loader's catalogue and names) and knows nothing later
LAYERS: list[tuple[int, tuple[str, ...]]] = [
    # vpcdocs.write, the one writer, imports no stage: every stage that writes a file (the
    # render cache, init, import, diff, the docs tree) goes through it
    (0, ("vpcdocs", "vpcdocs.diagnostics", "vpcdocs.codes", "vpcdocs.data", "vpcdocs.model",
         "vpcdocs.loader", "vpcdocs.filenames", "vpcdocs.inputs", "vpcdocs.importers",
         "vpcdocs.fs", "vpcdocs.write")),
    (1, ("vpcdocs.analysis",)),
    (2, ("vpcdocs.render",)),
    (3, ("vpcdocs.site", "vpcdocs.review", "vpcdocs.config", "vpcdocs.api")),
    (4, ("vpcdocs.cli", "vpcdocs.commands", "vpcdocs.__main__")),
]


def layer_of(module: str) -> int:
    best = (-1, 0)
    for level, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), level)
    assert best[0] >= 0, f"{module} is in no stage"
    return best[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The nodes under a module-level `if TYPE_CHECKING:` (never run)."""
    inside: set[ast.AST] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            for child in node.body:
                inside |= set(ast.walk(child))
    return inside


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # The package face (vpcdocs/__init__.py) names the public API for type checkers only; at
    # run time it imports each name on first use (importlib), so those imports do not count.
    skipped = _type_checking_only(tree) if path == PACKAGE / "__init__.py" else set()
    found = []
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_stages_import_backwards_only(path: Path) -> None:
    here = module_name(path)
    mine = layer_of(here)
    wrong = [
        f"line {line}: {here} (stage {mine}) imports {name} (stage {layer_of(name)})"
        for name, line in imports(path)
        if (name == "vpcdocs" or name.startswith("vpcdocs.")) and layer_of(name) > mine
    ]
    assert not wrong, "\n".join(wrong)


def test_the_loader_knows_nothing_of_the_importers() -> None:
    """The stage beside load is a client of it, never the other way round."""
    wrong = [
        f"{module_name(p)} imports {name}"
        for p in SOURCES
        if module_name(p).startswith("vpcdocs.loader")
        for name, _ in imports(p)
        if name.startswith("vpcdocs.importers")
    ]
    assert not wrong, wrong


def test_only_one_module_imports_diagrams() -> None:
    users = sorted(
        module_name(p)
        for p in SOURCES
        if any(name == "diagrams" or name.startswith("diagrams.") for name, _ in imports(p))
    )
    assert users == ["vpcdocs.render.dot"]


def test_the_package_face_imports_nothing_at_import_time() -> None:
    """`import vpcdocs` must stay quick (the CLI's --version, the pre-commit hooks): the public
    names are imported on first use, never when the package is imported."""
    import subprocess
    import sys

    code = ("import sys, vpcdocs; print(sorted(m for m in sys.modules "
            "if m.startswith('vpcdocs')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['vpcdocs']"
