"""The survey unpacks a small sheet whole before calamine reads it; calamine is then given the package with that
sheet stored unpacked (reader._with_unpacked), every other part copied as the file has it."""
from __future__ import annotations

import zipfile

from helpers import book
from python_calamine import CalamineWorkbook

from rosterxl.media.xlsx.limits import survey_workbook
from rosterxl.media.xlsx.reader import WorkbookFile, _with_unpacked

ROWS = [["First Name", "Last Name", "Username", "Student ID"], ["Ana", "Silva", "asilva", 1001],
        ["Bo", "Ng", "bng", "0042"]]


def test_the_package_calamine_reads_holds_the_surveyed_sheets_unpacked_and_every_part_the_same(tmp_path):
    path = book(tmp_path / "school.xlsx", {"Students": ROWS, "Notes": [["Budget", 3.5]]})
    survey = survey_workbook(path)
    assert set(survey.unpacked) == {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
    package = _with_unpacked(path, survey.unpacked)
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(package) as handed:
        assert handed.testzip() is None                                   # every part's CRC is right
        assert handed.namelist() == original.namelist()
        for info in handed.infolist():
            assert handed.read(info) == original.read(info.filename)
            kept = info.filename in survey.unpacked
            assert info.compress_type == (zipfile.ZIP_STORED if kept else original.getinfo(info.filename).compress_type)
    from_file = CalamineWorkbook.from_path(str(path))
    read = WorkbookFile(path)
    for name in ("Students", "Notes"):
        assert read.grid(name) == from_file.get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_a_package_with_a_name_given_twice_is_read_from_the_file(tmp_path):
    path = book(tmp_path / "school.xlsx", {"Students": ROWS})
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("docProps/app.xml", b"<Properties/>")           # a second part of that name
    survey = survey_workbook(path)
    assert survey.unpacked and _with_unpacked(path, survey.unpacked) is None
    assert WorkbookFile(path).grid("Students")[1][:3] == ["Ana", "Silva", "asilva"]
