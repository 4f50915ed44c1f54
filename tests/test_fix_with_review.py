"""Fix with review: the likely fixes (a typing slip of one known value, a school spelt as other rows spell it, an
ID's lost zeros) are offered on the Issues sheet with an Apply? dropdown, not applied; Fix applies the ones a
person chose Yes for (in the file with `rosterxl fix`, in the live workbook with the Fix button), never one
answered No, and the command line can accept them all or by check. Run on a district typed by hand without a
config (tests/hand_typed.py)."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from hand_typed import LINCOLN, grids
from helpers import book as write_book
from helpers import runner
from ooxml import not_xml, sdk_errors, validator
from xlwings_support import remote_book, replay

from rosterxl import excel
from rosterxl.cli import app

SDK = validator()
LIKELY = {("Students", "G8"): LINCOLN, ("Students", "F10"): "0004418", ("Students", "I13"): "Imagine Reading"}


def cli(*args) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def assert_opens(path: Path) -> None:
    assert not not_xml(path), not_xml(path)
    if SDK is not None:
        assert not sdk_errors(path, SDK), sdk_errors(path, SDK)


def issue_rows(path: Path) -> tuple[openpyxl.worksheet.worksheet.Worksheet, int, dict]:
    """The Issues sheet, its issue table's header row, and its rows by (sheet, cell): (row number, values)."""
    sheet = openpyxl.load_workbook(path)["Issues"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(n for n, r in enumerate(rows, 1) if r[:7] == ("Sheet", "Cell", "Column", "Severity",
                                                                "What is wrong", "Suggested fix", "Apply?"))
    return sheet, header, {(r[0], _shown(r[1])): (n, r) for n, r in enumerate(rows[header:], header + 1)}


def _shown(cell: str) -> str:
    """A cell address as shown: the live workbook writes it as =HYPERLINK("#'Students'!G8","G8")."""
    return cell.rsplit(",", 1)[1].strip('")') if str(cell).startswith("=HYPERLINK") else cell


def answer(path: Path, said: dict[tuple[str, str], str]) -> None:
    """What a person does: choose Yes or No in the Apply? column, and save (here with openpyxl)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Issues"]
    for row in sheet.iter_rows():
        if (row[0].value, row[1].value) in said:
            row[6].value = said[(row[0].value, row[1].value)]
    book.save(path)


def cells(path: Path, sheet: str = "Students") -> dict[str, object]:
    return {c.coordinate: c.value for row in openpyxl.load_workbook(path)[sheet].iter_rows() for c in row}


def marked(tmp_path: Path) -> Path:
    source = write_book(tmp_path / "district.xlsx", grids())
    code, output = cli("check", source, "--mark", "--out", tmp_path / "marked.xlsx")
    assert code == 1, output
    return tmp_path / "marked.xlsx"


def test_the_issues_sheet_offers_each_likely_fix_with_a_yes_no_dropdown_and_opens_in_excel(tmp_path):
    path = marked(tmp_path)
    assert_opens(path)
    sheet, header, rows = issue_rows(path)
    offered = {key: r[5] for key, (_, r) in rows.items() if key in LIKELY}
    assert offered == LIKELY and all(r[6] is None for _, r in rows.values())
    [dropdown] = sheet.data_validations.dataValidation
    assert dropdown.type == "list" and dropdown.formula1 == '"Yes,No"' and "Fix" in dropdown.prompt
    asked = {(r, c) for rng in dropdown.sqref.ranges for r, c in rng.cells}
    assert asked == {(rows[key][0], 7) for key in LIKELY}        # only the likely fixes are asked about
    assert sheet.auto_filter.ref == f"A{header}:G{sheet.max_row}"
    assert "choose Yes there and click Fix" in sheet["A1"].value


def test_fix_applies_what_was_answered_yes_never_a_no_and_lists_it(tmp_path):
    path = marked(tmp_path)
    answer(path, {("Students", "I13"): "Yes", ("Students", "G8"): "No"})
    code, output = cli("fix", path, "--out", tmp_path / "fixed.xlsx")
    assert code == 1, output                     # two students' cells still need a person
    fixed = tmp_path / "fixed.xlsx"
    assert_opens(fixed)
    now, before = cells(fixed), cells(path)
    assert now["I13"] == "Imagine Reading" and now["G8"] == before["G8"] == "Lincoln Elem."
    assert now["F10"] == "4418" and now["G7"] == LINCOLN        # not answered: left; sure: fixed as before
    assert "Students!I13 (Products): 'Imagine Reeding' -> 'Imagine Reading' (accepted)" in output
    assert "1 likely fix waits for a yes: choose Yes in their Apply? cells on the Issues sheet of fixed.xlsx" \
        in " ".join(output.split())                                                    # F10; G8 was a No
    sheet, _, rows = issue_rows(fixed)
    assert rows[("Students", "G8")][1][6] == "No" and rows[("Students", "F10")][1][6] is None
    assert ("Students", "I13") not in rows
    lines = [r[0] for r in sheet.iter_rows(values_only=True) if r[0]]
    assert "rosterxl fixed 1 cell you said yes to:" in lines

    code, output = cli("fix", fixed, "--accept", "all", "--out", tmp_path / "again.xlsx")
    again = cells(tmp_path / "again.xlsx")
    assert again["F10"] == "0004418" and again["G8"] == "Lincoln Elem."        # a No stays a No
    code, output = cli("check", tmp_path / "again.xlsx", "--format", "json")
    left = {(i["sheet"], i["cell"]) for i in json.loads(output)["issues"]}
    assert left == {("Students", "G8"), ("Students", "G9"), ("Students", "F11")}    # what needs a person


def test_accepting_by_check_and_a_check_that_does_not_exist(tmp_path):
    path = marked(tmp_path)
    code, output = cli("fix", path, "--accept", "organization,excel.number", "--out", tmp_path / "fixed.xlsx")
    now = cells(tmp_path / "fixed.xlsx")
    assert (now["G8"], now["F10"], now["I13"]) == (LINCOLN, "0004418", "Imagine Reeding")
    code, output = cli("fix", path, "--accept", "spelling")
    assert code == 2 and "'spelling': not a check rosterxl has" in output and "organization.misspelt" in output
    assert "Traceback" not in output and not (tmp_path / "marked.fixed.xlsx").exists()


def test_marking_again_keeps_the_answers_of_the_rows_still_there(tmp_path):
    path = marked(tmp_path)
    answer(path, {("Students", "I13"): "Yes"})
    code, _ = cli("check", path, "--mark", "--in-place")
    _, _, rows = issue_rows(path)
    assert rows[("Students", "I13")][1][6] == "Yes" and rows[("Students", "G8")][1][6] is None


def test_the_fix_button_applies_the_fixes_answered_yes_in_the_live_workbook(tmp_path):
    path = marked(tmp_path)
    answer(path, {("Students", "I13"): "Yes", ("Students", "F10"): "No"})
    book = remote_book(path)
    assert excel.fix(book) == 4                  # the three sure fixes and the one answered Yes
    done = book.json()["actions"]
    alert = next(a for a in done if a["func"] == "alert")["args"][0]
    assert "1 suggested fix rosterxl is not sure of: choose Yes" in alert      # G8, not answered
    dropdowns = [a for a in done if a["func"] == "setDataValidationList"]
    assert len(dropdowns) == 2                  # on G8's row, and on F10's, which keeps its No
    result = replay(path, done, tmp_path / "fixed.xlsx")
    now = cells(result)
    assert now["I13"] == "Imagine Reading" and now["F10"] == "4418" and now["G8"] == "Lincoln Elem."
    _, _, rows = issue_rows(result)
    assert rows[("Students", "F10")][1][6] == "No"


def test_a_yes_on_a_cell_changed_since_is_not_written_and_is_said(tmp_path):
    path = marked(tmp_path)
    answer(path, {("Students", "I13"): "Yes", ("Students", "G8"): "Yes"})
    book = openpyxl.load_workbook(path)
    book["Students"]["I13"] = "Imagine Mathh"          # changed by hand after the Issues sheet was made
    book.save(path)
    code, output = cli("fix", path, "--out", tmp_path / "fixed.xlsx")
    now = cells(tmp_path / "fixed.xlsx")
    assert now["G8"] == LINCOLN and now["I13"] == "Imagine Mathh"        # its suggestion is another now
    assert "Not written, though answered Yes on the Issues sheet: Students!I13." in " ".join(output.split())
