"""A password under any header that names one (PW, Pwd, PIN, Passcode, Contraseña, Passwort) is never shown:
not by check (text or JSON, suggestions included), not in fix's lines, not on the Issues sheet or in a note;
and fix leaves it as it is, saying the cell needs a person."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER
from typer.testing import CliRunner

from rosterxl.cli import app

SECRET = "Zq9-secret-Pw"
VALUES = [SECRET + " ", " " + SECRET, SECRET + "\u200b", "+" + SECRET + "(1)"]
SPELLINGS = ["PW", "Pwd", "PIN", "Passcode", "Contraseña", "Passwort", "Student Password", "Initial PW"]


def workbook(path: Path, spelling: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Students"
    ws.append([spelling if h == "Password" else h for h in STUDENT_HEADER])
    for n, value in enumerate(VALUES):
        row = list(GOOD_STUDENT)
        row[0], row[2], row[3], row[5] = "Bob ", f"user{n}", value, f"S-{n}"     # a name fix may fix
        ws.append(row)
    wb.save(path)
    return path


def in_parts(path: Path, which) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(z.read(n).decode("utf-8", "replace").count(SECRET) for n in z.namelist() if which(n))


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_secret_column_is_never_shown_nor_fixed(spelling, tmp_path):
    source = workbook(tmp_path / "school.xlsx", spelling)
    runner = CliRunner()
    text = runner.invoke(app, ["check", str(source)])
    assert text.exit_code == 1 and SECRET not in text.output
    data = json.loads(runner.invoke(app, ["check", str(source), "--format", "json"]).output)
    mine = [i for i in data["issues"] if i["column"] == spelling and i["row"] > 1]
    assert len({i["row"] for i in mine}) == len(VALUES)             # each cell has its issue, none shows the value
    assert all(i["suggestion"] is None and not i["fixable"] and SECRET not in i["message"] for i in mine)
    assert SECRET not in json.dumps(data)

    fixed = runner.invoke(app, ["fix", str(source), "--out", str(tmp_path / "fixed.xlsx")])
    assert SECRET not in fixed.output
    assert "'Bob ' -> 'Bob'" in fixed.output                        # fix ran, and left the secret cells
    sheet = openpyxl.load_workbook(tmp_path / "fixed.xlsx")["Students"]
    assert [sheet.cell(row=r, column=4).value for r in range(2, 2 + len(VALUES))] == VALUES
    assert all(f"D{r}" in fixed.output for r in range(2, 2 + len(VALUES)))   # still listed: a person decides

    runner.invoke(app, ["check", str(source), "--mark", "--out", str(tmp_path / "marked.xlsx")])
    marked = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    issues = [str(c.value) for row in marked["Issues"].iter_rows() for c in row if c.value]
    assert any(spelling in v for v in issues) and not any(SECRET in v for v in issues)
    assert in_parts(tmp_path / "marked.xlsx", lambda n: "comment" in n or n.endswith(".vml")) == 0
    assert in_parts(tmp_path / "marked.xlsx", lambda n: True) == in_parts(source, lambda n: True)


def test_a_diff_never_shows_a_secret_column_of_an_export(tmp_path):
    import csv

    from helpers import HEADER, export_rows
    rows = [[*r, f"{SECRET}{n}"] for n, r in enumerate(export_rows(3))]
    source = tmp_path / "students_export.csv"
    with open(source, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows([[*HEADER, "Student PIN"], *rows])
    runner = CliRunner()
    opened = runner.invoke(app, ["open-export", str(source), "--out", str(tmp_path / "opened.xlsx")])
    assert opened.exit_code == 0, opened.output
    assert in_parts(tmp_path / "opened.xlsx", lambda n: True) <= 3      # the visible cells, not the hidden copy
    wb = openpyxl.load_workbook(tmp_path / "opened.xlsx")
    sheet = wb["Students"]
    pin = next(c.column for c in sheet[1] if c.value == "Student PIN")
    sheet.cell(row=2, column=pin).value = SECRET + "new"
    wb.save(tmp_path / "opened.xlsx")
    for flags in ([], ["--format", "json"]):
        diff = runner.invoke(app, ["diff", str(tmp_path / "opened.xlsx"), *flags])
        assert "Student PIN" in diff.output and SECRET not in diff.output
