"""Every kind of file rosterxl writes opens in Excel without the "We found a problem with some content"
repair: each XML part parses, and Microsoft's Open XML SDK validator finds nothing (but the font order
openpyxl writes on every file). The edge cases are the ones that broke files before: a workbook with no
defined names, a data bar, a sheet the person named ISSUES, a control character in a cell, a comment thread,
and the ways each writer in use (Excel, LibreOffice, openpyxl with and without lxml, XlsxWriter) declares
the XML prefixes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import GOOD_STUDENT, STUDENT_HEADER
from helpers import book, export_rows, runner, write_export
from lxml import etree
from ooxml import not_xml, sdk_errors, validator

from rosterxl import write_demo_workbook, write_template
from rosterxl.cli import app
from rosterxl.media.xlsx.package import WorkbookXml

SDK = validator()
BAD = list(GOOD_STUDENT)
BAD[4] = "Kindergarden"                    # a grade the portal does not know: an error on E3
ROWS = [STUDENT_HEADER, GOOD_STUDENT, BAD]


def cli(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output


def mark(path: Path) -> Path:
    out = path.with_name(path.stem + ".marked.xlsx")
    cli("check", str(path), "--mark", "--out", str(out))
    return out


def assert_opens(path: Path) -> None:
    assert not not_xml(path), not_xml(path)
    if SDK is not None:
        errors = sdk_errors(path, SDK)
        assert not errors, "\n".join(errors)


def test_the_sdk_validator_is_here():
    """Says once that the SDK checks were skipped; CI, which installs the validator, fails without it."""
    if SDK is None:
        message = "the Open XML SDK validator is not installed (make validator): only XML well-formedness checked"
        if os.environ.get("ROSTERXL_REQUIRE_VALIDATOR"):
            pytest.fail(message)
        pytest.skip(message)
    assert sdk_errors(Path(__file__).with_name("missing.xlsx"), SDK) != []    # it does report, at all


# ---- the files, one maker per kind ----------------------------------------------------------------------

def template_with_every_column(tmp: Path) -> Path:
    write_template(tmp / "template.xlsx", optional=["all"])
    return tmp / "template.xlsx"


def demo_marked(tmp: Path) -> Path:
    return mark(write_demo_workbook(tmp / "demo.xlsx"))


def demo_cleared(tmp: Path) -> Path:
    marked = demo_marked(tmp)
    cli("clear", str(marked), "--out", str(tmp / "cleared.xlsx"))
    return tmp / "cleared.xlsx"


def data_bar_marked(tmp: Path) -> Path:
    path = xlsxwriter_book(tmp / "bars.xlsx", ROWS, data_bar=True)
    return mark(path)


def sheet_named_issues_marked(tmp: Path) -> Path:
    path = book(tmp / "issues.xlsx", {"Students": ROWS, "ISSUES": [["my own list"]],
                                      "Issues (rosterxl)": [["another"]]})
    return mark(path)


def control_character_marked(tmp: Path) -> Path:
    bad = list(GOOD_STUDENT)
    bad[0] = "Ana\x07"                                     # a bell pasted from another program
    bad[1] = "Lopez_x0041_"                                # text that looks like Excel's escape, kept literal
    return mark(xlsxwriter_book(tmp / "control.xlsx", [STUDENT_HEADER, bad, BAD]))


def long_note_marked(tmp: Path) -> Path:
    """A person's note whose XML is longer than a cell can hold, on a cell rosterxl marks: the record of it
    continues over several cells."""
    from openpyxl.comments import Comment
    path = book(tmp / "long.xlsx", {"Students": ROWS})
    wb = openpyxl.load_workbook(path)
    wb["Students"]["E3"].comment = Comment("Grades & classes: " + "K & 1 " * 7000, "Ms. Rivera")
    wb.save(path)
    marked = mark(path)
    cli("clear", str(marked), "--out", str(tmp / "long.cleared.xlsx"))
    assert openpyxl.load_workbook(tmp / "long.cleared.xlsx")["Students"]["E3"].comment.text.endswith("K & 1 ")
    return marked


def thread_marked(tmp: Path) -> Path:
    return mark(with_thread(book(tmp / "thread.xlsx", {"Students": ROWS}), "E3"))


def open_export_workbook(tmp: Path) -> Path:
    csv_file = write_export(tmp / "Students-export.csv", export_rows(30))
    cli("open-export", str(csv_file), "--out", str(tmp / "export.xlsx"))
    return tmp / "export.xlsx"


def from_sis_merged(tmp: Path) -> Path:
    files = Path(__file__).parents[1] / "sis" / "files"
    cli("from-sis", str(files / "clever"), "--out", str(tmp / "merged.xlsx"), "--config", str(files / "rosterxl.toml"),
        *(a for p in sorted((files / "portal").glob("*.csv")) for a in ("--export", str(p))))
    return tmp / "merged.xlsx"


def addin_xlsm(tmp: Path) -> Path:
    cli("addin", "--out", str(tmp / "Roster.xlsm"))
    return tmp / "Roster.xlsm"


def addin_xlam(tmp: Path) -> Path:
    cli("addin", "--out", str(tmp / "Roster.xlam"))
    return tmp / "Roster.xlam"


def district_fixed(tmp: Path) -> Path:
    book = shutil.copy(Path(__file__).parents[1] / "district" / "files" / "cedar-template.xlsx", tmp / "cedar.xlsx")
    cli("fix", str(book))
    return tmp / "cedar.fixed.xlsx"


def school_workbook(tmp: Path) -> Path:
    from schools_district import write_district

    district, config = write_district(tmp)
    cli("schools", str(district), "--out-dir", str(tmp / "schools"), "--config", str(config))
    return tmp / "schools" / "Cedar Ridge Elementary.xlsx"


def school_workbook_from_exports(tmp: Path) -> Path:
    files = Path(__file__).parents[1] / "sis" / "files"
    cli("schools", *map(str, sorted((files / "portal").glob("*.csv"))), "--out-dir", str(tmp / "schools"),
        "--config", str(files / "rosterxl.toml"))
    return tmp / "schools" / "Elm Street Elementary.xlsx"


KINDS = [template_with_every_column, demo_marked, demo_cleared, data_bar_marked, sheet_named_issues_marked,
         control_character_marked, long_note_marked, thread_marked, open_export_workbook, from_sis_merged, addin_xlsm,
         addin_xlam, district_fixed, school_workbook, school_workbook_from_exports]


@pytest.mark.parametrize("make", KINDS, ids=[k.__name__ for k in KINDS])
def test_excel_opens_every_kind_of_file_we_write(make, tmp_path):
    assert_opens(make(tmp_path))


# ---- the writers' prefix layouts ------------------------------------------------------------------------

def xlsxwriter_book(path: Path, rows: list[list], data_bar: bool = False) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Students")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    if data_bar:
        sheet.write_number(1, 12, 5)
        sheet.write_number(2, 12, 9)
        sheet.conditional_format("M2:M3", {"type": "data_bar", "bar_solid": True})     # Excel 2010's form
    workbook.close()
    return path


def openpyxl_without_lxml(path: Path, rows: list[list]) -> Path:
    code = ("import openpyxl, sys, json; wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Students'\n"
            "for row in json.loads(sys.argv[2]): ws.append(row)\nwb.save(sys.argv[1])")
    import json
    subprocess.run([sys.executable, "-c", code, str(path), json.dumps(rows)], check=True,
                   env={**os.environ, "OPENPYXL_LXML": "False"})
    return path


EXCEL_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2" '
    'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    'xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
    'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" '
    'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2">'
    '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="28127"/>'
    '<workbookPr defaultThemeVersion="166925"/>'
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\office\\Documents\\" '
    'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>'
    '<xr:revisionPtr revIDLastSave="0" documentId="8_{5A2F6E43-3B36-4F5B-9E59-6C6C0D5B7A11}" '
    'xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}"/>'
    '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840" '
    'xr2:uid="{00000000-000D-0000-FFFF-FFFF00000000}"/></bookViews>'
    '<sheets><sheet name="Students" sheetId="1" r:id="{rid}"/></sheets><calcPr calcId="191029"/>'
    '<extLst><ext uri="{{140A7094-0E35-4892-8432-C4D2E57EDEB5}}" '
    'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
    '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>')


def excel_layout(path: Path, rows: list[list]) -> Path:
    """openpyxl's cells under a workbook part as Excel 365 writes it (prefixes on the root, mc:Ignorable, an
    AlternateContent before the views, an extension list last)."""
    book(path, {"Students": rows})
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rid = re.search(rb'<sheet\b[^>]*?:id="([^"]+)"', parts["xl/workbook.xml"]).group(1).decode()
    parts["xl/workbook.xml"] = EXCEL_WORKBOOK.replace("{rid}", rid).replace("{{", "{").replace("}}", "}").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def libreoffice_layout(path: Path, rows: list[list]) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed here (.ci/run installs it)")
    source = book(path.with_name("source.xlsx"), {"Students": rows})
    profile = path.parent / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(path.parent / "lo"), str(source)],
                   check=True, capture_output=True, timeout=180)
    shutil.move(path.parent / "lo" / "source.xlsx", path)
    return path


WRITERS = {
    "openpyxl with lxml": lambda path, rows: book(path, {"Students": rows}),
    "openpyxl without lxml": openpyxl_without_lxml,
    "XlsxWriter": xlsxwriter_book,
    "Excel": excel_layout,
    "LibreOffice": libreoffice_layout,
}


@pytest.mark.parametrize("writer", WRITERS)
def test_marking_holds_for_each_writers_prefix_layout(writer, tmp_path):
    path = WRITERS[writer](tmp_path / "school.xlsx", ROWS)
    marked = mark(path)
    assert_opens(marked)
    wb = openpyxl.load_workbook(marked)
    assert wb.sheetnames[:2] == ["Students", "Issues"]
    assert wb["Students"]["E3"].comment is not None
    assert wb["Issues"].auto_filter.ref                                    # the filter and its local name
    with zipfile.ZipFile(marked) as z:
        names = etree.fromstring(z.read("xl/workbook.xml")).iter("{*}definedName")
        assert [(n.get("name"), n.get("localSheetId")) for n in names] == [("_xlnm._FilterDatabase", "1")]
    cli("clear", str(marked), "--out", str(tmp_path / "cleared.xlsx"))
    assert_opens(tmp_path / "cleared.xlsx")
    assert openpyxl.load_workbook(tmp_path / "cleared.xlsx").sheetnames == ["Students"]
    messy = list(GOOD_STUDENT)
    messy[2], messy[4], messy[5] = "messy", "Grade 7", "S-9"
    path = WRITERS[writer](tmp_path / "messy.xlsx", [*ROWS, messy])
    cli("fix", str(path), "--out", str(tmp_path / "fixed.xlsx"))                # a value written into the cells
    assert_opens(tmp_path / "fixed.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "fixed.xlsx")["Students"]
    assert [sheet[f"E{r}"].value for r in (2, 3, 4)] == [GOOD_STUDENT[4], "Kindergarden", "7"]


# ---- the single findings ---------------------------------------------------------------------------------

def test_the_filter_name_goes_after_external_references():
    part = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="A" sheetId="1" r:id="rId1"/></sheets><externalReferences><externalReference r:id="rId9"/>'
            b'</externalReferences><calcPr calcId="191029"/></workbook>')
    book_xml = WorkbookXml(part)
    book_xml.child("definedNames")
    order = [etree.QName(e).localname for e in book_xml.root]
    assert order == ["sheets", "externalReferences", "definedNames", "calcPr"]


def test_one_defined_names_element_when_the_workbook_had_an_empty_one(tmp_path):
    marked = demo_marked(tmp_path)
    with zipfile.ZipFile(marked) as z:
        assert z.read("xl/workbook.xml").count(b"<definedNames") == 1


def test_a_control_character_is_written_as_excel_writes_it(tmp_path):
    marked = control_character_marked(tmp_path)
    with zipfile.ZipFile(marked) as z:
        parts = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    assert b"\x07" not in parts
    wb = openpyxl.load_workbook(marked)
    issues = [c.value for row in wb["Issues"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("A2" == v for v in issues)


def test_a_comment_thread_keeps_its_note_and_gets_the_fill_and_the_issue(tmp_path):
    path = with_thread(book(tmp_path / "thread.xlsx", {"Students": ROWS}), "E3")
    before = comment_xml(path, "E3")
    marked = mark(path)
    assert comment_xml(marked, "E3") == before                         # the thread's placeholder, untouched
    wb = openpyxl.load_workbook(marked)
    assert wb["Students"]["E3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "E3" in [c.value for c in wb["Issues"]["B"]]
    cli("clear", str(marked), "--out", str(tmp_path / "cleared.xlsx"))
    assert comment_xml(tmp_path / "cleared.xlsx", "E3") == before


def comment_xml(path: Path, cell: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        found = [re.search(rb'<comment ref="%s".*?</comment>' % cell.encode(), z.read(n), re.S)
                 for n in z.namelist() if n.startswith("xl/comments")]
    return b"".join(m.group(0) for m in found if m)


THREADS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
PERSON = "{5C6B2D0E-1D5B-4E4C-9A0D-2B4D7F0C9E11}"
THREAD = "{0B7A8E3C-6A9D-4C1E-8F52-3D6E9A1B2C44}"


def with_thread(path: Path, cell: str) -> Path:
    """The workbook with an Excel 365 comment thread on the cell: the thread, its person, and the classic
    note Excel writes in its place for older versions."""
    wb = openpyxl.load_workbook(path)
    from openpyxl.comments import Comment
    wb["Students"][cell].comment = Comment(
        "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, any edits "
        "to it will get removed if the file is opened in a newer version of Excel. Learn more: "
        "https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    Is this the right grade?", f"tc={THREAD}")
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/threadedComments/threadedComment1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments xmlns="{THREADS}" '
        f'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><threadedComment ref="{cell}" '
        f'dT="2026-09-01T10:00:00.00" personId="{PERSON}" id="{THREAD}"><text>Is this the right grade?</text>'
        f'</threadedComment></ThreadedComments>').encode()
    parts["xl/persons/person.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList xmlns="{THREADS}" '
        f'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><person displayName="Ms. Rivera" '
        f'id="{PERSON}" userId="rivera@school.example" providerId="None"/></personList>').encode()
    sheet_rels = "xl/worksheets/_rels/sheet1.xml.rels"
    parts[sheet_rels] = parts[sheet_rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdThread" Type="http://schemas.microsoft.com/office/2017/10/'
        b'relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>')
    book_rels = "xl/_rels/workbook.xml.rels"
    parts[book_rels] = parts[book_rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdPerson" Type="http://schemas.microsoft.com/office/2017/10/'
        b'relationships/person" Target="persons/person.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/threadedComments/threadedComment1.xml" '
        b'ContentType="application/vnd.ms-excel.threadedcomments+xml"/><Override PartName="/xl/persons/person.xml" '
        b'ContentType="application/vnd.ms-excel.person+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path
