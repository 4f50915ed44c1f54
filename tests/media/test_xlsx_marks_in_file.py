"""check --mark and clear: marks on the cells, an Issues sheet, and nothing else in the workbook changed."""
from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from typer.testing import CliRunner

from rosterxl.cli import app

runner = CliRunner()
X14_DV = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
          'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" '
          'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" '
          'allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>Grades!$A$1:$A$14</xm:f>'
          '</x14:formula1><xm:sqref>E2:E100</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>')
VBA = b"\xd0\xcf\x11\xe0 a VBA project as Excel stores it" + bytes(range(256))
YELLOW = PatternFill("solid", fgColor="FFFF00")


def school_workbook(path: Path, vba: bool = False) -> Path:
    """A school's workbook with everything a person may have in it, as Excel writes it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Students"
    bad = list(GOOD_STUDENT)
    bad[4], bad[2], bad[5] = "Kindergarden", "alopez", "S-0002"   # bad grade; username duplicates row 2
    rows = [STUDENT_HEADER, GOOD_STUDENT, bad, [*GOOD_STUDENT[:2], "bjones", "pw", "4", "S-9", *GOOD_STUDENT[6:]]]
    for row in rows:
        sheet.append(row)
    sheet["E3"].fill = YELLOW                              # the person's own fill on a bad cell
    sheet["E3"].font = Font(bold=True)
    sheet["E3"].comment = Comment("Ask the office about this grade", "Ms. Rivera")   # their own note
    sheet["A2"].comment = Comment("New this year", "Ms. Rivera")                     # a note on a good cell
    sheet["B2"].fill = YELLOW
    sheet.column_dimensions["A"].width = 31
    sheet.freeze_panes = "A2"
    dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    dv.add("M2:M100")
    sheet.add_data_validation(dv)
    sheet.conditional_formatting.add("F2:F100", CellIsRule(operator="equal", formula=['"S-9"'], fill=YELLOW))
    grades = book.create_sheet("Grades")
    for g in ["PK", "K", *map(str, range(1, 13))]:
        grades.append([g])
    grades.sheet_state = "hidden"
    book.defined_names["GradeList"] = DefinedName("GradeList", attr_text="Grades!$A$1:$A$14")
    book.save(path)
    with zipfile.ZipFile(path) as z:                      # Excel's extension form of a cross-sheet validation
        parts = {n: z.read(n) for n in z.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace("</worksheet>", X14_DV + "</worksheet>").encode()
    if vba:
        parts["xl/vbaProject.bin"] = VBA
        types = parts["[Content_Types].xml"].decode().replace(
            "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        parts["[Content_Types].xml"] = types.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
            "</Relationships>", '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
            'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
        parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def look(path: Path) -> dict:
    """What a person sees: every sheet's state, values, fills, fonts and notes; widths, panes, names."""
    book = openpyxl.load_workbook(path)
    seen = {"names": {n: d.attr_text for n, d in book.defined_names.items()}}
    for sheet in book.worksheets:
        cells = {c.coordinate: (c.value, c.fill.fgColor.rgb, c.font.b, c.comment.text if c.comment else None,
                                c.comment.author if c.comment else None)
                 for row in sheet.iter_rows() for c in row
                 if c.value is not None or c.comment or c.fill.fill_type}
        seen[sheet.title] = (sheet.sheet_state, cells, sheet.freeze_panes,
                             {k: d.width for k, d in sheet.column_dimensions.items()},
                             [str(d.sqref) for d in sheet.data_validations.dataValidation],
                             [str(r.sqref) for r in sheet.conditional_formatting])
    return seen


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_bad_cells_get_a_fill_and_one_note_and_the_issues_sheet_links_to_them(tmp_path):
    path = school_workbook(tmp_path / "school.xlsx")
    result = runner.invoke(app, ["check", str(path), "--mark"])
    assert result.exit_code == 1, result.output
    marked = tmp_path / "school.checked.xlsx"
    book = openpyxl.load_workbook(marked)
    sheet = book["Students"]
    assert sheet["E3"].fill.fgColor.rgb == "FFFFC7CE" and sheet["E3"].font.b      # their bold font stays
    assert "not a grade" in sheet["E3"].comment.text and "Suggested: K" in sheet["E3"].comment.text
    note = sheet["C3"].comment.text                           # two issues share one note
    assert note.count("•") == 1 and "also used in row 2" in note
    assert sheet["D4"].fill.fgColor.rgb == "FFFFC7CE"          # password too short
    assert sheet["A2"].comment.text == "New this year"         # a note on a good cell is left alone
    issues = book["Issues"]
    rows = list(issues.iter_rows(values_only=True))
    assert rows[0][0].startswith("rosterxl found")
    assert ("Students", 4, 0) in [r[:3] for r in rows]
    header = [r[:6] for r in rows].index(("Sheet", "Cell", "Column", "Severity", "What is wrong", "Suggested fix"))
    first = issues.cell(row=header + 2, column=2)
    assert first.hyperlink.location == f"'Students'!{first.value}"
    assert issues.auto_filter.ref.startswith(f"A{header + 1}:G")
    assert book["rosterxl-marks"].sheet_state == "veryHidden"


