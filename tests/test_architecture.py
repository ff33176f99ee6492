"""The shape of the house: no module imports another module's private names, and the layers'
import contracts (pyproject.toml, `[tool.importlinter]`) hold: a new upward import fails here too; and no two
modules import each other, directly or round a longer chain."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("engine", "core", "service", "bot", "web")


def _private_imports() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            found.append(f"{path.relative_to(REPO)}:{node.lineno} imports {alias.name}")
    return found


def test_no_module_imports_another_modules_private_names():
    assert _private_imports() == []


def test_the_private_import_check_sees_one(tmp_path, monkeypatch):
    bad = REPO / "core" / "_architecture_probe.py"
    bad.write_text("from core.db import _sqlite_pragmas\n")
    try:
        assert any("_architecture_probe.py:1 imports _sqlite_pragmas" in f for f in _private_imports())
    finally:
        bad.unlink()


def test_layer_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_no_module_imports_one_that_imports_it_back():
    import grimp  # import-linter's own import graph (function-level imports included)

    # imports under `if TYPE_CHECKING:` never run: a type named in an annotation is no circle
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    circles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                      for imported in graph.find_modules_directly_imported_by(module)
                      if graph.chain_exists(importer=imported, imported=module)})
    assert circles == [], "modules importing each other, directly or round a longer chain"
