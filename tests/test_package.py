"""The package as a person installs it: the wheel built from this tree, installed (not editable) in a fresh
virtual environment, runs the command line and builds the Roster add-in with its VBA from there."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser

import rosterxl

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, cwd=cwd)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, and what building it printed."""
    out = tmp_path_factory.mktemp("dist")
    result = run(sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT)
    return next(out.glob("rosterxl-*.whl")), result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", built[0])
    return bin_dir


@pytest.mark.slow
def test_the_metadata_builds_without_deprecation_warnings(built):
    _, output = built
    assert not re.search(r"(?i)deprecat|SetuptoolsWarning", output), output


@pytest.mark.slow
def test_the_wheel_carries_the_macro_parts(built):
    """macros/ at the top of the repository goes inside the package, byte for byte."""
    parts = sorted((ROOT / "macros").iterdir())
    assert {p.name for p in parts} >= {"rosterxl.bas", "ribbon.xml", "README.md"}
    with zipfile.ZipFile(built[0]) as z:
        for part in parts:
            assert z.read(f"rosterxl/macros/{part.name}") == part.read_bytes()


def test_the_build_names_every_package_of_the_tree_and_the_macros():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    tree = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "rosterxl").rglob("__init__.py")}
    assert sorted(build["packages"]) == sorted(tree | {"rosterxl.macros"})
    assert build["package-dir"] == {"rosterxl.macros": "macros"} and not (ROOT / "rosterxl" / "macros").exists()


@pytest.mark.slow
def test_the_installed_wheel_runs_and_builds_the_add_in(installed, tmp_path):
    # run from a folder outside this tree, so that Python finds the installed copy only
    version = run(installed / "rosterxl", "--version", cwd=tmp_path).stdout
    assert version.startswith(f"rosterxl {PROJECT['version']} ")
    assert "check" in run(installed / "python", "-m", "rosterxl", "--help", cwd=tmp_path).stdout
    where = run(installed / "python", "-c", "import rosterxl; print(rosterxl.__file__)", cwd=tmp_path).stdout
    assert "site-packages" in where
    run(installed / "rosterxl", "addin", "--out", tmp_path / "Roster.xlam", cwd=tmp_path)
    parser = VBA_Parser(str(tmp_path / "Roster.xlam"))
    code = {stream.split("/")[-1]: text for _, stream, _, text in parser.extract_macros()}
    parser.close()
    subs = set(re.findall(r"(?m)^Sub (\w+)\(control As IRibbonControl\)", code["Rosterxl"]))
    with zipfile.ZipFile(tmp_path / "Roster.xlam") as z:
        actions = set(re.findall(r'onAction="(\w+)"', z.read("customUI/customUI.xml").decode()))
    assert actions and subs == actions


def test_the_version_is_the_projects():
    assert rosterxl.__version__ == PROJECT["version"]
