"""The design's shape, checked: the import-linter contracts of pyproject.toml, no import cycle between
modules (imports under TYPE_CHECKING count), no twin module names, and nothing that needs the workplace's
shared folder, which a fresh clone does not have."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold(tmp_path):
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    proc = subprocess.run([lint, "--no-cache", "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_no_module_imports_itself_round_a_circle():
    graph = grimp.build_graph("rosterxl", exclude_type_checking_imports=False)
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    state: dict[str, int] = {}
    circle: list[str] = []

    def visit(module: str, path: list[str]) -> bool:
        state[module] = 1
        for other in sorted(imports[module]):
            if state.get(other) == 1:
                circle.extend(path[path.index(other):] + [module, other] if other in path else [module, other])
                return True
            if other not in state and visit(other, path + [module]):
                return True
        state[module] = 2
        return False

    for module in sorted(graph.modules):
        if module not in state and visit(module, []):
            break
    assert not circle, " -> ".join(circle)


def test_module_names_say_one_thing_each():
    names = [p.stem for p in (ROOT / "rosterxl").rglob("*.py") if p.stem not in ("__init__", "__main__")]
    assert sorted({n for n in names if names.count(n) > 1}) == []


# the workplace's folder beside the project, spelled in pieces so that this file does not name it
SHARED = re.compile(r"\.\./" + "shared" + r"|\b" + "shared" + r"/(bench|reference|tools|design)")


def test_nothing_in_the_project_needs_the_shared_folder():
    found = []
    for path in [ROOT / "README.md", ROOT / "Makefile", *ROOT.glob("bench/*"), *ROOT.glob(".ci/*"),
                 *(ROOT / "rosterxl").rglob("*.*"), *(p for p in (ROOT / "tests").rglob("*.py") if p.name !=
                                                      "test_architecture.py")]:
        if path.is_file() and path.suffix in ("", ".py", ".md", ".toml", ".bas", ".xml") \
                and SHARED.search(path.read_text("utf-8")):
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_code_is_lint_clean():
    """ruff with the rules of pyproject.toml, over the package, the tests, the bench and the docs' scripts."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    proc = subprocess.run([ruff, "check", "--no-cache", "rosterxl", "tests", "bench", "docs"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


FACES = ["rosterxl/cli", "rosterxl/excel", "rosterxl/in_excel.py"]


def test_no_function_of_the_faces_is_over_complexity_8():
    """A face parses, calls the library once and presents: none of its functions has a cyclomatic complexity over 8
    (ruff's C901), so a workflow cannot grow back into a button or a command."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    proc = subprocess.run([ruff, "check", "--no-cache", "--select", "C901", "--config", "lint.mccabe.max-complexity=8",
                           *FACES], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_public_name_hides_a_module_of_the_package():
    """`import rosterxl.X` gives the module X, never a function of the public API by the same name."""
    import pkgutil

    import rosterxl

    modules = {m.name for m in pkgutil.iter_modules(rosterxl.__path__)}
    assert sorted(set(rosterxl.__all__) & modules) == []
    assert rosterxl.from_sis == rosterxl.Roster.from_sis


def test_the_library_modules_use_each_others_public_names_only():
    """No module of the package reaches into another's private helpers (a name with a leading underscore)."""
    import ast

    found = []
    for path in (ROOT / "rosterxl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rosterxl"):
                found += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert found == []


LIBRARY = ("roster", "district", "collecting", "school_workbooks", "in_excel", "addin_book")


def test_the_library_modules_import_only_what_each_other_declares_public():
    """The library is one layer of modules that share only what each declares in `__all__`: no workflow reaches
    into another's helpers, underscore or not."""
    import ast
    import importlib

    found = []
    for name in LIBRARY:
        path = ROOT / "rosterxl" / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in {f"rosterxl.{m}" for m in LIBRARY}:
                public = set(importlib.import_module(node.module).__all__)
                found += [f"{name}.py: {node.module}.{a.name}" for a in node.names if a.name not in public]
    assert found == []
