"""Faults around the files: outputs that are inputs, folders, missing folders, a full or read-only disk, a
kill at chosen moments, two runs at once. Each scenario: a sentence naming the file and exit 2 (or the work
done), never a traceback, no input changed, no half-written file. (The export's own faults are in
tests/media/test_uploadset.py.)"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from corpus import GOOD, HEADER, school, student, students_csv
from helpers import export_rows, visible, write_export
from typer.testing import CliRunner

from rosterxl.cli import app
from rosterxl.media import files, uploadset

runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.exit_code, result.output


def refused(args: list, *words: str) -> str:
    code, text = run(*args)
    assert code == 2, text
    for word in words:
        assert word in text, text
    return text


@pytest.fixture
def book(tmp_path) -> Path:
    return school(tmp_path)


# ---- outputs that are inputs, folders, or nowhere -------------------------------------------------------------

def test_mark_out_into_a_missing_folder(book, tmp_path):
    refused(["check", book, "--mark", "--out", tmp_path / "nope" / "m.xlsx"], "does not exist", "nope")


def test_mark_out_onto_a_folder(book, tmp_path):
    (tmp_path / "dir.xlsx").mkdir()
    refused(["check", book, "--mark", "--out", tmp_path / "dir.xlsx"], "is a folder")


@pytest.mark.parametrize("how", ["absolute", "relative", "dot", "link"])
def test_mark_out_naming_the_input_by_another_path(book, tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "alias.xlsx").symlink_to(book)
    out = {"absolute": book.resolve(), "relative": Path(book.name), "dot": Path(".") / book.name,
           "link": tmp_path / "alias.xlsx"}[how]
    before = digest(book)
    refused(["check", book, "--mark", "--out", out], "being read", "--in-place")
    assert digest(book) == before and visible(tmp_path) == ["alias.xlsx", "school.xlsx"]


def test_mark_out_as_a_csv_name(book, tmp_path):
    refused(["check", book, "--mark", "--out", tmp_path / "m.csv"], ".xlsx")


def test_in_place_and_out_together(book, tmp_path):
    before = digest(book)
    refused(["check", book, "--in-place", "--out", tmp_path / "m.xlsx"], "--in-place", "--out")
    assert digest(book) == before


def test_in_place_through_a_link_marks_the_file_and_keeps_the_link(book, tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(book)
    code, _ = run("check", link, "--in-place")
    assert code == 1 and link.is_symlink() and link.resolve() == book.resolve()
    assert "Issues" in openpyxl.load_workbook(book).sheetnames


def test_in_place_twice_keeps_the_pristine_backup(book, tmp_path):
    pristine = digest(book)
    assert run("check", book, "--in-place")[0] == 1
    assert run("check", book, "--in-place")[0] == 1
    assert digest(tmp_path / "school.before-rosterxl.xlsx") == pristine
    assert (tmp_path / "school.before-rosterxl-2.xlsx").exists()


def test_in_place_on_a_read_only_workbook(book):
    book.chmod(0o444)
    before = digest(book)
    refused(["check", book, "--in-place"], "read-only")
    assert digest(book) == before


def test_clear_out_naming_a_read_only_input_by_another_path(book, tmp_path, monkeypatch):
    marked = tmp_path / "marked.xlsx"
    assert run("check", book, "--mark", "--out", marked)[0] == 1
    marked.chmod(0o444)
    monkeypatch.chdir(tmp_path)
    before = digest(marked)
    refused(["clear", marked, "--out", "./marked.xlsx"], "read-only")
    assert digest(marked) == before


def test_clear_out_onto_a_folder_or_a_missing_folder(book, tmp_path):
    marked = tmp_path / "marked.xlsx"
    run("check", book, "--mark", "--out", marked)
    (tmp_path / "d.xlsx").mkdir()
    refused(["clear", marked, "--out", tmp_path / "d.xlsx"], "is a folder")
    refused(["clear", marked, "--out", tmp_path / "nope" / "c.xlsx"], "does not exist")


def test_clear_on_a_csv_file_says_what_clear_does(tmp_path):
    path = students_csv(tmp_path, [HEADER, GOOD])
    refused(["clear", path], "Students.csv", "no marks")


def test_open_export_out_onto_its_csv_or_a_folder_or_a_csv_name(tmp_path):
    source = write_export(tmp_path / "Students-export.csv", export_rows(3))
    before = digest(source)
    refused(["open-export", source, "--out", source], "being read")
    (tmp_path / "d.xlsx").mkdir()
    refused(["open-export", source, "--out", tmp_path / "d.xlsx"], "is a folder")
    refused(["open-export", source, "--out", tmp_path / "x.csv"], ".xlsx")
    assert digest(source) == before


def test_template_out_onto_its_portal_template_or_a_folder(tmp_path):
    portal = tmp_path / "portal.xlsx"
    openpyxl.Workbook().save(portal)
    before = digest(portal)
    refused(["template", "--out", portal, "--from-portal", portal], "being read")
    assert digest(portal) == before
    (tmp_path / "t.xlsx").mkdir()
    refused(["template", "--out", tmp_path / "t.xlsx"], "is a folder")
    refused(["template", "--out", tmp_path / "nope" / "t.xlsx"], "does not exist")


@pytest.mark.parametrize("config, words", [(".", "is a folder"), ("missing.toml", "does not exist"),
                                           ("bad.toml", "mistake in its layout")])
def test_bad_configs(book, tmp_path, config, words):
    (tmp_path / "bad.toml").write_text("organizations = [", encoding="utf-8")
    refused(["check", book, "--config", tmp_path / config], words)


def test_export_out_dir_that_is_a_file(book, tmp_path):
    (tmp_path / "out").write_text("a file")
    refused(["export", book, "--out-dir", tmp_path / "out", "--force"], "out")


def test_the_same_file_twice_and_two_files_of_one_name(book, tmp_path):
    refused(["check", book, book], "given twice")
    other = school(tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path, "school.xlsx")
    refused(["check", book, other], "same name")


def test_paths_with_markup_and_dots_print_whole(tmp_path):
    folder = tmp_path / "[bold]x[red] [i]"
    folder.mkdir()
    path = school(folder, "Students [final].xlsx")
    code, text = run("check", folder / ".." / folder.name / path.name, "--mark", "--out", folder / "m [x].xlsx")
    assert code == 1 and "m [x].xlsx" in text


# ---- the disk says no ------------------------------------------------------------------------------------------

def fail_with(monkeypatch, target, name: str, code: int, path: Path | None = None) -> None:
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(path or args[0] if args else ""))
    monkeypatch.setattr(target, name, fail)


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "not allowed"),
                                         (errno.EROFS, "read-only"), (errno.EDQUOT, "quota")])
def test_mark_on_a_full_or_forbidden_disk(book, tmp_path, monkeypatch, code, words):
    before = digest(book)
    fail_with(monkeypatch, files, "replace_file", code, tmp_path / "m.xlsx")
    refused(["check", book, "--mark", "--out", tmp_path / "m.xlsx"], words, "m.xlsx")
    assert digest(book) == before and visible(tmp_path) == ["school.xlsx"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".m.")]     # no temporary file left


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "not allowed")])
def test_export_on_a_full_or_forbidden_disk(book, tmp_path, monkeypatch, code, words):
    fail_with(monkeypatch, uploadset.os, "fsync", code, tmp_path / "out" / "Students.csv")
    refused(["export", book, "--out-dir", tmp_path / "out", "--force"], words, "Students.csv")
    assert visible(tmp_path / "out") == []


def test_template_on_a_full_disk(tmp_path, monkeypatch):
    fail_with(monkeypatch, files, "replace_file", errno.ENOSPC, tmp_path / "t.xlsx")
    refused(["template", "--out", tmp_path / "t.xlsx"], "the disk is full")
    assert visible(tmp_path) == []


def test_open_export_on_a_full_disk(tmp_path, monkeypatch):
    source = write_export(tmp_path / "Students-export.csv", export_rows(3))
    fail_with(monkeypatch, files, "replace_file", errno.ENOSPC, tmp_path / "o.xlsx")    # saved as one package
    refused(["open-export", source, "--out", tmp_path / "o.xlsx"], "the disk is full")
    assert visible(tmp_path) == ["Students-export.csv"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".o.")]     # no temporary file left


@pytest.mark.parametrize("merged", [False, True], ids=["from-sis", "from-sis --export"])
def test_from_sis_on_a_full_disk(tmp_path, monkeypatch, merged):
    sis = Path(__file__).parent / "sis" / "files"
    exports = [a for p in sorted((sis / "portal").glob("*.csv")) for a in ("--export", p)] if merged else []
    fail_with(monkeypatch, files, "replace_file", errno.ENOSPC, tmp_path / "d.xlsx")
    fail_with(monkeypatch, files, "replace_file", errno.ENOSPC, tmp_path / "d.xlsx")
    refused(["from-sis", sis / "clever", "--out", tmp_path / "d.xlsx", "--config", sis / "rosterxl.toml", *exports],
            "the disk is full")
    assert visible(tmp_path) == [] and not list(tmp_path.iterdir())          # no workbook, no temporary file


def test_clear_on_a_full_disk(book, tmp_path, monkeypatch):
    marked = tmp_path / "marked.xlsx"
    run("check", book, "--mark", "--out", marked)
    before = digest(marked)
    fail_with(monkeypatch, files, "replace_file", errno.ENOSPC, marked)
    refused(["clear", marked], "the disk is full")
    assert digest(marked) == before


def test_a_backup_that_cannot_be_written(book, tmp_path, monkeypatch):
    before = digest(book)
    fail_with(monkeypatch, files.shutil, "copy2", errno.ENOSPC, tmp_path / "school.before-rosterxl.xlsx")
    refused(["check", book, "--in-place"], "the disk is full")
    assert digest(book) == before and visible(tmp_path) == ["school.xlsx"]


def test_an_internal_error_is_one_sentence_and_a_log_without_values(book, tmp_path, monkeypatch):
    import tempfile

    from rosterxl.core.rules import pasted_text
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(*args, **kwargs):
        raise KeyError("Zq9-secret-Pw")
    monkeypatch.setattr(pasted_text, "_plain_column", broken)
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 3
    assert "internal error (KeyError)" in result.output and "Traceback" not in result.output
    [log] = tmp_path.glob("rosterxl-error-*.txt")
    assert "KeyError" in log.read_text() and "Zq9-secret-Pw" not in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == "0o600"


# ---- kills and two runs at once --------------------------------------------------------------------------------

KILLER = """
import os, signal, sys
import rosterxl.media.xlsx.package as package, rosterxl.media.files as files
where = sys.argv[1]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if where == "saving":
    files.replace_file = die
