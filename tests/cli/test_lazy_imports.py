"""`rosterxl --help` loads none of what the commands use (structural, not timed: bench/bench_speed.py times it)."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("openpyxl", "python_calamine", "pydantic", "rich.progress", "xlwings", "rosterxl.roster",
         "rosterxl.core.catalog.sis_decisions", "rosterxl.media.xlsx")

PROBE = """
import sys
from typer.testing import CliRunner
from rosterxl.cli import app
result = CliRunner().invoke(app, ["--help"])
assert result.exit_code == 0 and "Check files" in result.output, result.output
print(" ".join(sorted(sys.modules)))
"""


def test_help_loads_no_heavy_module():
    loaded = set(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                                check=True).stdout.split())
    assert [m for m in HEAVY if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []


CLICK = """
import sys
import rosterxl.excel
rosterxl.excel.check                      # what the ribbon's RunPython call reaches
print(" ".join(sorted(sys.modules)))
"""


def test_a_ribbon_click_loads_no_file_reader_writer_or_command_line():
    """The button's import pays for xlwings and the library, not for openpyxl, calamine, lxml, the add-in builder,
    the command line (typer, rich) or the file media: a live workbook is read through xlwings. Nor for pydantic
    (the config's models, loaded when there is a config), the SIS conversion or the round of schools."""
    loaded = set(subprocess.run([sys.executable, "-c", CLICK], capture_output=True, text=True,
                                check=True).stdout.split())
    heavy = ("openpyxl", "python_calamine", "lxml", "typer", "rich", "rosterxl.excel.addin", "rosterxl.addin_book",
             "rosterxl.media.xlsx", "rosterxl.cli", "pydantic", "rosterxl.collecting", "rosterxl.core.sis.detect",
             "rosterxl.core.sis.sheets", "rosterxl.core.schools")
    assert [m for m in heavy if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []


CHECK = """
import sys
from typer.testing import CliRunner
from rosterxl.cli import app
result = CliRunner().invoke(app, ["check", sys.argv[1]])
assert result.exit_code == 1 and "Students" in result.output, result.output
print(" ".join(sorted(sys.modules)))
"""


def test_checking_a_workbook_loads_neither_openpyxl_nor_the_sis_formats(tmp_path):
    """`rosterxl check school.xlsx` reads the workbook with calamine: openpyxl (the writer, and the reader only where
    calamine cannot be installed) and the SIS formats (asked about only for a folder) stay unloaded."""
    from helpers import book

    path = book(tmp_path / "school.xlsx", {"Students": [
        ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID"],
        ["Ana", "Silva", "asilva", "pw", "13", "1001"]]})
    loaded = set(subprocess.run([sys.executable, "-c", CHECK, str(path)], capture_output=True, text=True,
                                check=True, cwd=tmp_path).stdout.split())
    assert "python_calamine" in loaded
    heavy = ("openpyxl", "rosterxl.media.xlsx.openpyxl_reader", "rosterxl.core.sis.detect", "rosterxl.core.sis.clever")
    assert [m for m in heavy if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []
