"""The guard before the reader, run as real processes (a sheet that got past it made python-calamine ask for
512 GiB and the process die natively, exit 134, on check, fix, export and diff): every sheet that reaches too
far, in any spelling, is a sentence and exit 2; a sheet that only looks large, or one rosterxl does not need, does
not stop the workbook, whose Students sheet is checked as usual."""
from __future__ import annotations

import subprocess
import sys

import pytest
from corpus_guard import GUARD

COMMANDS = {
    "check": ["check", "{in}"],
    "fix": ["fix", "{in}", "--out", "{out}/fixed.xlsx"],
    "export": ["export", "{in}", "--out-dir", "{out}/csv"],
    "diff": ["diff", "{in}"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", GUARD)
def test_a_sheet_that_reaches_too_far_is_a_sentence_and_an_unneeded_one_is_left_aside(tmp_path, case, command):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    make, expected = GUARD[case]
    source = make(folder)
    args = [a.replace("{in}", str(source)).replace("{out}", str(out)) for a in COMMANDS[command]]
    result = subprocess.run([sys.executable, "-m", "rosterxl", *args], capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    text = result.stdout + result.stderr
    assert "panicked" not in text and "Traceback" not in text, text[-2000:]
    if expected == "refused":
        assert result.returncode == 2, f"exit {result.returncode}: {text[-2000:]}"
        assert source.name in text and "the sheet 'Students'" in text, text
        assert "reaches cell XF" in text or "is damaged" in text or "cannot be read" in text, text
    elif command == "diff":                                  # read, then found not to be an open-export workbook
        assert result.returncode == 2 and "was not made by rosterxl open-export" in text, text[-2000:]
    else:
        assert result.returncode in (0, 1), f"exit {result.returncode}: {text[-2000:]}"
        if command == "check":
            assert "Students" in text and "Kindergarden" in text, text      # the school's own mistake is found
