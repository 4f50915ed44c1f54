"""Every bad input through every command (tests/corpus.py): no traceback, no internal error, exit 0, 1 or 2,
a message that names the file, nothing in the input's folder changed, and the planted password nowhere but
the upload CSV files."""
from __future__ import annotations

import csv
import hashlib
import tempfile
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from corpus import INPUTS, PASSWORD
from typer.testing import CliRunner

from rosterxl.cli import app
from rosterxl.core.upload import formula_risk

COMMANDS = {
    "check": ["check", "{in}"],
    "check json": ["check", "{in}", "--format", "json"],
    "check --mark": ["check", "{in}", "--mark", "--out", "{out}/marked.xlsx"],
    "export": ["export", "{in}", "--out-dir", "{out}/csv"],
    "export --force": ["export", "{in}", "--out-dir", "{out}/forced", "--force"],
    "export --changed-only": ["export", "{in}", "--out-dir", "{out}/changed", "--changed-only"],
    "open-export": ["open-export", "{in}", "--out", "{out}/opened.xlsx"],
    "fix": ["fix", "{in}", "--out", "{out}/fixed.xlsx"],
    "diff": ["diff", "{in}"],
    "clear": ["clear", "{in}", "--out", "{out}/cleared.xlsx"],
    "from-sis": ["from-sis", "{in}", "--out", "{out}/from-sis.xlsx"],
    "schools": ["schools", "{in}", "--out-dir", "{out}/schools"],
    "collect": ["collect", "{in}", "--out-dir", "{out}/collected"],
    "from-sis --export": ["from-sis", str(Path(__file__).parent / "sis" / "files" / "clever"), "--out",
                          "{out}/merged.xlsx", "--export", "{in}"],
}


def snapshot(folder: Path) -> dict[str, str]:
    """Each file under the folder (links not followed) and a digest of what it holds."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = "link to " + str(path.readlink())
        elif path.is_file():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def password_count(path: Path) -> int:
    """How often the planted password is in a file, inside a workbook's parts too."""
    data = path.read_bytes()
    count = max(data.count(PASSWORD.encode(encoding))
                for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                count = max(count, sum(_part_count(z, n) for n in z.namelist()))
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, zlib.error):
            pass
        count = max(count, _cell_count(path))
    return count


def live_formulas(path: Path) -> list[str]:
    """The cells of a written CSV a spreadsheet would run as formulas (or read as their start)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [c for row in csv.reader(f) for c in row if formula_risk(c)]


def _cell_count(path: Path) -> int:
    """The cells that hold the planted password, as a reader sees them: a writer that keeps one shared copy of a
    text (XlsxWriter) and one that writes it in each cell (openpyxl) count alike."""
    try:
        book = openpyxl.load_workbook(path, read_only=True)
        return sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                   for v in row if isinstance(v, str) and PASSWORD in v)
    except Exception:              # a workbook the corpus damaged: the parts' count stands
        return 0


def _part_count(z: zipfile.ZipFile, name: str) -> int:
    """The planted password in one part; a part that cannot be read (the corpus damages some) holds none."""
    try:
        return z.read(name).count(PASSWORD.encode())
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, zlib.error, EOFError):
        return 0


def names(path: Path) -> list[str]:
    """What a message may call the file: its name, or its path; a folder, also by a file of it."""
    inside = [p for p in path.iterdir() if p.is_file()] if path.is_dir() and not path.is_symlink() else []
    return [n for p in (path, *inside) for n in (p.name.replace("\n", "\\x0a"), str(p).replace("\n", "\\x0a"))]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", INPUTS)
def test_every_bad_input_through_every_command(case, command, tmp_path, runner, monkeypatch):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))       # where an internal error log would go
    source = INPUTS[case](folder)
    before = snapshot(folder)
    passwords_in = sum(password_count(p) for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    args = [a.replace("{in}", str(source)).replace("{out}", str(out)) for a in COMMANDS[command]]
    result = runner.invoke(app, args)
    text = result.output

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code}: {text[-2000:]}"
    assert "Traceback" not in text and "internal error" not in text, text[-2000:]
    assert snapshot(folder) == before, "the input's folder changed"
    assert PASSWORD not in text, "the password was shown"
    for written in out.rglob("*"):
        if written.is_file() and written.suffix.lower() != ".csv":
            assert password_count(written) <= passwords_in, f"{written.name} holds the password more often"
        elif written.is_file():
            assert live_formulas(written) == [], f"{written.name} holds a formula"
    assert not list((tmp_path / "tmp").iterdir()), "an internal error log was written"
    if result.exit_code == 2:
        assert any(n in text for n in names(source)), f"the message does not name the file: {text[-1500:]}"
