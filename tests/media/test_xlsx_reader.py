"""Reading filled-in workbooks: values as the person sees them, plus what Excel did to them."""
from __future__ import annotations

import datetime as dt
import sys

import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER
from helpers import book

from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.model import RosterInputError
from rosterxl.core.tables import tables_from_book
from rosterxl.media.xlsx.reader import WorkbookFile


@pytest.fixture(autouse=True, params=["calamine", "openpyxl"])
def reader(request, monkeypatch):
    """Every test here with both readers: python-calamine, and openpyxl's where calamine is not installed."""
    if request.param == "openpyxl":
        monkeypatch.setitem(sys.modules, "python_calamine", None)      # import python_calamine: ImportError
    return request.param


def read_workbook(path, catalog):
    return tables_from_book(catalog, WorkbookFile(path))




def test_sheets_found_by_name_or_by_headers_and_helper_sheets_skipped(tmp_path):
    path = book(tmp_path / "r.xlsx", {
        "Instructions": [["How to fill in"]], "Lists": [["PK"], ["K"]],
        "Sheet1": [STUDENT_HEADER, GOOD_STUDENT],
        "Educators": [["First Name", "Last Name", "Username", "Educator Type", "Organizations"]]})
    tables = read_workbook(path, builtin_catalog())
    assert [(t.sheet, t.entity.key) for t in tables] == [("Sheet1", "students"), ("Educators", "educators")]


def test_cells_keep_what_excel_stored(tmp_path):
    row = list(GOOD_STUDENT)
    row[5] = 1234                       # an ID typed into a General column
    row[4] = dt.datetime(2026, 3, 4)    # a grade Excel turned into a date
    path = book(tmp_path / "r.xlsx", {"Students": [STUDENT_HEADER, row]})
    [table] = read_workbook(path, builtin_catalog())
    r = table.rows[0]
    assert r.values[5] == "1234" and r.raw[5] == 1234.0
    assert r.values[4] == "2026-03-04" and isinstance(r.raw[4], dt.date)
    assert r.values[0] == "Ana" and 0 not in r.raw


def test_a_title_above_the_header_keeps_real_row_numbers(tmp_path):
    path = book(tmp_path / "r.xlsx", {"Students": [["Lincoln roster, fall"], [], STUDENT_HEADER, GOOD_STUDENT]})
    [table] = read_workbook(path, builtin_catalog())
    assert table.header_row == 3 and table.rows[0].number == 4


def test_a_sheet_starting_in_column_b_keeps_its_letters(tmp_path):
    path = book(tmp_path / "r.xlsx", {"Students": [[None, *STUDENT_HEADER], [None, *GOOD_STUDENT]]})
    [table] = read_workbook(path, builtin_catalog())
    first = table.headers[1]
    assert first.text == "First Name" and first.letter == "B"


@pytest.mark.parametrize("content,words", [
    (b"", "empty"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
    (b"First Name,Last Name\r\n", "not an Excel workbook"), (b"PK\x03\x04 truncated", "damaged")])
def test_workbooks_it_cannot_read(tmp_path, content, words):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(RosterInputError, match=words):
        read_workbook(path, builtin_catalog())
