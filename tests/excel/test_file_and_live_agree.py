"""Contract tests between the file face and the live face: marks made by one are cleared by the other with
the person's own fills and notes given back, and Save CSVs leaves out a portal template's sample rows as
`rosterxl export` does."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from conftest import GOOD_STUDENT, STUDENT_HEADER
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from typer.testing import CliRunner
from xlwings_support import remote_book, replay

from rosterxl import excel
from rosterxl.cli import app

runner = CliRunner()
YELLOW = "FFFF00"


def school(tmp_path: Path) -> Path:
    """Students with a bad grade in E3, on which the person has their own yellow fill and note."""
    bad = list(GOOD_STUDENT)
    bad[2], bad[4], bad[5] = "bjones", "Kindergarden", "S-0002"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Students"
    for row in (STUDENT_HEADER, GOOD_STUDENT, bad):
        sheet.append(row)
    sheet["E3"].fill = PatternFill("solid", fgColor=YELLOW)
    sheet["E3"].comment = Comment("Grade to confirm with the office", "Ms. Rivera")
    path = tmp_path / "school.xlsx"
    book.save(path)
    return path


def rgb(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:].upper() if cell.fill.fill_type == "solid" else None


def test_marked_by_the_command_line_and_cleared_by_the_ribbon_gives_back_the_persons_note_and_fill(tmp_path):
    path = school(tmp_path)
    marked = tmp_path / "marked.xlsx"
    assert runner.invoke(app, ["check", str(path), "--mark", "--out", str(marked)]).exit_code == 1
    assert openpyxl.load_workbook(marked)["Students"]["E3"].comment.text.startswith("rosterxl:")
    book = remote_book(marked)
    excel.clear_marks(book)
    cleared = openpyxl.load_workbook(replay(marked, book.json()["actions"], tmp_path / "cleared.xlsx"))
    e3 = cleared["Students"]["E3"]
    assert e3.comment is not None and e3.comment.text == "Grade to confirm with the office"
    assert rgb(e3) == YELLOW
    assert cleared.sheetnames == ["Students"]


def test_marked_by_the_ribbon_and_cleared_by_the_command_line_leaves_no_mark(tmp_path):
    path = school(tmp_path)
    openpyxl_book = openpyxl.load_workbook(path)
    openpyxl_book["Students"]["E3"].comment = None            # the ribbon never covers a person's note
    openpyxl_book["Students"]["C2"] = "ab"                    # a second bad cell, with no fill of its own
    openpyxl_book.save(path)
    book = remote_book(path)
    excel.check(book)
    marked = replay(path, book.json()["actions"], tmp_path / "marked.xlsx")
    assert rgb(openpyxl.load_workbook(marked)["Students"]["C2"]) == "FFC7CE"
    result = runner.invoke(app, ["clear", str(marked)])
    assert result.exit_code == 0 and "Cleared the marks of 2 cells" in result.output
    cleared = openpyxl.load_workbook(marked)
    assert rgb(cleared["Students"]["C2"]) is None
    assert rgb(cleared["Students"]["E3"]) != "FFC7CE"
    assert cleared["Students"]["C2"].comment is None and cleared["Students"]["E3"].comment is None
    assert cleared.sheetnames == ["Students"]


def test_save_csvs_leaves_out_a_portal_templates_sample_rows_as_export_does(tmp_path):
    portal = tmp_path / "Students_template.csv"
    portal.write_text("First Name,Last Name,Username,Password,Student ID,Organizations\r\n"
                      "Jane,Example,jexample,pass1234,EX-1,Example School\r\n"
                      "John,Example,jexample2,pass5678,EX-2,Example School\r\n", encoding="utf-8")
    template = tmp_path / "template.xlsx"
    assert runner.invoke(app, ["template", "--from-portal", str(portal), "--out", str(template)]).exit_code == 0
    book = openpyxl.load_workbook(template)
    book["Students"].append(["Ana", "Lopez", "alopez", "tiger42", "S-0001", "Lincoln Elementary School"])
    book.save(template)
    runner.invoke(app, ["export", str(template), "--out-dir", str(tmp_path / "cli")])
    excel.save_csvs(remote_book(template), folder=str(tmp_path / "ribbon"))

    def records(folder: Path) -> list[list[str]]:
        with (folder / "Students.csv").open(newline="", encoding="utf-8") as f:
            return list(csv.reader(f))[1:]
    assert records(tmp_path / "cli") == [["Ana", "Lopez", "alopez", "tiger42", "S-0001", "Lincoln Elementary School"]]
    assert records(tmp_path / "ribbon") == records(tmp_path / "cli")


def _district_workbook(tmp_path: Path, hide_row: int | None = None) -> Path:
    """The hand-typed district (tests/hand_typed.py: 8 planted mistakes) as an .xlsx, a Students row hidden."""
    from hand_typed import grids
    from helpers import book

    path = book(tmp_path / "district.xlsx", grids())
    if hide_row:
        written = openpyxl.load_workbook(path)
        written["Students"].row_dimensions[hide_row].hidden = True
        written.save(path)
    return path


def _found(issues) -> list[tuple]:
    return sorted((i.sheet, i.cell, i.code, i.severity.value, i.message, i.suggestion, i.fix) for i in issues)


def test_a_file_and_the_same_workbook_live_in_excel_give_the_same_issues(tmp_path):
    from rosterxl import Roster
    from rosterxl.media.live.book import LiveBook, own_lists

    path = _district_workbook(tmp_path)
    from_file = Roster.open([path]).check()
    book = remote_book(path)
    live = Roster.from_book(LiveBook(book), lists=own_lists(book)).check()
    assert len(from_file) >= 8
    assert _found(live) == _found(from_file)


def test_hidden_rows_are_found_where_the_engine_can_tell_and_the_remote_one_stays_silent(tmp_path):
    from rosterxl import Roster
    from rosterxl.media.live.book import LiveBook

    path = _district_workbook(tmp_path, hide_row=5)
    from_file = Roster.open([path]).check()
    assert [(i.sheet, i.cell) for i in from_file if i.code == "sheet.hidden"] == [("Students", "A5")]
    live = LiveBook(remote_book(path))
    assert live.hidden("Students") == (frozenset(), frozenset())       # xlwings Lite and Server cannot read it
    assert _found(Roster.from_book(live).check()) == _found(i for i in from_file if i.code != "sheet.hidden")


def test_hidden_rows_are_found_by_halving_ranges_not_row_by_row():
    from rosterxl.media.live.book import hidden_runs

    hidden = {5, 6, 7, 700}
    calls = []

    def rows_hidden(low: int, high: int) -> bool | None:       # as xlwings' rows.hidden answers for a range
        calls.append((low, high))
        inside = sum(low <= n <= high for n in hidden)
        return True if inside == high - low + 1 else False if inside == 0 else None

    assert hidden_runs(rows_hidden, 1, 10_000) == [5, 6, 7, 700]
    assert len(calls) < 100
    calls.clear()
    assert hidden_runs(rows_hidden, 800, 10_000) == [] and len(calls) == 1
