"""Collecting the schools' returned workbooks: a district of four schools, each school's workbook made by the real
`rosterxl schools` command and filled in with openpyxl as a school's secretary would (one school gives a student
another school's username, one school enters a student another school has, one school returns twice, one never
returns), collected as one district."""
from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
from helpers import runner
from ooxml import not_xml, sdk_errors, validator
from schools_district import SCHOOLS, write_district

from rosterxl import collect
from rosterxl.cli import app

CEDAR, MAPLE, LINCOLN, MARY = (f"{name}.xlsx" for name in (
    "Cedar Ridge Elementary", "Maple Grove Middle School", "Lincoln High School - East Campus", "St. Mary's Academy"))


def add_student(path: Path, values: dict[str, str], save_as: Path | None = None) -> int:
    """A row typed under the last record of the Students sheet; its row number."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Students"]
    header = [c.value for c in ws[1]]
    row = 2
    while ws.cell(row, 1).value not in (None, ""):
        row += 1
    for name, value in values.items():
        ws.cell(row, header.index(name) + 1).value = value
    wb.save(save_as or path)
    return row


def student(first: str, username: str, student_id: str, school: str, klass: str) -> dict[str, str]:
    return {"First Name": first, "Last Name": "Nguyen", "Username": username, "Password": "tiger42", "Grade": "3",
            "External Assigned ID": student_id, "Organizations": school, "Classes/Groups": klass,
            "Products": "Imagine Reading"}


@pytest.fixture
def returned(tmp_path):
    """The schools' workbooks made by the command, the returns a coordinator saved in one folder."""
    district, config = write_district(tmp_path)
    made = runner.invoke(app, ["schools", str(district), "--out-dir", str(tmp_path / "sent"), "--config", str(config)])
    assert made.exit_code == 1, made.output             # the district workbook's two students of no school
    sent, back = tmp_path / "sent", tmp_path / "returned"
    back.mkdir()
    for name in (CEDAR, MAPLE):
        shutil.copy(sent / name, back / name)
    # Cedar Ridge gives a new student Maple Grove's kid10 username; Maple Grove enters Cedar Ridge's Kid01 (000001)
    username_row = add_student(back / CEDAR, student("Ana", "kid10", "700001", SCHOOLS[0], "Reading 0A"))
    id_row = add_student(back / MAPLE, student("Kid01", "kid01.maple", "000001", SCHOOLS[1], "Math 1B"))
    # St. Mary's sends a first version, then a corrected one (the email attachment's name differs)
    add_student(sent / MARY, student("Old", "old3", "300099", SCHOOLS[3], "Reading 3A"), back / MARY)
    time.sleep(1.1)                                     # the workbook's saved time is kept to the second
    add_student(sent / MARY, student("New", "new3", "300098", SCHOOLS[3], "Reading 3A"), back / "St Marys (2).xlsx")
    return back, config, tmp_path / "upload", username_row, id_row


def test_a_collect_names_the_missing_school_and_every_cross_school_problem_on_both_cells(returned):
    back, config, out, username_row, id_row = returned
    result = collect([back], out, config)
    summary = {s.school: s for s in result.summary.schools}
    assert [s.school for s in result.summary.missing()] == [SCHOOLS[2]]
    assert not summary[SCHOOLS[2]].returned and summary[SCHOOLS[2]].state == "not returned"
    assert summary[SCHOOLS[3]].file == "St Marys (2).xlsx"
    assert [f for f, _ in summary[SCHOOLS[3]].replaced] == [MARY]
    assert summary[SCHOOLS[0]].records == {"Classes-Groups": 2, "Educators": 2, "Students": 4}

    issues = result.roster.check()
    keyed = [(i.file, i.sheet, i.cell, i.message) for i in issues]
    assert len(keyed) == len(set(keyed)), "an issue is listed twice"
    assert all(i.file != MARY for i in issues), "the replaced return was checked"
    header = [c.value for c in openpyxl.load_workbook(back / CEDAR)["Students"][1]]
    user_col = openpyxl.utils.get_column_letter(header.index("Username") + 1)
    id_col = openpyxl.utils.get_column_letter(header.index("External Assigned ID") + 1)
    maple_kid10 = _row_of(back / MAPLE, "Username", "kid10")
    cedar_kid01 = _row_of(back / CEDAR, "External Assigned ID", "000001")

    def error_at(file: str, cell: str, names: str) -> None:
        found = [i for i in issues if i.file == file and i.cell == cell and i.severity.value == "error"]
        assert found and any(names in i.message for i in found), (file, cell, [i.message for i in issues])

    error_at(CEDAR, f"{user_col}{username_row}", MAPLE)
    error_at(MAPLE, f"{user_col}{maple_kid10}", CEDAR)
    error_at(MAPLE, f"{id_col}{id_row}", CEDAR)
    error_at(CEDAR, f"{id_col}{cedar_kid01}", MAPLE)
    assert summary[SCHOOLS[0]].errors >= 2 and summary[SCHOOLS[1]].errors >= 2
    assert summary[SCHOOLS[3]].errors == 0 and summary[SCHOOLS[3]].state in ("ready", "warnings only")
    assert result.problems()


