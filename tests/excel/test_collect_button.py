"""The Collect button on the real xlwings object model, through its remote engine: the folder of returned school
workbooks collected as rosterxl collect does, the open district workbook giving the district's schools."""
from __future__ import annotations

import shutil

from schools_district import SCHOOLS, write_district
from xlwings_support import remote_book

from rosterxl import excel, write_school_workbooks


def told(book) -> str:
    return book.json()["actions"][-1]["args"][0]


def test_the_button_names_the_missing_school_and_writes_the_upload_and_the_summary(tmp_path, monkeypatch):
    district, _ = write_district(tmp_path)
    monkeypatch.chdir(tmp_path)                        # rosterxl.toml here: the remote engine sees no folder
    made = write_school_workbooks([district], tmp_path / "sent", tmp_path / "rosterxl.toml")
    back = tmp_path / "back"
    back.mkdir()
    for written in made.written[:3]:
        shutil.copy(written.path, back / written.path.name)
    book = remote_book(district)
    counts = excel.collect_returns(str(back), book)
    assert counts == {"schools": 4, "returned": 3, "not returned": 1, "errors": 0}
    text = told(book)
    assert text.startswith(f"4 schools: 3 returned; not returned: {SCHOOLS[3]}. 0 errors to fix.")
    assert f"The District summary: {back / 'upload' / 'District summary.xlsx'}." in text
    assert sorted(p.name for p in (back / "upload").iterdir() if not p.name.startswith(".")) == [
        "Classes-Groups.csv", "District summary.xlsx", "Educators.csv", "Students.csv"]


def test_where_python_cannot_read_files_the_button_says_so(tmp_path):
    district, _ = write_district(tmp_path)
    book = remote_book(district)
    assert excel.collect_returns(book=book) == {}
    assert "use Collect in desktop Excel" in told(book) and "rosterxl collect" not in told(book)
