"""The ribbon's functions on the real xlwings object model, through its remote engine: a book payload
from a real workbook, the function run, its actions checked and replayed onto the file."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER, district
from helpers import book as write_book
from typer.testing import CliRunner
from xlwings_support import remote_book, replay

from rosterxl import excel
from rosterxl.cli import app
from rosterxl.core.template import plans_from_choices
from rosterxl.excel.addin import macros_folder, problems, read_parts
from rosterxl.media.xlsx.template_file import write_template

CLASSES = [["Class/Group Name", "Organization", "Product"],
           ["Gr 3 Reading", "Lincoln Elementary School", "Imagine Reading"]]


def school(tmp_path: Path) -> Path:
    bad = list(GOOD_STUDENT)
    bad[2], bad[4], bad[5], bad[7] = "alopez", "Kindergarden", "S-2", "Gr 9 Art"
    other = [*GOOD_STUDENT[:2], "bjones ", "pw", "4", "S-3", *GOOD_STUDENT[6:]]
    path = write_book(tmp_path / "school.xlsx", {"Classes-Groups": CLASSES,
                                                 "Students": [STUDENT_HEADER, GOOD_STUDENT, bad, other]})
    book = openpyxl.load_workbook(path)
    book["Students"]["B4"].comment = openpyxl.comments.Comment("Check with the office", "Ms. Rivera")
    book["Students"]["B4"] = ""                                   # empty last name: marked, but has their note
    book.save(path)
    return path


def actions(book) -> list[dict]:
    return book.json()["actions"]


def test_check_marks_cells_writes_the_issues_sheet_and_tells_the_counts(tmp_path):
    path = school(tmp_path)
    book = remote_book(path)
    result = excel.check(book)
    done = actions(book)
    funcs = Counter(a["func"] for a in done)
    assert result == {"errors": 6, "warnings": 1}
    assert funcs["setRangeColors"] == 1 and funcs["addSheet"] == 2
    alert = next(a for a in done if a["func"] == "alert")
    assert "6 errors and 1 warning" in alert["args"][0] and "already had a note" in alert["args"][0]
    marked = openpyxl.load_workbook(replay(path, done, tmp_path / "marked.xlsx"))
    students = marked["Students"]
    assert students["E3"].fill.fgColor.rgb.upper().endswith("FFC7CE")
    assert students["C4"].fill.fgColor.rgb.upper().endswith("FFEB9C")          # a warning: stray space
    assert "Did you mean 'K'" in students["E3"].comment.text
    assert students["B4"].comment.text == "Check with the office"               # their note is left alone
    issues = [r for r in marked["Issues"].iter_rows(values_only=True)]
    links = [r[1] for r in issues if r[1] and str(r[1]).startswith("=HYPERLINK")]
    assert '=HYPERLINK("#\'Students\'!E3","E3")' in links
    assert marked["rosterxl-marks"].sheet_state == "hidden"


def test_the_live_check_and_the_file_check_agree(tmp_path):
    path = school(tmp_path)
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    by_file = {(i["sheet"], i["cell"], i["code"]) for i in json.loads(result.stdout)["issues"]}
    from rosterxl import Roster
    from rosterxl.media.live.book import LiveBook

    book = remote_book(path)
    live = Roster.from_book(LiveBook(book)).check()
    assert {(i.sheet, i.cell, i.code) for i in live} == by_file
    excel.check(book)
    marked = openpyxl.load_workbook(replay(path, actions(book), tmp_path / "live.xlsx"))
    CliRunner().invoke(app, ["check", str(path), "--mark", "--out", str(tmp_path / "file.xlsx")])
    on_file = openpyxl.load_workbook(tmp_path / "file.xlsx")

    def noted(wb):
        return {(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if c.comment and c.comment.text.startswith("rosterxl:")}

    assert noted(marked) == noted(on_file) - {("Students", "B4")}     # live keeps the person's note on B4


def test_clear_marks_removes_exactly_what_check_added(tmp_path):
    path = school(tmp_path)
    book = remote_book(path)
    excel.check(book)
    marked = replay(path, actions(book), tmp_path / "marked.xlsx")
    again = remote_book(marked)
    assert excel.clear_marks(again) == 7
    cleared = openpyxl.load_workbook(replay(marked, actions(again), tmp_path / "cleared.xlsx"))
    original = openpyxl.load_workbook(path)
    assert cleared.sheetnames == original.sheetnames
    for name in original.sheetnames:
        for row_a, row_b in zip(original[name].iter_rows(), cleared[name].iter_rows()):
            for a, b in zip(row_a, row_b):
                assert (a.value, a.fill.fill_type, a.comment.text if a.comment else None) == \
                       (b.value, b.fill.fill_type, b.comment.text if b.comment else None)


def test_checking_twice_replaces_the_marks(tmp_path):
    path = school(tmp_path)
    book = remote_book(path)
    excel.check(book)
    once = replay(path, actions(book), tmp_path / "once.xlsx")
    book = remote_book(once)
    excel.check(book)
    funcs = Counter(a["func"] for a in actions(book))
    assert funcs["sheetDelete"] == 2 and funcs["deleteNote"] == 6 and funcs["addNote"] == 6
    twice = openpyxl.load_workbook(replay(once, actions(book), tmp_path / "twice.xlsx"))
    assert twice.sheetnames == openpyxl.load_workbook(once).sheetnames


def test_without_notes_the_check_degrades_and_says_so(tmp_path):
    path = school(tmp_path)
    book = remote_book(path, client="VBA")
    excel.check(book)
    done = actions(book)
    assert not any(a["func"] == "addNote" for a in done)
    assert "cannot add notes" in next(a for a in done if a["func"] == "alert")["args"][0]


def test_actions_do_not_grow_with_bad_cells_beyond_one_note_each(tmp_path):
    rows = [STUDENT_HEADER]
    for i in range(10_000):
        grade = "13" if i % 100 == 0 else "3"                 # 1% of the records have a bad grade
        rows.append([f"First{i}", f"Last{i}", f"user{i}", "secret1", grade, f"S{i:05d}",
                     "Lincoln Elementary School", "", "Imagine Reading"])
    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Students")
    for row in rows:
        sheet.append(row)
    book.save(path)
    live = remote_book(path)
    excel.check(live)
    done = actions(live)
    bad_cells = 100
    assert Counter(a["func"] for a in done)["addNote"] == bad_cells
    assert len(done) <= bad_cells + 30


def test_save_csvs_writes_the_upload_files_and_refuses_errors_on_the_remote_engine(tmp_path):
    path = write_book(tmp_path / "clean.xlsx", {"Classes-Groups": CLASSES, "Students": [STUDENT_HEADER,
                                                                                         GOOD_STUDENT]})
    written = excel.save_csvs(remote_book(path), folder=str(tmp_path / "out"))
    assert sorted(Path(p).name for p in written) == ["Classes-Groups.csv", "Students.csv"]
    bad = school(tmp_path)
    book = remote_book(bad)
    # one save policy with the command line: the clean sheet is saved, the sheet with errors is not
    assert [Path(p).name for p in excel.save_csvs(book, folder=str(tmp_path / "out2"))] == ["Classes-Groups.csv"]
    assert "Students still have errors" in actions(book)[-1]["args"][0]
    assert len(excel.save_csvs(remote_book(bad), force=True, folder=str(tmp_path / "out2"))) == 2
    nowhere = remote_book(path)
    assert excel.save_csvs(nowhere) == [] and "cannot save files" in actions(nowhere)[-1]["args"][0]


def test_save_csvs_anyway_never_saves_a_formula(tmp_path):
    row = list(GOOD_STUDENT)
    row[1] = "@SUM(1+1)"                       # a text cell a spreadsheet would run
    path = write_book(tmp_path / "formula.xlsx", {"Classes-Groups": CLASSES, "Students": [STUDENT_HEADER, row]})
    book = remote_book(path)
    written = excel.save_csvs(book, force=True, folder=str(tmp_path / "out"))
    assert [Path(p).name for p in written] == ["Classes-Groups.csv"]
    told = actions(book)[-1]["args"][0]
    assert "Students have cells a spreadsheet would run as formulas" in told and "still have errors" not in told


def test_open_export_loads_a_csv_into_a_new_sheet(tmp_path):
    export = tmp_path / "students_export.csv"
    export.write_text("Database ID,First Name,Last Name,Username,Student ID,Organizations\r\n"
                      "9001,Ana,Lopez,alopez,000123,Lincoln Elementary School\r\n", encoding="utf-8")
    path = write_book(tmp_path / "book.xlsx", {"Sheet1": [["notes"]]})
    book = remote_book(path)
    assert excel.open_export(str(export), book) == "Students"
    loaded = openpyxl.load_workbook(replay(path, actions(book), tmp_path / "loaded.xlsx"))["Students"]
    assert [c.value for c in loaded[2]] == ["9001", "Ana", "Lopez", "alopez", "000123", "Lincoln Elementary School"]
    assert any(a["func"] == "setNumberFormat" and a["args"] == ["@"] for a in actions(book))


def test_new_template_adds_the_sheets_lists_dropdowns_and_red_cells(tmp_path):
    path = write_book(tmp_path / "empty.xlsx", {"Sheet1": [["x"]]})
    book = remote_book(path)
    assert excel.new_template(book, entities="students", optional="Grade,Products") == ["Students"]
    done = actions(book)
    dv = [a for a in done if a["func"] == "setDataValidationList"]
    assert [a["args"][0] for a in dv] == [{"type": "name", "name": "List_Grade"}]
    assert sum(a["func"] == "addConditionalFormat" for a in done) >= 6
    built = openpyxl.load_workbook(replay(path, done, tmp_path / "built.xlsx"))
    assert [c.value for c in built["Students"][1]] == ["First Name", "Last Name", "Username", "Grade",
                                                      "External Assigned ID", "Organizations", "Products"]
    assert built["Lists"].sheet_state == "hidden" and "List_Grade" in built.defined_names
    assert built.sheetnames[0] == "Instructions"


def test_refresh_lists_follows_the_config(tmp_path):
    catalog = district(products=["Imagine Reading", "Imagine Math"])
    path = write_template(tmp_path / "t.xlsx", catalog, plans_from_choices(catalog, ["students"], ["all"]))
    (tmp_path / "rosterxl.toml").write_text('products = ["Imagine Reading"]\n')
    book = remote_book(path)
    assert "Product" in excel.refresh_lists(book, config=str(tmp_path / "rosterxl.toml"))
    refreshed = openpyxl.load_workbook(replay(path, actions(book), tmp_path / "r.xlsx"))
    ref = refreshed.defined_names["List_Product"].attr_text
    column = ref.split("!$")[1][0]
    assert ref == f"'Lists'!${column}$2:${column}$2"
    assert [refreshed["Lists"][f"{column}{r}"].value for r in (2, 3)] == ["Imagine Reading", None]


def test_the_macro_parts_fit_together():
    parts = read_parts()
    buttons = [b for b in excel.BUTTONS if b.sub]          # the registry: no count to keep up to date
    assert len(parts.callbacks) == len(buttons) and set(parts.callbacks) == set(parts.subs) == {b.sub for b in buttons}
    assert problems(parts) == []
    assert {code.split("rx.")[1].split("(")[0] for _, code in parts.calls} == {b.function.__name__ for b in buttons}


def test_a_broken_macro_part_is_named(tmp_path):
    folder = macros_folder()
    (tmp_path / "ribbon.xml").write_text((folder / "ribbon.xml").read_text().replace(
        'onAction="RosterCheck"', 'onAction="RosterChek"'))
    (tmp_path / "rosterxl.bas").write_text((folder / "rosterxl.bas").read_text().replace(
        "rx.clear_marks()", "rx.clear_marks(1, 2, 3)"))
    found = problems(read_parts(tmp_path))
    assert any("RosterChek" in p for p in found) and any("clear_marks" in p for p in found)
    (tmp_path / "ribbon.xml").write_text("<customUI")
    with pytest.raises(Exception):
        read_parts(tmp_path)


def test_the_addin_command_builds_a_workbook_with_the_roster_tab(tmp_path):
    result = CliRunner().invoke(app, ["addin", "--out", str(tmp_path / "Roster.xlsm")])
    assert result.exit_code == 0, result.output
    import zipfile
    with zipfile.ZipFile(tmp_path / "Roster.xlsm") as z:
        assert b"rosterxlTab" in z.read("customUI/customUI.xml")
        assert b"ui/extensibility" in z.read("_rels/.rels")
        assert b"macroEnabled" in z.read("[Content_Types].xml")


def test_the_scripts_for_lite_and_server_call_the_same_functions(tmp_path):
    from rosterxl.excel import scripts

    path = school(tmp_path)
    book = remote_book(path)
    scripts.rosterxl_check(book)
    assert any(a["func"] == "addNote" for a in actions(book))


def test_open_export_keeps_a_copy_so_check_sees_what_changed(tmp_path):
    export = tmp_path / "students_export.csv"
    export.write_text("Database ID,First Name,Last Name,Username,Student ID,Organizations\r\n"
                      "9001,Ana,Lopez,alopez,000123,Lincoln Elementary School\r\n"
                      "9002,Bo,Diaz,bdiaz,000124,Lincoln Elementary School\r\n", encoding="utf-8")
    path = write_book(tmp_path / "book.xlsx", {"Sheet1": [["notes"]]})
    book = remote_book(path)
    excel.open_export(str(export), book)
    loaded = replay(path, actions(book), tmp_path / "loaded.xlsx")
    edited = openpyxl.load_workbook(loaded)
    assert edited["rosterxl-export Students"].sheet_state == "hidden"
    edited["Students"]["A3"] = "9999"
    edited["Students"]["C2"] = "Lopez-Garcia"
    edited.save(loaded)
    book = remote_book(loaded)
    excel.check(book)
    notes = {a["args"][0]: a["args"][1] for a in actions(book) if a["func"] == "addNote"}
    assert "did not export the Database ID 9999" in notes["$A$3"]
    assert "Changed since the export (it was 'Lopez')" in notes["$C$2"]


def test_fix_writes_the_sure_fixes_lists_them_and_marks_the_rest(tmp_path):
    path = school(tmp_path)        # C4 'bjones ' (a stray space: sure), E3 'Kindergarden' (a guess: left)
    book = remote_book(path)
    assert excel.fix(book) == 1
    done = actions(book)
    alert = next(a for a in done if a["func"] == "alert")
    assert alert["args"][0].startswith("Fixed 1 cell;")
    fixed = openpyxl.load_workbook(replay(path, done, tmp_path / "fixed.xlsx"))
    students = fixed["Students"]
    assert students["C4"].value == "bjones" and students["E3"].value == "Kindergarden"
    assert students["E3"].fill.fgColor.rgb.upper().endswith("FFC7CE")          # left for a person, marked
    lines = [str(r[0]) for r in fixed["Issues"].iter_rows(values_only=True) if r[0]]
    assert "  Students!C4 (Username): 'bjones ' -> 'bjones'" in lines


def test_a_fix_that_looks_like_a_number_is_written_as_text(tmp_path):
    from rosterxl.media.live.book import put_text

    path = school(tmp_path)
    book = remote_book(path)
    put_text(book.sheets["Students"], "E2", "7")
    put_text(book.sheets["Students"], "A2", "Ana")
    values = [a["values"] for a in actions(book) if a["func"] == "setValues"]
    assert [["'7"]] in values and [["Ana"]] in values
