"""Round trip of portal exports: open-export, edit, check, diff, export --changed-only."""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import openpyxl
import pytest
from helpers import HEADER, edit, export_rows, open_export, set_cells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rosterxl.cli import app

runner = CliRunner()


def issues_of(path: Path) -> list[dict]:
    return json.loads(runner.invoke(app, ["check", str(path), "--format", "json"]).stdout)["issues"]


def exported_csv(path: Path, out: Path, *flags: str) -> list[list[str]]:
    result = runner.invoke(app, ["export", str(path), "--out-dir", str(out), *flags])
    assert result.exit_code in (0, 1), result.output
    with (out / "Students.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", "\t")])
def test_open_export_keeps_columns_order_header_text_and_values(tmp_path, encoding, delimiter):
    rows = export_rows(5)
    rows[0][2] = 'O\'Brien, "Junior"'                      # quoted: a comma and quotes
    path = open_export(tmp_path, rows, encoding=encoding, delimiter=delimiter)
    book = openpyxl.load_workbook(path)
    sheet = book["Students"]
    assert [c.value for c in sheet[1]] == HEADER
    assert [c.value for c in sheet[2]][:4] == ["700000", "First0", 'O\'Brien, "Junior"', "user0"]
    assert sheet["J3"].value == "Imagine Language & Literacy;Imagine Español"
    assert sheet["G2"].value == "0000000"                   # leading zeros kept, as text
    assert issues_of(path) == []
    assert exported_csv(path, tmp_path / "all") == [HEADER, *[[*r[:4], "", *r[5:]] for r in rows]]


def test_the_database_id_is_locked_and_explained_and_the_export_kept_hidden(tmp_path):
    rows = export_rows(3)
    rows[1][4] = "leaked-password"                          # an export should not carry passwords; never kept
    path = open_export(tmp_path, rows)
    book = openpyxl.load_workbook(path)
    sheet = book["Students"]
    assert sheet.protection.sheet and sheet.protection.password is None
    assert sheet["A2"].protection.locked and not sheet["B2"].protection.locked
    assert sheet.column_dimensions["B"].protection.locked is False
    assert "Do not change it" in sheet["A1"].comment.text
    assert "leave it empty to keep" in sheet["E1"].comment.text
    snapshot = book["rosterxl-export Students"]
    assert snapshot.sheet_state == "veryHidden"
    assert all(c.value in (None, "", "Password") for c in snapshot["E"])
    validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert validations["F2"] == "List_Grade"


def test_edits_are_checked_and_only_the_changed_rows_are_exported(tmp_path):
    path = open_export(tmp_path, export_rows(6))
    edit(path, {"C2": "Lopez", "A3": "999999", "A4": "700004", "G5": "1234567", "E6": "newpass"},
         append=[["", "New", "Kid", "nkid", "abc", "2", "0000100", "Lincoln Elementary School", "", ""]])
    found = {(i["cell"], i["code"]) for i in issues_of(path)}
    assert ("A3", "roundtrip.database-id-unknown") in found
    # row 4 now says 700004, row 6's ID: row 6 is that record (its cells match), row 4 is 700002's (its student ID)
    assert ("A4", "roundtrip.database-id-duplicate") in found and ("A6", "roundtrip.database-id-duplicate") not in found
    [typo] = [i for i in issues_of(path) if i["cell"] == "A4"]
    assert typo["suggestion"] == "700002" and typo["fixable"] and "belongs to row 6" in typo["message"]
    assert ("G5", "roundtrip.student-id-changed") in found
    assert ("A8", "roundtrip.new-record") in found and ("E8", "format.too-short") in found
    assert ("A1", "roundtrip.not-in-sheet") in found     # 700001 and 700002 are gone (their rows say 999999, 700004)
    assert not any(code == "password.blank" for _, code in found)       # existing records keep their password


def test_a_copied_row_whose_cells_do_not_tell_the_record_keeps_the_error_on_both(tmp_path):
    rows = export_rows(3)
    path = open_export(tmp_path, rows)
    edit(path, {}, append=[rows[1][:4] + [""] + rows[1][5:]])        # row 3 copied whole to row 5
    found = [(i["cell"], i["suggestion"]) for i in issues_of(path) if i["code"] == "roundtrip.database-id-duplicate"]
    assert found == [("A3", None), ("A5", None)]


def test_a_cleared_database_id_is_caught_with_the_original_as_the_fix(tmp_path):
    path = open_export(tmp_path, export_rows(3))
    edit(path, {"A3": None})
    issue = next(i for i in issues_of(path) if i["code"] == "roundtrip.database-id-cleared")
    assert issue["cell"] == "A3" and issue["suggestion"] == "700001"


def test_diff_and_changed_only(tmp_path):
    path = open_export(tmp_path, export_rows(5))
    edit(path, {"C3": "Changed", "H5": "Roosevelt Middle School"},
         append=[["", "New", "Kid", "nkid", "pass1", "2", "0000100", "Lincoln Elementary School", "", ""]],
         delete_rows=[6])
    result = runner.invoke(app, ["diff", str(path), "--format", "json"])
    report = json.loads(result.stdout)["sheets"][0]
    assert report["added"] == [6]
    assert [(c["row"], c["columns"]) for c in report["changed"]] == [(3, ["Last Name"]), (5, ["Organizations"])]
    assert report["unchanged"] == 2 and report["not_in_sheet"] == ["700004"]
    rows = exported_csv(path, tmp_path / "changed", "--changed-only")
    assert [r[0] for r in rows[1:]] == ["700001", "700003", ""]
    assert rows[-1][4] == "pass1"                           # the typed password, only in the CSV
    text = runner.invoke(app, ["diff", str(path)]).output
    assert "pass1" not in text and "row 3 (Database ID 700001): Last Name" in " ".join(text.split())