def test_warnings_get_a_softer_fill(tmp_path):
    path = school_workbook(tmp_path / "school.xlsx")
    book = openpyxl.load_workbook(path)
    book["Students"]["B4"] = "Lopez "                             # stray space: a warning
    book.save(path)
    runner.invoke(app, ["check", str(path), "--mark"])
    sheet = openpyxl.load_workbook(tmp_path / "school.checked.xlsx")["Students"]
    assert sheet["B4"].fill.fgColor.rgb == "FFFFEB9C" and sheet["B4"].comment.author == "rosterxl"


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_nothing_else_changes_and_clear_gives_back_the_original(tmp_path, suffix):
    path = school_workbook(tmp_path / f"school{suffix}", vba=suffix == ".xlsm")
    original = look(path)
    before = parts(path)
    runner.invoke(app, ["check", str(path), "--mark"])
    marked = tmp_path / f"school.checked{suffix}"
    after = parts(marked)
    untouched = [n for n in before if n not in {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml",
                                                "[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                                                "xl/worksheets/_rels/sheet1.xml.rels",
                                                "xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml"}]
    assert all(after[n] == before[n] for n in untouched)                 # the VBA project among them
    assert X14_DV.encode() in after["xl/worksheets/sheet1.xml"]           # the extension openpyxl drops
    without_styles = re.compile(rb' s="\d+"')
    for element in (rb"<cols>.*?</cols>", rb"<sheetViews>.*?</sheetViews>",
                    rb"<conditionalFormatting.*?</conditionalFormatting>", rb"<dataValidations.*?</dataValidations>"):
        assert re.search(element, before["xl/worksheets/sheet1.xml"], re.S).group(0) == \
            re.search(element, after["xl/worksheets/sheet1.xml"], re.S).group(0)
    marked_look = look(marked)
    for sheet in ("Students", "Grades"):
        values = lambda seen: {k: v[0] for k, v in seen[sheet][1].items()}  # noqa: E731
        assert values(marked_look) == values(original)                      # checking never changes a value
        assert marked_look[sheet][0] == original[sheet][0] and marked_look[sheet][2:] == original[sheet][2:]
    assert marked_look["names"] == original["names"]
    assert without_styles.sub(b"", after["xl/worksheets/sheet2.xml"]) == without_styles.sub(
        b"", before["xl/worksheets/sheet2.xml"])
    result = runner.invoke(app, ["clear", str(marked)])
    assert result.exit_code == 0 and "Cleared the marks of" in result.output
    assert look(marked) == original
    assert parts(marked).get("xl/vbaProject.bin") == before.get("xl/vbaProject.bin")


def test_checking_twice_gives_the_workbook_checking_once_gives(tmp_path):
    path = school_workbook(tmp_path / "school.xlsx")
    runner.invoke(app, ["check", str(path), "--mark", "--out", str(tmp_path / "once.xlsx")])
    runner.invoke(app, ["check", str(tmp_path / "once.xlsx"), "--mark", "--out", str(tmp_path / "twice.xlsx")])
    assert look(tmp_path / "once.xlsx") == look(tmp_path / "twice.xlsx")
    once, twice = parts(tmp_path / "once.xlsx"), parts(tmp_path / "twice.xlsx")
    assert set(once) == set(twice) and once["xl/styles.xml"] == twice["xl/styles.xml"]


