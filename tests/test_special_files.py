"""Inputs that are not ordinary files, or too big to be a roster: a pipe (opening one waits for a writer for
ever), a device that never ends (/dev/zero behind a .csv name), a file over the CSV limit. Each command answers
with a sentence naming the file and exit 2, at once: run as real processes, so a hang is a timeout here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = {
    "check": ["check", "{in}"],
    "check --entity": ["check", "{in}", "--entity", "students"],
    "export": ["export", "{in}", "--out-dir", "{out}/csv"],
    "fix": ["fix", "{in}", "--out", "{out}/fixed.xlsx"],
    "diff": ["diff", "{in}"],
    "open-export": ["open-export", "{in}", "--out", "{out}/opened.xlsx"],
    "from-sis": ["from-sis", "{in}", "--out", "{out}/district.xlsx"],
}


def pipe(folder: Path) -> Path:
    path = folder / "Students.csv"
    os.mkfifo(path)
    return path


def pipe_workbook(folder: Path) -> Path:
    path = folder / "Students.xlsx"
    os.mkfifo(path)
    return path


def endless(folder: Path) -> Path:
    path = folder / "Students.csv"
    path.symlink_to("/dev/zero")
    return path


def too_big(folder: Path) -> Path:
    path = folder / "Students.csv"
    with path.open("wb") as f:
        f.truncate(1024 ** 3 + 1)           # sparse: no disk used, 1 GB and a byte as far as anyone reading knows
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX pipes")
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("make", [pipe, pipe_workbook, endless, too_big])
def test_not_an_ordinary_file_is_a_sentence(tmp_path, make, command):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    source = make(folder)
    args = [a.replace("{in}", str(source)).replace("{out}", str(out)) for a in COMMANDS[command]]
    result = subprocess.run([sys.executable, "-m", "rosterxl", *args], capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    text = result.stdout + result.stderr
    assert result.returncode == 2, text
    assert "Traceback" not in text
    assert source.name in text, text
    if command == "check":                      # the reading itself answers (other commands may refuse first)
        assert ("1,024 MB" if make is too_big else "not an ordinary file") in text, text
    assert not any(out.rglob("*.csv")) and not any(out.rglob("*.xlsx")), "something was written"