def test_changed_cells_get_their_own_colour_when_marked(tmp_path):
    path = open_export(tmp_path, export_rows(3))
    edit(path, {"C2": "Lopez", "E3": "secret9"})
    runner.invoke(app, ["check", str(path), "--mark"])
    book = openpyxl.load_workbook(tmp_path / "students.checked.xlsx")
    sheet = book["Students"]
    assert sheet["C2"].fill.fgColor.rgb == "FFBDD7EE" and "it was 'Last0'" in sheet["C2"].comment.text
    assert "new password" in sheet["E3"].comment.text and "secret9" not in sheet["E3"].comment.text
    summary = [r[0] for r in book["Issues"].iter_rows(values_only=True) if r[0]]
    assert any("since the export, 0 row(s) added, 2 changed" in str(s) for s in summary)


def test_an_export_saved_by_excel_is_caught(tmp_path):
    rows = export_rows(8)
    rows[2][0] = "7.00002E+05"                              # Excel showed the ID in scientific notation
    rows[3][6] = "3"                                        # and dropped the zeros of a student ID
    path = open_export(tmp_path, rows, encoding="cp1252")
    found = {(i["cell"], i["code"]) for i in issues_of(path)}
    assert ("A4", "excel.scientific") in found
    assert ("G5", "excel.number") in found


@pytest.mark.slow
@pytest.mark.parametrize("n", [10_000, 25_000])
def test_large_exports(tmp_path, n):
    path = open_export(tmp_path, export_rows(n))
    set_cells(path, "Students", {"C2": "Changed", f"C{n}": "Changed too"})
    rows = exported_csv(path, tmp_path / "out", "--changed-only")
    assert [r[0] for r in rows[1:]] == ["700000", str(700000 + n - 2)]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.data())
def test_changed_only_gives_exactly_the_rows_that_were_changed(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("prop")
    rows = export_rows(30)
    path = open_export(tmp_path, rows)
    k = data.draw(st.integers(0, 6))
    rng = random.Random(data.draw(st.integers(0, 10_000)))
    cells = rng.sample([(r, c) for r in range(2, 32) for c in "BCDF"], k)
    edit(path, {f"{c}{r}": f"edited{r}{c}" if c != "F" else "K" for r, c in cells})
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(path), "--out-dir", str(out), "--changed-only", "--force"])
    assert result.exit_code == 0, result.output
    with (out / "Students.csv").open(newline="", encoding="utf-8") as f:
        written = [r[0] for r in list(csv.reader(f))[1:]]
    changed_rows = {r for r, c in cells if not (c == "F" and rows[r - 2][5] == "K")}
    assert sorted(written) == sorted(rows[r - 2][0] for r in changed_rows)


def test_diff_shows_each_changed_cell_as_old_then_new_and_never_a_password(tmp_path):
    path = open_export(tmp_path, export_rows(3))
    edit(path, {"C3": "Changed", "E3": "secret9"})
    report = json.loads(runner.invoke(app, ["diff", str(path), "--format", "json"]).stdout)["sheets"][0]
    [change] = report["changed"]
    assert change["cells"] == [{"column": "Last Name", "cell": "C3", "was": "Last1", "now": "Changed"},
                               {"column": "Password", "cell": "E3", "was": None, "now": None}]
    text = " ".join(runner.invoke(app, ["diff", str(path)]).output.split())
    assert "Last Name: 'Last1' -> 'Changed'" in text and "Password: a new password" in text
    assert "secret9" not in text


def test_a_column_added_to_the_sheet_changes_only_the_rows_it_is_filled_in(tmp_path):
    path = open_export(tmp_path, export_rows(4))
    edit(path, {"K1": "Alternate ID", "K3": "ST-0042"})     # the export has no such column; one row fills it in
    rows = exported_csv(path, tmp_path / "changed", "--changed-only")
    assert rows[0][-1] == "Alternate ID" and [(r[0], r[-1]) for r in rows[1:]] == [("700001", "ST-0042")]


def test_changed_only_on_a_workbook_not_opened_from_an_export_saves_nothing_and_says_why(tmp_path):
    book = tmp_path / "typed.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Students"
    wb.active.append(["First Name", "Last Name", "Username", "Student ID", "Organizations"])
    wb.active.append(["Ana", "Lopez", "alopez", "S-1", "Lincoln Elementary School"])
    wb.save(book)
    result = runner.invoke(app, ["export", str(book), "--out-dir", str(tmp_path / "out"), "--changed-only"])
    assert result.exit_code == 2
    assert "not opened from one" in " ".join(result.output.split()) and not (tmp_path / "out").exists()


def test_open_export_refuses_a_csv_without_a_database_id(tmp_path):
    typed = tmp_path / "students.csv"
    typed.write_text("First Name,Last Name,Username,Student ID,Organizations\nAna,Lopez,alopez,S-1,Lincoln\n")
    result = runner.invoke(app, ["open-export", str(typed), "--out", str(tmp_path / "edit.xlsx")])
    assert result.exit_code == 2 and "no Database ID column" in " ".join(result.output.split())
    assert not (tmp_path / "edit.xlsx").exists()


def test_a_value_that_starts_with_an_equals_sign_stays_text(tmp_path):
    rows = export_rows(2)
    rows[0][1] = "=Maria"                          # a name typed with a stray = in the portal
    book = openpyxl.load_workbook(open_export(tmp_path, rows))
    cell = book["Students"]["B2"]
    assert (cell.value, cell.data_type) == ("=Maria", "s")
    snapshot = next(s for s in book.worksheets if s.title.startswith("rosterxl-export"))
    assert [(c.value, c.data_type) for c in snapshot[2] if c.value == "=Maria"] == [("=Maria", "s")]
