"""No upload CSV carries a live formula (issue 22): a formula in a header or cell refuses its sheet, forced or
not; data that only starts like one goes out behind an apostrophe. Read back with csv.reader and opened in
LibreOffice, which runs any formula a CSV holds."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER
from test_libreoffice import convert, have_office
from typer.testing import CliRunner

from rosterxl import Roster
from rosterxl.cli import app
from rosterxl.core.upload import NEUTRALISE, REFUSE, formula_risk

FORMULAS = ["=1+1", " =1+1", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1+1)", "+SUM(1,1)",
            "-2+3+cmd|' /C calc'!A0", "-2+3", "=", "\u00a0=1"]
DATA = ["@home", "+1 555 0100", "-abc", "-A1", "\tabc", " @x"]
PLAIN = ["-5", "+5", "-5.5", "Ana", "", "-", "@", "O'Neil", "5-3"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_is_refused(text):
    assert formula_risk(text) == REFUSE


@pytest.mark.parametrize("text", DATA)
def test_data_that_starts_like_a_formula_is_neutralised_but_a_secret_is_refused(text):
    assert formula_risk(text) == NEUTRALISE
    assert formula_risk(text, secret=True) == REFUSE


@pytest.mark.parametrize("text", PLAIN)
def test_numbers_and_plain_text_are_left_alone(text):
    assert formula_risk(text) is None


def students(folder: Path, rows: list[list[str]], header: list[str] = STUDENT_HEADER) -> Path:
    path = folder / "Students.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def row(n: int, **changes: str) -> list[str]:
    values = list(GOOD_STUDENT)
    values[2], values[5] = f"user{n}", f"S-{n}"
    for header, value in changes.items():
        values[STUDENT_HEADER.index(header.replace("_", " "))] = value
    return values


def test_an_unknown_column_headed_with_a_formula_is_an_error_and_never_saved(tmp_path):
    source = students(tmp_path, [[*row(1), "x"]], [*STUDENT_HEADER, '=HYPERLINK("http://evil","x")'])
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(source)])
    assert checked.exit_code == 1 and "J1" in checked.output and "formula" in checked.output
    for flags in ([], ["--force"]):
        result = runner.invoke(app, ["export", str(source), "--out-dir", str(tmp_path / "out"), *flags])
        assert result.exit_code == 1 and "not saved" in result.output
        assert not list((tmp_path / "out").glob("*.csv")) if (tmp_path / "out").exists() else True


@pytest.mark.parametrize("value", FORMULAS[:9])
def test_forced_or_not_a_formula_value_is_never_saved(value, tmp_path):
    source = students(tmp_path, [row(1), row(2, Last_Name=value)])
    result = CliRunner().invoke(app, ["export", str(source), "--out-dir", str(tmp_path / "out"), "--force"])
    assert result.exit_code == 1 and "B3 would run as a formula" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.csv"))


def test_check_and_export_agree_on_what_the_csv_would_hold(tmp_path):
    """A formula that only the CSV's own tidying brings to the front (an empty item before it) is found by check."""
    source = students(tmp_path, [row(1, Products=";=1+1"), row(2, Last_Name="\u200b@SUM(1)")])
    checked = CliRunner().invoke(app, ["check", str(source), "--format", "json"])
    found = sorted(i["cell"] for i in json.loads(checked.output)["issues"] if i["code"] == "text.formula")
    [saved] = Roster.open([source]).save_csvs(tmp_path / "out", force=True)
    assert found == sorted(saved.formulas) == ["B3", "I2"]


def test_a_password_that_starts_like_a_formula_is_refused_not_changed(tmp_path):
    source = students(tmp_path, [row(1, Password="@tiger42")])
    [saved] = Roster.open([source]).save_csvs(tmp_path / "out", force=True)
    assert saved.status == "refused" and saved.formulas == ["D2"] and not saved.files


def written(tmp_path: Path, values: list[str]) -> Path:
    source = students(tmp_path, [row(n, Last_Name=v) for n, v in enumerate(values)])
    result = CliRunner().invoke(app, ["export", str(source), "--out-dir", str(tmp_path / "out"), "--force"])
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "Students.csv"


def test_data_goes_out_behind_an_apostrophe_and_reads_back(tmp_path):
    data = ["@home", "+1 555 0100", "-abc", "-5", "O'Neil"]
    path = written(tmp_path, data)
    with open(path, newline="", encoding="utf-8-sig") as f:
        back = [r[1] for r in list(csv.reader(f))[1:]]
    assert back == ["'@home", "'+1 555 0100", "'-abc", "-5", "O'Neil"]


@pytest.mark.skipif(not have_office, reason="LibreOffice is not installed here")
def test_libreoffice_finds_no_formula_in_a_written_csv(tmp_path):
    path = written(tmp_path, ["@home", "+1 555 0100", "-abc", "-A1", "-5"])
    sheet = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "lo")).active
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == []
    assert [sheet.cell(row=r, column=2).value for r in range(2, 7)] == ["'@home", "'+1 555 0100", "'-abc", "'-A1", -5]


@pytest.mark.skipif(not have_office, reason="LibreOffice is not installed here")
def test_libreoffice_would_have_run_what_rosterxl_refuses(tmp_path):
    """The other side of the test above: the same reading of a raw CSV finds the formulas refused here."""
    raw = tmp_path / "raw.csv"
    with open(raw, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["A"], *[[v] for v in FORMULAS[:5]]])
    sheet = openpyxl.load_workbook(convert(raw, "xlsx", tmp_path / "lo")).active
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == ["A2", "A6"]


def test_an_unknown_columns_spaces_are_kept_and_check_says_so(tmp_path):
    source = students(tmp_path, [[*row(1), " x "]], [*STUDENT_HEADER, "Notes"])
    [issue] = [i for i in Roster.open([source]).check() if i.code == "text.spaces"]
    assert issue.cell == "J2" and "only if you remove them" in issue.message
    [saved] = Roster.open([source]).save_csvs(tmp_path / "out")
    with open(saved.files[0], newline="", encoding="utf-8-sig") as f:
        assert list(csv.reader(f))[1][-1] == " x "
