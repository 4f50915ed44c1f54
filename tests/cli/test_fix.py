"""rosterxl fix: only sure suggestions are applied, every change is listed (output and Issues sheet), nothing else
in the workbook changes, and checking after fixing shows only what needs a person."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from rosterxl import Roster
from rosterxl.cli import app

runner = CliRunner()
DISTRICT = Path(__file__).parents[1] / "district" / "files"


def cells(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in book.worksheets if ws.title in ("Classes-Groups", "Educators",
                                                                                      "Students")
            for row in ws.iter_rows() for c in row if c.value is not None}


def test_fix_then_check_leaves_only_what_needs_a_person_and_changes_nothing_else(tmp_path):
    book = Path(shutil.copy(DISTRICT / "cedar-template.xlsx", tmp_path / "cedar.xlsx"))
    sure = {(i.sheet, i.cell) for i in Roster.open([book]).check() if i.certain}
    result = runner.invoke(app, ["fix", str(book)])
    assert result.exit_code == 1, result.output          # errors a person must fix remain
    fixed = tmp_path / "cedar.fixed.xlsx"
    before, after = cells(book), cells(fixed)
    changed = {key for key in before if before[key] != after.get(key)}
    assert changed == sure                                # exactly the cells with a sure fix, nothing else
    assert after[("Students", "E15")] == "7" and after[("Educators", "F4")] == \
        "Cedar Ridge Elementary;Maple Grove Middle School"
    assert after[("Students", "E17")] == before[("Students", "E17")]      # a date stays for a person
    report = json.loads(runner.invoke(app, ["check", str(fixed), "--format", "json"]).stdout)
    assert not any(i["fixable"] for i in report["issues"])
    planted = {(p["sheet"], p["cell"]) for p in json.loads((DISTRICT / "planted.json").read_text())
               if p["file"] == "cedar-template.xlsx"}
    errors = {(i["sheet"], i["cell"]) for i in report["issues"] if i["severity"] == "error"}
    assert errors == planted - sure          # the planted mistakes fix could not be sure of, and only those
    text = " ".join(result.output.split())
    assert "Students!E15 (Grade): 'Grade 7' -> '7'" in text
    issues_sheet = [r[0] for r in openpyxl.load_workbook(fixed)["Issues"].iter_rows(values_only=True) if r[0]]
    assert any("Students!E15 (Grade): 'Grade 7' -> '7'" in str(line) for line in issues_sheet)


def test_fix_in_place_keeps_a_backup_and_a_clean_workbook_is_left_alone(tmp_path):
    book = Path(shutil.copy(DISTRICT / "cedar-own.xlsx", tmp_path / "own.xlsx"))
    original = book.read_bytes()
    result = runner.invoke(app, ["fix", str(book), "--in-place"])
    assert (tmp_path / "own.before-rosterxl.xlsx").read_bytes() == original
    assert openpyxl.load_workbook(book)["Students"]["E10"].value == "K"
    assert "own.before-rosterxl.xlsx" in " ".join(result.output.split())
    again = runner.invoke(app, ["fix", str(book), "--out", str(tmp_path / "again.xlsx")])
    assert "Nothing to fix that rosterxl is sure of" in " ".join(again.output.split())
    assert not (tmp_path / "again.xlsx").exists()


def test_fix_refuses_a_csv_and_both_out_and_in_place(tmp_path):
    csv_file = tmp_path / "students.csv"
    csv_file.write_text("First Name,Last Name,Username,Student ID,Organizations\nAna,Lopez,alopez, S-1,X\n")
    result = runner.invoke(app, ["fix", str(csv_file)])
    assert result.exit_code == 2 and "one workbook" in " ".join(result.output.split())
    book = Path(shutil.copy(DISTRICT / "cedar-own.xlsx", tmp_path / "own.xlsx"))
    result = runner.invoke(app, ["fix", str(book), "--in-place", "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "not both" in result.output


def test_a_mistyped_database_id_whose_original_is_certain_is_put_back(tmp_path):
    from helpers import edit, export_rows, open_export

    path = open_export(tmp_path, export_rows(6))
    edit(path, {"A4": "700004", "A3": None, "C5": "Lopez "})
    runner.invoke(app, ["fix", str(path), "--in-place"])
    sheet = openpyxl.load_workbook(path)["Students"]
    assert (sheet["A3"].value, sheet["A4"].value, sheet["C5"].value) == ("700001", "700002", "Lopez")
    report = json.loads(runner.invoke(app, ["check", str(path), "--format", "json"]).stdout)
    assert not [i for i in report["issues"] if i["code"].startswith("roundtrip.database-id")]