def test_in_place_keeps_a_backup(tmp_path):
    path = school_workbook(tmp_path / "school.xlsx")
    original = path.read_bytes()
    result = runner.invoke(app, ["check", str(path), "--in-place"])
    assert result.exit_code == 1
    assert (tmp_path / "school.before-rosterxl.xlsx").read_bytes() == original
    assert "Issues" in openpyxl.load_workbook(path).sheetnames


def test_a_workbook_open_in_excel_or_read_only_is_left_alone(tmp_path):
    path = school_workbook(tmp_path / "school.xlsx")
    original = path.read_bytes()
    lock = tmp_path / "~$school.xlsx"
    lock.write_bytes(b"owner")
    result = runner.invoke(app, ["check", str(path), "--in-place"])
    assert result.exit_code == 2 and "open in Excel" in " ".join(result.output.split())
    lock.unlink()
    path.chmod(stat.S_IRUSR)
    for args in (["check", str(path), "--in-place"], ["clear", str(path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "read-only" in " ".join(result.output.split())
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.xlsx"]


@pytest.mark.parametrize("content,words", [(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "password-protected"),
                                           (b"PK\x03\x04 broken", "damaged")])
def test_protected_or_corrupt_workbooks_get_a_clear_error(tmp_path, content, words):
    path = tmp_path / "school.xlsx"
    path.write_bytes(content)
    for args in (["check", str(path), "--mark"], ["clear", str(path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and words in result.output
    assert path.read_bytes() == content


def test_clear_on_a_workbook_without_marks(tmp_path):
    path = school_workbook(tmp_path / "school.xlsx")
    original = path.read_bytes()
    result = runner.invoke(app, ["clear", str(path)])
    assert result.exit_code == 0 and "nothing to clear" in result.output
    assert path.read_bytes() == original


def test_a_sheet_kept_spliced_marks_and_clears_as_a_joined_one(tmp_path, monkeypatch):
    """A large sheet is kept as it was read and its edits (package.Spliced), written piece by piece: every part
    rosterxl writes is the same as when the sheet is joined, and clear gives back each part byte for byte."""
    from rosterxl.media.xlsx import package

    path = school_workbook(tmp_path / "school.xlsx")
    before = parts(path)
    runner.invoke(app, ["check", str(path), "--mark", "--out", str(tmp_path / "joined.xlsx")])
    monkeypatch.setattr(package, "BLOCK", 1)           # every part counts as large: each sheet kept spliced
    runner.invoke(app, ["check", str(path), "--mark", "--out", str(tmp_path / "spliced.xlsx")])
    joined, spliced = parts(tmp_path / "joined.xlsx"), parts(tmp_path / "spliced.xlsx")
    assert spliced == joined and spliced["xl/worksheets/sheet1.xml"] != before["xl/worksheets/sheet1.xml"]
    assert (tmp_path / "spliced.xlsx").read_bytes() == (tmp_path / "joined.xlsx").read_bytes()
    assert runner.invoke(app, ["clear", str(tmp_path / "spliced.xlsx")]).exit_code == 0
    assert parts(tmp_path / "spliced.xlsx") == before


def test_spliced_edits_and_their_undo_are_splices():
    from rosterxl.media.xlsx.package import Spliced, _spliced, splice

    data = bytes(range(256)) * 8192                    # 2 MB: kept spliced
    first = [(10, 12, b"AB"), (5000, 5000, b"new"), (70_000, 70_100, b"")]
    kept, undo = _spliced(data, first)
    joined, joined_undo = splice(data, first)
    assert isinstance(kept, Spliced) and bytes(kept) == joined and undo == joined_undo and len(kept) == len(joined)
    later = [(len(joined) - 10, len(joined) - 10, b"<tail/>")]
    again, undo2 = _spliced(kept, later)
    assert isinstance(again, Spliced) and (bytes(again), undo2) == splice(joined, later)
    touching = [(11, 13, b"x")]                        # in bytes the first edits wrote: joined, then spliced
    third, undo3 = _spliced(again, touching)
    assert (bytes(third), undo3) == splice(bytes(again), touching)
    assert splice(splice(bytes(third), undo3)[0], undo2)[0] == joined
    assert b"".join(kept.blocks(1000)) == joined
