"""The School workbooks button on the real xlwings object model, through its remote engine: the live workbook's
grids made into one workbook per school, as rosterxl schools makes them from the file."""
from __future__ import annotations

import openpyxl
from schools_district import SCHOOLS, SHARED, write_district
from xlwings_support import remote_book

from rosterxl import excel, write_school_workbooks


def told(book) -> str:
    return book.json()["actions"][-1]["args"][0]


def test_the_button_writes_the_same_workbooks_as_the_command_line(tmp_path, monkeypatch):
    district, _ = write_district(tmp_path)
    monkeypatch.chdir(tmp_path)                        # rosterxl.toml here: the remote engine sees no folder
    book = remote_book(district)
    written = excel.school_workbooks(str(tmp_path / "live"), book)
    assert [p.rsplit("/", 1)[-1] for p in written] == [
        "Cedar Ridge Elementary.xlsx", "Maple Grove Middle School.xlsx", "Lincoln High School - East Campus.xlsx",
        "St. Mary's Academy.xlsx"]
    text = told(book)
    assert text.startswith("Wrote 4 school workbooks in")
    assert "Cedar Ridge Elementary.xlsx (2 Classes-Groups, 2 Educators, 3 Students)" in text
    assert "Not in any school's workbook: 2 records" in text and "did you mean 'Cedar Ridge Elementary'?" in text
    from_file = write_school_workbooks([district], tmp_path / "file", tmp_path / "rosterxl.toml")
    for live, filed in zip(written, from_file.written):
        for sheet in ("Classes-Groups", "Educators", "Students"):
            values = [list(openpyxl.load_workbook(p)[sheet].iter_rows(values_only=True)) for p in (live, filed.path)]
            assert values[0] == values[1]
    maple = openpyxl.load_workbook(written[1])
    assert maple.defined_names["RosterxlSchool"].attr_text == f'"{SCHOOLS[1]}"'
    assert SHARED in {r[2] for r in maple["Educators"].iter_rows(values_only=True)}


def test_where_python_cannot_save_files_the_button_says_so(tmp_path):
    district, _ = write_district(tmp_path)
    book = remote_book(district)
    assert excel.school_workbooks(book=book) == []
    assert "use School workbooks in desktop Excel." in told(book) and "rosterxl schools" not in told(book)
    assert "--" not in told(book)


def test_a_workbook_without_a_school_column_is_told_not_raised(tmp_path):
    from helpers import book as write_book

    path = write_book(tmp_path / "d.xlsx", {"Students": [["First Name", "Last Name", "Username", "Grade"],
                                                         ["Ana", "Diaz", "adiaz", "3"]]})
    book = remote_book(path)
    assert excel.school_workbooks(str(tmp_path / "out"), book) == []
    assert "there is no Organizations column" in told(book)


def test_from_a_workbook_of_the_portals_exports_the_round_trip_holds(tmp_path):
    from pathlib import Path

    from helpers import runner

    from rosterxl import Roster
    from rosterxl.cli import app

    sis = Path(__file__).parents[1] / "sis" / "files"
    exports = sorted((sis / "portal").glob("*.csv"))
    runner.invoke(app, ["open-export", *map(str, exports), "--out", str(tmp_path / "portal.xlsx")])
    written = excel.school_workbooks(str(tmp_path / "schools"), remote_book(tmp_path / "portal.xlsx"))
    assert len(written) == 2
    for path in written:
        roster = Roster.open([path], sis / "rosterxl.toml")
        changes = roster.changes()
        assert len(changes) == 3
        assert all(c.count("added") == c.count("changed") == 0 and not c.gone for _, c in changes)