def test_forced_the_upload_set_is_one_file_per_record_type_with_every_record_once(returned):
    back, config, out, _, _ = returned
    result = collect([back], out, config, force=True)
    assert sorted(p.name for p in out.glob("*.csv")) == ["Classes-Groups.csv", "Educators.csv", "Students.csv"]
    with open(out / "Students.csv", newline="", encoding="utf-8-sig") as f:
        students = list(csv.reader(f))
    names = [r[students[0].index("Username")] for r in students[1:]]
    # Cedar 3+1, Maple 3+1, St. Mary's 3+1 from its second return only; Lincoln none
    assert len(names) == 12 and len(set(names)) == 11 and names.count("kid10") == 2
    assert "new3" in names and "old3" not in names
    with open(out / "Educators.csv", newline="", encoding="utf-8-sig") as f:
        educators = list(csv.reader(f))
    users = [r[educators[0].index("Username")] for r in educators[1:]]
    assert len(users) == len(set(users)) == 4           # the teacher at Cedar and Maple once, three others
    assert {s.sheet: s.records for s in result.saved}["Students"] == 12


def test_the_summary_workbook_sheet_text_and_json(returned, tmp_path):
    back, config, out, _, _ = returned
    text = runner.invoke(app, ["collect", str(back), "--out-dir", str(out), "--config", str(config)])
    assert text.exit_code == 1, text.output
    assert f"Not returned: {SCHOOLS[2]}" in text.output
    assert "used St Marys (2).xlsx" in text.output and f"its earlier return {MARY}" in text.output
    assert "District summary.xlsx" in text.output
    book = out / "District summary.xlsx"
    assert not_xml(book) == []
    cli = validator()
    assert cli is not None, "the Open XML SDK validator is not installed (.validator)"
    assert sdk_errors(book, cli) == []
    grid = list(openpyxl.load_workbook(book)["District summary"].iter_rows(values_only=True))
    header = list(grid[2])
    rows = {r[0]: dict(zip(header, r)) for r in grid[3:]}
    assert rows[SCHOOLS[2]]["Returned"] == "no" and rows[SCHOOLS[2]]["State"] == "not returned"
    assert rows[SCHOOLS[3]]["File used"] == "St Marys (2).xlsx" and rows[SCHOOLS[3]]["Students"] == 4
    assert grid[3][0] == SCHOOLS[2]                     # whom to call first
    as_json = runner.invoke(app, ["collect", str(back), "--out-dir", str(tmp_path / "j"), "--config", str(config),
                                  "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["district"]["not_returned"] == [SCHOOLS[2]]
    assert {i["file"] for i in data["issues"]} <= {CEDAR, MAPLE, "St Marys (2).xlsx"}


def test_without_a_list_of_schools_the_district_workbook_gives_it(returned, tmp_path):
    back, _, out, _, _ = returned
    result = collect([back], out, None, district=[tmp_path / "district.xlsx"])
    assert SCHOOLS[2] in [s.school for s in result.summary.missing()]


def test_a_district_file_with_a_sheet_of_no_schools_still_gives_the_list(returned, tmp_path):
    """A district workbook whose Educators sheet has no Organizations column: its other sheets name the schools."""
    back, _, out, _, _ = returned
    district = tmp_path / "district.xlsx"
    book = openpyxl.load_workbook(district)
    sheet = book["Educators"]
    header = [c.value for c in sheet[1]]
    sheet.delete_cols(header.index("Organizations") + 1)
    book.save(tmp_path / "no-schools-for-educators.xlsx")
    result = collect([back], out, None, district=[tmp_path / "no-schools-for-educators.xlsx"])
    assert SCHOOLS[2] in [s.school for s in result.summary.missing()]


def _row_of(path: Path, column: str, value: str) -> int:
    ws = openpyxl.load_workbook(path)["Students"]
    header = [c.value for c in ws[1]]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, header.index(column) + 1).value == value:
            return row
    raise AssertionError(f"{value} not in {path.name}")


def test_a_district_summary_a_person_edited_is_kept_before_the_next_collect(returned):
    back, config, out, _, _ = returned
    args = ["collect", str(back), "--out-dir", str(out), "--config", str(config)]
    runner.invoke(app, args)
    (out / "District summary.xlsx").write_bytes(b"the coordinator's notes")
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert (out / "District summary.before-rosterxl.xlsx").read_bytes() == b"the coordinator's notes"
    assert "kept as District summary.before-rosterxl.xlsx" in " ".join(result.output.split())
