"""Nothing lost, nothing left behind: a file at an output's name that rosterxl did not just write is kept as
NAME.before-rosterxl.xlsx before it is replaced; the hidden temporary files of a killed run are removed by the
next run writing into that folder (and nothing else is); an export waits for another saving into the same
folder, says so, and gives up after a time; messages never name a temporary file; a 255-character output name
is written."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from corpus import school
from helpers import export_rows, write_export
from typer.testing import CliRunner

from rosterxl.cli import app
from rosterxl.media import files, uploadset
from rosterxl.media.xlsx import package

runner = CliRunner()
SIS = Path(__file__).parent / "sis" / "files"


def run(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, " ".join(result.output.split())


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def edited(path: Path) -> bytes:
    """The workbook as a person saves it after typing in it."""
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["A30"] = "my own note"
    book.save(path)
    return path.read_bytes()


# ---- a person's file is kept before it is replaced ----------------------------------------------------------

@pytest.mark.parametrize("command, suffix", [("check --mark", "checked")])
def test_an_edited_checked_or_fixed_copy_is_kept_before_the_next_run(tmp_path, command, suffix):
    book = school(tmp_path)
    args = [*command.split(), book]
    run(*args)
    out = tmp_path / f"school.{suffix}.xlsx"
    mine = edited(out)
    code, text = run(*args)
    assert code == 1, text
    kept = tmp_path / f"school.{suffix}.before-rosterxl.xlsx"
    assert kept.read_bytes() == mine
    assert f"the file that was there is kept as {kept.name}" in text
    assert "before-rosterxl-2" not in " ".join(p.name for p in tmp_path.iterdir())


def test_an_edited_fixed_copy_is_kept_before_the_next_fix(tmp_path):
    import shutil
    district = Path(__file__).parent / "district" / "files" / "cedar-template.xlsx"
    book = Path(shutil.copy(district, tmp_path / "cedar.xlsx"))
    run("fix", book)
    mine = edited(tmp_path / "cedar.fixed.xlsx")
    code, text = run("fix", book)
    assert code == 1, text
    assert (tmp_path / "cedar.fixed.before-rosterxl.xlsx").read_bytes() == mine
    assert "the file that was there is kept as cedar.fixed.before-rosterxl.xlsx" in text


def test_a_marked_copy_nobody_changed_is_replaced_without_a_copy(tmp_path):
    book = school(tmp_path)
    run("check", book, "--mark")
    code, text = run("check", book, "--mark")
    assert code == 1 and "kept as" not in text, text
    assert not list(tmp_path.glob("*before-rosterxl*"))


@pytest.mark.parametrize("command", [
    ["template", "--out", "{out}"],
    ["addin", "--out", "{out}"],
    ["from-sis", str(SIS / "clever"), "--out", "{out}", "--config", str(SIS / "rosterxl.toml")],
])
def test_an_explicit_out_a_person_made_is_kept(tmp_path, command):
    out = tmp_path / ("Roster.xlsm" if "addin" in command else "mine.xlsx")
    out.write_bytes(b"a file a person made")
    code, text = run(*[a.replace("{out}", str(out)) for a in command])
    assert code in (0, 1), text
    kept = out.with_name(f"{out.stem}.before-rosterxl{out.suffix}")
    assert kept.read_bytes() == b"a file a person made"
    assert f"kept as {kept.name}" in text
    assert zipfile.is_zipfile(out)


def test_open_export_keeps_the_workbook_a_person_edited(tmp_path):
    exported = write_export(tmp_path / "Students-export.csv", export_rows(3))
    out = tmp_path / "opened.xlsx"
    run("open-export", exported, "--out", out)
    mine = edited(out)
    code, text = run("open-export", exported, "--out", out)
    assert code == 0, text
    assert (tmp_path / "opened.before-rosterxl.xlsx").read_bytes() == mine
    assert "kept as opened.before-rosterxl.xlsx" in text


# ---- temporary files of a killed run --------------------------------------------------------------------------

KILLED_WHILE_ZIPPING = """
import os, signal, sys, zipfile
import rosterxl.media.xlsx.package as package
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
zipfile.ZipFile.writestr = die
package._write_raw = die          # a changed part is written as its compressed bytes, not by writestr
sys.argv = ["rosterxl", *sys.argv[1:]]
from rosterxl.cli import main
main()
"""


def test_the_next_run_removes_what_a_killed_run_left(tmp_path):
    book = school(tmp_path)
    mine = tmp_path / ".my-own-hidden-file.tmp"
    mine.write_text("not rosterxl's")
    result = subprocess.run([sys.executable, "-c", KILLED_WHILE_ZIPPING, "check", str(book), "--mark"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL
    left = [n for n in hidden(tmp_path) if n != mine.name]
    assert len(left) == 1 and files.TEMPORARY.fullmatch(left[0]), left        # what the kill left (before: kept)
    run("check", book, "--mark")
    assert hidden(tmp_path) == [mine.name]                                   # 0 left, the person's own kept


def test_a_temporary_file_being_written_by_a_live_run_is_not_removed(tmp_path):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".rosterxl-{alive.pid}-abcdefgh.tmp"
        busy.write_bytes(b"being written")
        gone = tmp_path / ".rosterxl-99999999-abcdefgh.tmp"            # no process has that number
        gone.write_bytes(b"left by a kill")
        like = tmp_path / ".rosterxl-99999999-abcdefgh.tmp.keep"        # not rosterxl's pattern
        like.write_bytes(b"someone else's")
        assert files.remove_stale_temporaries(tmp_path) == 1
        assert busy.exists() and like.exists() and not gone.exists()
        old = time.time() - files.STALE_AFTER - 60
        os.utime(busy, (old, old))                                       # a day old: its process number is reused
        assert files.remove_stale_temporaries(tmp_path) == 1 and not busy.exists()
    finally:
        alive.kill()
        alive.wait()


# ---- the export's lock ------------------------------------------------------------------------------------------

HOLDER = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+b")
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def holding(folder: Path, seconds: float) -> subprocess.Popen:
    folder.mkdir(exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / uploadset.LOCK), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_an_export_waits_for_another_saving_into_the_folder_and_says_so(tmp_path):
    book = school(tmp_path, rows=None)
    holder = holding(tmp_path / "csv", 2)
    try:
        code, text = run("export", book, "--out-dir", tmp_path / "csv", "--force")
    finally:
        holder.wait()
    assert code == 0, text
    assert f"Waiting for another rosterxl run that is saving into {tmp_path / 'csv'}..." in text
    assert (tmp_path / "csv" / "Students.csv").is_file()


def test_an_export_gives_up_after_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(uploadset, "LOCK_WAIT", 1.0)
    book = school(tmp_path)
    holder = holding(tmp_path / "csv", 30)
    try:
        code, text = run("export", book, "--out-dir", tmp_path / "csv", "--force")
    finally:
        holder.kill()
        holder.wait()
    assert code == 2, text
    assert "another rosterxl run has been saving into this folder" in text and "nothing was saved" in text
    assert not (tmp_path / "csv" / "Students.csv").exists()


# ---- messages and long names ------------------------------------------------------------------------------------

def test_a_full_disk_names_the_output_never_the_temporary_file(tmp_path, monkeypatch):
    book = school(tmp_path)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))          # as a write() says it: no file named
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    monkeypatch.setattr(package, "_write_raw", full)     # a changed part is written as its compressed bytes
    code, text = run("check", book, "--mark", "--out", tmp_path / "m.xlsx")
    assert code == 2, text
    assert "m.xlsx: the disk is full" in text and ".rosterxl-" not in text and "a file:" not in text
    assert hidden(tmp_path) == []


def test_a_forbidden_folder_names_the_output(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write in any folder")
    book = school(tmp_path)
    shut = tmp_path / "shut"
    shut.mkdir()
    shut.chmod(0o500)
    try:
        code, text = run("check", book, "--mark", "--out", shut / "m.xlsx")
    finally:
        shut.chmod(0o700)
    assert code == 2 and "m.xlsx" in text and ".rosterxl-" not in text, text


@pytest.mark.parametrize("length", [246, 250, 255])
def test_an_output_name_up_to_255_characters_is_written(tmp_path, length):
    book = school(tmp_path)
    out = tmp_path / ("n" * (length - len(".xlsx")) + ".xlsx")
    code, text = run("check", book, "--mark", "--out", out)
    assert code == 1, text
    assert zipfile.is_zipfile(out)
    out.write_bytes(b"changed by a person")
    code, text = run("check", book, "--mark", "--out", out)             # its copy's name is shortened to fit
    [kept] = [p for p in tmp_path.iterdir() if "before-rosterxl" in p.name]
    assert code == 1 and kept.read_bytes() == b"changed by a person" and len(kept.name) <= 255, text
