"""Bad inputs of collecting the schools' returns (registered in corpus.py's INPUTS): a folder of returns with a
file that is no workbook among them, a workbook whose RosterxlSchool name is formula-shaped text or no text
constant at all, and a folder holding only a District summary."""
from __future__ import annotations

import openpyxl
from corpus import HEADER, bad, school, student, write
from openpyxl.workbook.defined_name import DefinedName

ORGANIZATION = HEADER.index("Organizations")


def named(path, text: str):
    """The workbook given a RosterxlSchool name of this text (as a school's workbook carries its school)."""
    wb = openpyxl.load_workbook(path)
    wb.defined_names["RosterxlSchool"] = DefinedName("RosterxlSchool", attr_text=text)
    wb.save(path)
    return path


@bad("a folder of returns with a file that is no workbook among them")
def _(f):
    folder = f / "returned"
    folder.mkdir()
    named(school(folder, "Cedar Ridge.xlsx"), '"Lincoln Elementary School"')
    write(folder / "Maple Grove.xlsx", b"this is an email saved with the workbook's name\n")
    return folder


@bad("a return whose school name is formula-shaped text")
def _(f):
    rows = [HEADER, student(Organizations='=HYPERLINK("http://x.example","y")')]
    return named(school(f, "returned.xlsx", rows), '"=HYPERLINK(""http://x.example"",""y"")"')


@bad("a return whose school name is a formula, not a text")
def _(f):
    return named(school(f, "returned.xlsx"), 'Students!$A$1&"x"')


@bad("a folder holding only a District summary")
def _(f):
    folder = f / "upload"
    folder.mkdir()
    wb = openpyxl.Workbook()
    wb.active.title = "District summary"
    wb.active.append(["School", "Returned", "State"])
    wb.active.append(["Lincoln Elementary School", "yes", "ready"])
    wb.save(folder / "District summary.xlsx")
    return folder