elif where == "zipping":
    import zipfile
    import rosterxl.media.xlsx.package as package
    zipfile.ZipFile.writestr = die
    package._write_raw = die          # a changed part is written as its compressed bytes, not by writestr
elif where == "backup":
    files.os.link = die
sys.argv = ["rosterxl", *sys.argv[2:]]
from rosterxl.cli import main
main()
"""


@pytest.mark.parametrize("where", ["zipping", "saving", "backup"])
def test_killed_while_marking_in_place_the_workbook_is_whole(book, tmp_path, where):
    before = digest(book)
    result = subprocess.run([sys.executable, "-c", KILLER, where, "check", str(book), "--in-place"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL
    assert digest(book) == before
    for backup in tmp_path.glob("school.before-rosterxl*.xlsx"):      # a backup is whole or absent
        assert digest(backup) == before
    assert run("check", book, "--in-place")[0] == 1                   # and the next run works
    with zipfile.ZipFile(book) as z:
        assert z.testzip() is None


def test_interrupted_by_ctrl_c(book, tmp_path):
    code = ("import sys, rosterxl.roster as r\n"
            "def stop(*a, **k): raise KeyboardInterrupt\n"
            "r.Roster.check = stop\nsys.argv = ['rosterxl', 'check', sys.argv[1]]\n"
            "from rosterxl.cli import main\nmain()")
    result = subprocess.run([sys.executable, "-c", code, str(book)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 130 and "Stopped." in result.stderr and "Traceback" not in result.stderr


def test_two_exports_at_once_leave_one_whole_set(tmp_path):
    sources = []
    for tag, rows in (("a", 25_000), ("b", 12_000)):
        folder = tmp_path / tag
        folder.mkdir()
        sources.append(students_csv(folder, [HEADER] + [student(**{"First Name": f"{tag}{i}", "Username": f"u{i}",
                                                                    "Student ID": f"S{i}"}) for i in range(rows)]))
    procs = [subprocess.Popen([sys.executable, "-m", "rosterxl", "export", str(s), "--out-dir", str(tmp_path / "out"),
                               "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in sources]
    for p in procs:
        p.wait(timeout=300)
        assert p.returncode == 0, p.stderr.read()
    out = tmp_path / "out"
    names = visible(out)
    firsts = {openpyxl_free_first_cell(out / n) for n in names}
    assert len(firsts) == 1, names                                   # every file from the same export
    assert names in (["Students-01.csv", "Students-02.csv", "Students-03.csv"], ["Students-01.csv",
                                                                                   "Students-02.csv"])


def openpyxl_free_first_cell(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[1][0]


def test_two_markings_of_one_workbook_at_once(book, tmp_path):
    results = {}

    def mark(name):
        results[name] = subprocess.run([sys.executable, "-m", "rosterxl", "check", str(book), "--mark", "--out",
                                        str(tmp_path / name)], capture_output=True, text=True, timeout=300)
    threads = [threading.Thread(target=mark, args=(n,)) for n in ("one.xlsx", "two.xlsx")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, result in results.items():
        assert result.returncode == 1, result.stderr
        assert "Issues" in openpyxl.load_workbook(tmp_path / name).sheetnames


# ---- marks re-saved by another program are still rosterxl's ---------------------------------------------------

def red_or_yellow(path: Path) -> list[str]:
    from rosterxl.core.marks import is_mark_colour
    found = []
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                colour = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
                if isinstance(colour, str) and is_mark_colour(colour):
                    found.append(f"{sheet.title}!{cell.coordinate}")
    return found


def resave_with_libreoffice(path: Path, folder: Path) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed here (.ci/run installs it)")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder / 'profile'}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder / "lo"), str(path)],
                   check=True, capture_output=True, timeout=180)
    shutil.move(folder / "lo" / path.name, path)
    return path


@pytest.mark.parametrize("program", ["openpyxl", "LibreOffice"])
def test_marks_saved_again_by_another_program_are_cleared_and_replaced(book, tmp_path, program):
    marked = tmp_path / "marked.xlsx"
    assert run("check", book, "--mark", "--out", marked)[0] == 1
    assert red_or_yellow(marked)
    if program == "openpyxl":
        wb = openpyxl.load_workbook(marked)
        wb.save(marked)
    else:
        resave_with_libreoffice(marked, tmp_path)
    again = tmp_path / "again.xlsx"
    assert run("check", marked, "--mark", "--out", again)[0] == 1       # marks replaced, not added to
    assert sorted(red_or_yellow(again)) == sorted(red_or_yellow(marked))
    code, text = run("clear", marked)
    assert code == 0 and "Cleared the marks" in text
    assert red_or_yellow(marked) == []
    assert [s for s in openpyxl.load_workbook(marked).sheetnames if s.startswith("Issues")] == []
