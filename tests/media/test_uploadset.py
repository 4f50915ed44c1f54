"""An export puts its upload files in place as a set and never loses a person's file: only files the last
export provably wrote are removed, a person's file with an upload file's name is kept aside, an input is
never replaced, and a failure or a kill leaves the previous set whole."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import runner, visible

from rosterxl.cli import app
from rosterxl.media import uploadset
from rosterxl.media.csvfiles import read_csv_text, upload_parts
from rosterxl.media.uploadset import MANIFEST, write_upload_set

HEADER = ["First Name", "Last Name"]


def parts(count: int, per_file: int = 10, tag: str = "") -> list[bytes]:
    return upload_parts(HEADER, [[f"Ana{tag}", str(i)] for i in range(count)], per_file=per_file)


def test_a_persons_files_named_like_parts_are_never_removed(tmp_path):
    write_upload_set(tmp_path, {"Students": parts(25)})                       # Students-01..03
    for name in ("Students-2024.csv", "Students-1.csv", "Educators-1.csv", "Students-notes.csv"):
        (tmp_path / name).write_text("mine")
    written = write_upload_set(tmp_path, {"Students": parts(5)})
    assert visible(tmp_path) == ["Educators-1.csv", "Students-1.csv", "Students-2024.csv", "Students-notes.csv",
                                 "Students.csv"]
    assert all((tmp_path / n).read_text() == "mine" for n in ("Students-2024.csv", "Students-1.csv"))
    assert written.files["Students"] == [tmp_path / "Students.csv"]


def test_a_part_changed_since_it_was_written_is_kept_and_named(tmp_path):
    write_upload_set(tmp_path, {"Students": parts(25)})
    (tmp_path / "Students-03.csv").write_text("edited by hand")
    written = write_upload_set(tmp_path, {"Students": parts(5)})
    assert visible(tmp_path) == ["Students-03.csv", "Students.csv"]
    assert [n for _, n in written.notes] == ["Students-03.csv is not part of this export and was left as it is: "
                                            "do not upload it with these files."]


def test_a_persons_own_file_with_the_upload_name_is_kept_aside(tmp_path):
    (tmp_path / "Students.csv").write_text("my own list")
    written = write_upload_set(tmp_path, {"Students": parts(3)})
    assert (tmp_path / "Students.before-rosterxl.csv").read_text() == "my own list"
    assert "kept as Students.before-rosterxl.csv" in written.notes[0][1]
    (tmp_path / "Students.csv").write_text("changed again by hand")
    write_upload_set(tmp_path, {"Students": parts(3)})
    assert (tmp_path / "Students.before-rosterxl-2.csv").read_text() == "changed again by hand"
    assert (tmp_path / "Students.before-rosterxl.csv").read_text() == "my own list"


def test_the_next_export_replaces_its_own_files_without_a_word(tmp_path):
    write_upload_set(tmp_path, {"Students": parts(3)})
    written = write_upload_set(tmp_path, {"Students": parts(4, tag="x")})
    assert written.notes == [] and visible(tmp_path) == ["Students.csv"]
    assert read_csv_text(tmp_path / "Students.csv").rows[1][0] == "Anax"


def test_export_never_replaces_its_input(tmp_path, monkeypatch):
    source = tmp_path / "Students.csv"
    source.write_text("First Name,Last Name,Username,Password,Grade,Student ID,Organizations\n"
                      "Ana,Lopez,alopez,tiger42,3,S-1,Lincoln Elementary School\n", encoding="utf-8")
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    for args in (["export", "Students.csv"], ["export", "./Students.csv", "--out-dir", str(tmp_path)],
                 ["export", str(source), "--out-dir", "."]):
        result = runner.invoke(app, [*args, "--force"])
        assert result.exit_code == 2, result.output
        assert "one of the files being read" in result.output and "Students.csv" in result.output
        assert source.read_bytes() == before
    assert visible(tmp_path) == ["Students.csv"]


def test_a_failed_rename_puts_the_previous_set_back_and_names_the_file(tmp_path, monkeypatch):
    write_upload_set(tmp_path, {"Students": parts(25)})
    previous = {n: (tmp_path / n).read_bytes() for n in visible(tmp_path)}
    real, calls = uploadset.replace_file, []

    def fail_on_second(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        real(source, target)
    monkeypatch.setattr(uploadset, "replace_file", fail_on_second)
    with pytest.raises(OSError) as caught:
        write_upload_set(tmp_path, {"Students": parts(30, tag="new")})
    assert caught.value.filename.endswith("Students-02.csv")
    assert {n: (tmp_path / n).read_bytes() for n in visible(tmp_path)} == previous
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rosterxl-export-")]


def test_a_full_disk_on_export_is_a_sentence_naming_the_file(tmp_path, monkeypatch):
    book_csv = tmp_path / "in" / "Students.csv"
    book_csv.parent.mkdir()
    book_csv.write_text("First Name,Last Name,Username,Password,Grade,Student ID,Organizations\n"
                        "Ana,Lopez,alopez,tiger42,3,S-1,Lincoln Elementary School\n", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "Students.csv"))
    monkeypatch.setattr(uploadset.os, "fsync", full)
    result = runner.invoke(app, ["export", str(book_csv), "--out-dir", str(tmp_path / "out"), "--force"])
    assert result.exit_code == 2
    assert "Students.csv: the disk is full." in result.output
    assert "Traceback" not in result.output


KILLER = """
import os, signal, sys
import rosterxl.media.uploadset as u
where, at = sys.argv[1], int(sys.argv[2])
count = 0
def kill_at(real):
    def wrapped(*args, **kwargs):
        global count
        count += 1
        if count == at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapped
