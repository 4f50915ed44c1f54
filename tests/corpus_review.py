"""Bad inputs of Fix with review (registered in corpus.py's INPUTS): marked workbooks whose Issues sheet a person
changed in ways rosterxl did not plan for: deleted, its header row edited away, or its Apply? column holding a
formula, a long text, the password and answers for cells that are gone."""
from __future__ import annotations

import openpyxl
from corpus import HEADER, PASSWORD, bad, school, student
from helpers import runner

from rosterxl.cli import app


def marked(folder, name: str, change) -> object:
    """A school workbook with a likely fix (a product one letter off) marked by rosterxl, then `change`d by a
    person with openpyxl (given the workbook) and saved."""
    source = school(folder, f"{name}-source.xlsx", [HEADER, student(Products="Imagine Reeding"),
                                                    student(Grade="Kindergarden", Username="k2")])
    path = folder / f"{name}.xlsx"
    result = runner.invoke(app, ["check", str(source), "--mark", "--out", str(path)])
    assert result.exit_code == 1, result.output
    source.unlink()
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


@bad("a marked workbook whose Issues sheet was deleted")
def _(f): return marked(f, "no-issues-sheet", lambda book: book.remove(book["Issues"]))


def _header_typed_over(book):
    for row in book["Issues"].iter_rows():
        if row[0].value == "Sheet" and row[1].value == "Cell":
            row[6].value = "OK to apply"


@bad("an Issues sheet whose header row was typed over")
def _(f): return marked(f, "issues-header-gone", _header_typed_over)


def _odd_answers(book):
    sheet = book["Issues"]
    rows = [r for r in sheet.iter_rows() if r[0].value == "Students"]
    rows[0][6].value = '=IF(1,"Yes","No")'
    rows[-1][6].value = "Yes " * 9000
    sheet.append(["Students", "Z99999", "Products", "error", "gone", "Imagine Reading", "Yes"])
    sheet.append(["Students", "Q1", "Password", "error", "typed", PASSWORD, PASSWORD])


@bad("an Issues sheet's Apply? column with a formula, a long text, the password and gone cells")
def _(f): return marked(f, "odd-answers", _odd_answers)
