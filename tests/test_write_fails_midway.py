"""A write that fails halfway (the disk fills up as the file is written), on a real process: the file-size limit
of the process (RLIMIT_FSIZE) makes every write past 6 KB fail, as a full disk does. Each command that writes a
file says so in one sentence, exit 2, and no traceback (openpyxl's half-written package used to complain once
more on its way out), and no half file is left where the output goes."""
from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER
from helpers import book

SIS = Path(__file__).parent / "sis" / "files" / "clever"
LIMIT = 6_000


def limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)           # the write fails (EFBIG) instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


COMMANDS = {
    "template": ["template", "--out", "{out}/t.xlsx", "--optional", "all"],
    "from-sis": ["from-sis", str(SIS), "--out", "{out}/d.xlsx"],
    "schools": ["schools", str(SIS), "--out-dir", "{out}/schools"],
    "check --mark": ["check", "{in}", "--mark", "--out", "{out}/m.xlsx"],
    "fix": ["fix", "{in}", "--out", "{out}/f.xlsx"],
    "export": ["export", "{in}", "--out-dir", "{out}/csv", "--force"],
}


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs POSIX resource limits")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_write_that_fails_halfway_is_one_sentence(tmp_path, command):
    out = tmp_path / "out"
    out.mkdir()
    rows = [STUDENT_HEADER] + [[*GOOD_STUDENT[:2], f"kid{n}", *GOOD_STUDENT[3:5], f"{n:07d}", *GOOD_STUDENT[6:]]
                               for n in range(3000)]
    rows[5][4] = "Grade 7"                                    # something fix changes
    source = book(tmp_path / "school.xlsx", {"Students": rows})
    args = [a.replace("{in}", str(source)).replace("{out}", str(out)) for a in COMMANDS[command]]
    result = subprocess.run([sys.executable, "-m", "rosterxl", *args], capture_output=True, text=True, timeout=180,
                            stdin=subprocess.DEVNULL, preexec_fn=limited)
    text = result.stdout + result.stderr
    assert result.returncode == 2, f"exit {result.returncode}: {text[-2000:]}"
    assert "Traceback" not in text and "Exception ignored" not in text, text[-2000:]
    assert "larger than" in text and "a file:" not in text, text[-2000:]        # the file is named
    left = [p for p in out.rglob("*") if p.is_file()]
    assert all(p.stat().st_size < LIMIT for p in left) and not [p for p in left if p.suffix == ".xlsx"], left