if where == "writing":
    u.os.fsync = kill_at(u.os.fsync)
else:
    u.replace_file = kill_at(u.replace_file)
sys.argv = ["rosterxl", *sys.argv[3:]]
from rosterxl.cli import main
main()
"""


def export_killed(tmp_path: Path, where: str, at: int, rows: int) -> subprocess.CompletedProcess:
    source = tmp_path / "in" / "Students.csv"
    source.parent.mkdir(exist_ok=True)
    lines = ["First Name,Last Name,Username,Password,Grade,Student ID,Organizations"]
    lines += [f"Ana{where}{i},Lopez,user{i},tiger42,3,S-{i},Lincoln Elementary School" for i in range(rows)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-c", KILLER, where, str(at), "export", str(source), "--out-dir",
                           str(tmp_path / "out"), "--force"], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("at", [1, 2])
def test_killed_while_writing_the_previous_set_is_whole(tmp_path, at):
    assert export_killed(tmp_path, "first", 0, 25_000).returncode == 0            # 3 parts
    out = tmp_path / "out"
    previous = {n: (out / n).read_bytes() for n in visible(out)}
    result = export_killed(tmp_path, "writing", at, 12_000)                         # 2 parts, killed
    assert result.returncode == -signal.SIGKILL
    assert {n: (out / n).read_bytes() for n in visible(out)} == previous
    again = export_killed(tmp_path, "again", 0, 12_000)
    assert again.returncode == 0, again.stderr
    assert visible(out) == ["Students-01.csv", "Students-02.csv"]
    assert not [p for p in out.iterdir() if p.name.startswith(".rosterxl-export-")]


def test_killed_while_renaming_the_next_export_says_so_and_puts_a_whole_set(tmp_path):
    assert export_killed(tmp_path, "first", 0, 25_000).returncode == 0
    result = export_killed(tmp_path, "renaming", 2, 12_000)
    assert result.returncode == -signal.SIGKILL
    assert '"in_progress": true' in (tmp_path / "out" / MANIFEST).read_text()
    again = export_killed(tmp_path, "again", 0, 12_000)
    assert "was stopped while its files were being put in place" in again.stdout
    out = tmp_path / "out"
    assert visible(out) == ["Students-01.csv", "Students-02.csv"]
    assert all(read_csv_text(out / n).rows[1][0].startswith("Anaagain") for n in visible(out))
    assert os.listdir(out).count(MANIFEST) == 1
