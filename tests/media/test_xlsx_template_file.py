"""Template workbooks: reopened with openpyxl and checked for what a school relies on."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import district
from typer.testing import CliRunner

from rosterxl.cli import app
from rosterxl.core.catalog.catalog import CATALOG_VERSION, builtin_catalog
from rosterxl.core.layout import FIRST_ROW, LAST_ROW
from rosterxl.core.template import plans_from_choices
from rosterxl.media.xlsx.template_file import write_template

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook_templates"
runner = CliRunner()


def make(tmp_path: Path, catalog=None, entities=("classes", "educators", "students"), optional=("all",)) -> Path:
    catalog = catalog or builtin_catalog()
    return write_template(tmp_path / "t.xlsx", catalog, plans_from_choices(catalog, list(entities), list(optional)))


def validations(sheet) -> dict[str, object]:
    """Column header -> its data validation."""
    headers = {c.column_letter: c.value for c in sheet[1]}
    return {headers[str(dv.sqref).split(":")[0].rstrip("0123456789")]: dv
            for dv in sheet.data_validations.dataValidation}


def test_sheets_names_and_lists(tmp_path):
    book = openpyxl.load_workbook(make(tmp_path, district()))
    assert book.sheetnames == ["Instructions", "Classes-Groups", "Educators", "Students", "Lists"]
    assert book["Lists"].sheet_state == "hidden" and book["Lists"].protection.sheet
    names = {n: d.attr_text for n, d in book.defined_names.items()}
    assert names["List_Grade"].startswith("Lists!$")
    assert names["List_ClassGroup"] == f"'Classes-Groups'!$A${FIRST_ROW}:$A${LAST_ROW}"
    lists = book["Lists"]
    ref = names["List_Organization"].split("!")[1].replace("$", "")
    assert [c.value for row in lists[ref] for c in row] == ["Lincoln Elementary School", "Roosevelt Middle School"]


def test_every_column_has_an_input_message_and_lists_have_dropdowns(tmp_path):
    book = openpyxl.load_workbook(make(tmp_path, district()))
    for sheet_name in ("Classes-Groups", "Educators", "Students"):
        sheet = book[sheet_name]
        dvs = validations(sheet)
        assert set(dvs) == {c.value for c in sheet[1]}
        for header, dv in dvs.items():
            assert dv.showInputMessage and dv.prompt and dv.promptTitle and len(dv.promptTitle) <= 32
            assert str(dv.sqref).endswith(str(LAST_ROW)) and dv.allow_blank
    students = validations(book["Students"])
    assert (students["Grade"].type, students["Grade"].formula1, students["Grade"].errorStyle) == (
        "list", "List_Grade", "stop")
    assert students["Products"].type is None and ";" in students["Products"].prompt      # multi: no dropdown
    classes = validations(book["Classes-Groups"])
    assert (classes["Product"].formula1, classes["Product"].errorStyle) == ("List_Product", "warning")
    assert classes["Organization"].formula1 == "List_Organization"
    assert validations(book["Educators"])["Educator Type"].formula1 == "List_EducatorType"


def test_no_inline_list_anywhere(tmp_path):
    book = openpyxl.load_workbook(make(tmp_path, district()))
    for sheet in book.worksheets:
        for dv in sheet.data_validations.dataValidation:
            assert dv.formula1 is None or not dv.formula1.startswith('"')


def test_live_red_cells_cover_ten_thousand_rows(tmp_path):
    book = openpyxl.load_workbook(make(tmp_path, district()))
    sheet = book["Students"]
    rules = {str(rng.sqref): [r.formula[0] for r in rs] for rng, rs in sheet.conditional_formatting._cf_rules.items()}
    assert all(rng.endswith(f"{FIRST_ROW}:{rng[0]}{LAST_ROW}") for rng in rules)
    assert any("COUNTA" in f for f in rules[f"A{FIRST_ROW}:A{LAST_ROW}"])                    # required
    assert any("COUNTIF(List_Grade" in f for f in rules[f"E{FIRST_ROW}:E{LAST_ROW}"])         # not in list
    assert any("SEARCH" in f and "List_Product" in f for f in rules[f"I{FIRST_ROW}:I{LAST_ROW}"])  # multi
    assert any("SUMPRODUCT(--(F$4:F$10003=F4))>1" in f for f in rules[f"F{FIRST_ROW}:F{LAST_ROW}"])  # unique


def test_ids_usernames_passwords_are_text_and_header_is_frozen(tmp_path):
    book = openpyxl.load_workbook(make(tmp_path))
    sheet = book["Students"]
    headers = {c.value: c.column_letter for c in sheet[1]}
    for name in ("Username", "Password", "External Assigned ID", "Alternate ID"):
        assert sheet.column_dimensions[headers[name]].number_format == "@"
    assert sheet.column_dimensions[headers["First Name"]].number_format == "General"
    assert sheet.freeze_panes == "A2"
    required = sheet[f"{headers['External Assigned ID']}1"]
    optional = sheet[f"{headers['Grade']}1"]
    assert required.fill.fgColor.rgb != optional.fill.fgColor.rgb and required.comment.text.startswith("Required")


def test_sample_rows_look_like_samples_and_are_skipped_by_export(tmp_path):
    path = make(tmp_path, entities=("students",))
    book = openpyxl.load_workbook(path)
    sheet = book["Students"]
    assert sheet["A2"].font.i and sheet["A3"].font.i and sheet["A2"].value == "Sample"
    sheet.append(["Ana", "Lopez", "alopez", "tiger42", "3", "S-1", "Lincoln Elementary School"])
    book.save(path)
    result = runner.invoke(app, ["export", str(path), "--out-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 sample rows left out" in result.output
    lines = (tmp_path / "out" / "Students.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["First Name,Last Name,Username,Password,Grade,External Assigned ID,Organizations",
                     "Ana,Lopez,alopez,tiger42,3,S-1,Lincoln Elementary School"]


def test_instructions_first_and_document_properties(tmp_path):
    book = openpyxl.load_workbook(make(tmp_path))
    text = " ".join(str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value)
    assert "semicolon" in text and "send it back" in text and "External Assigned ID" in text
    props = {p.name: p.value for p in book.custom_doc_props.props}
    assert props == {"rosterxl.template": "1", "rosterxl.catalog": CATALOG_VERSION,
                     "rosterxl.entities": "classes,educators,students"}
    assert book["Instructions"].protection.sheet


def test_optional_columns_only_when_asked(tmp_path):
    catalog = builtin_catalog()
    path = write_template(tmp_path / "t.xlsx", catalog, plans_from_choices(catalog, ["students"], ["Grade"]))
    headers = [c.value for c in openpyxl.load_workbook(path)["Students"][1]]
    assert headers == ["First Name", "Last Name", "Username", "Grade", "External Assigned ID", "Organizations"]


def test_from_portal_uses_its_exact_columns_and_samples(tmp_path):
    portal = tmp_path / "Students_template.csv"
    portal.write_text("Student ID,First Name,Last Name,Username,Organizations,Reading Level\r\n"
                      "S-1,Jamie,Example,jexample,Demo School,A\r\nS-2,Sam,Example,sexample,Demo School,B\r\n")
    out = tmp_path / "from-portal.xlsx"
    result = runner.invoke(app, ["template", "--from-portal", str(portal), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["Students"]
    assert [c.value for c in sheet[1]] == ["Student ID", "First Name", "Last Name", "Username", "Organizations",
                                          "Reading Level"]
    assert [c.value for c in sheet[2]][:2] == ["S-1", "Jamie"]
    result = runner.invoke(app, ["check", str(out), "--format", "json"])
    report = json.loads(result.stdout)
    # the samples under the header are left out quietly; the portal's own extra column is not known to the check
    assert result.exit_code == 0 and [i["code"] for i in report["issues"]] == ["sheet.unknown-header"]
    assert report["summary"]["sheets"][0]["sample_rows"] == 2
    book = openpyxl.load_workbook(out)
    book["Students"].append(["S-3", "Ana", "Lopez", "alopez", "Demo School", "C"])
    book.save(out)
    result = runner.invoke(app, ["export", str(out), "--out-dir", str(tmp_path / "out")])
    assert (tmp_path / "out" / "Students.csv").read_text().startswith("Student ID,")   # the portal's own words


def normalised_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    members["docProps/core.xml"] = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"",
                                          members["docProps/core.xml"])
    return members


@pytest.mark.parametrize("name,entities", [
    ("rosterxl-template.xlsx", "classes,educators,students"), ("Classes-Groups.xlsx", "classes"),
    ("Educators.xlsx", "educators"), ("Students.xlsx", "students")])
def test_committed_templates_are_the_generators_current_output(tmp_path, name, entities):
    fresh = tmp_path / name
    result = runner.invoke(app, ["template", "--optional", "all", "--entities", entities, "--out", str(fresh)])
    assert result.exit_code == 0, result.output
    assert normalised_members(fresh) == normalised_members(COMMITTED / name), \
        f"workbook_templates/{name} is out of date: run `make templates` and commit it"
