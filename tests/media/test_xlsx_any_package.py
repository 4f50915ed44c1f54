"""Marks, fixes and clearing in any valid package, however its writer spelt it (tests/corpus_package.py): the
marks and fixes on exactly the right cells, a result Microsoft's Open XML SDK validator passes, and clear giving
back every part byte for byte. Then the same on real workbooks of other writers (tests/media/files/field/)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from corpus import rezip
from corpus_package import FIXED, LEFT, MARKED, SHEET, VARIANTS, school_rows, variant, workbook_elsewhere
from helpers import book, runner
from hypothesis import given
from hypothesis import strategies as st
from ooxml import sdk_errors, validator
from python_calamine import CalamineWorkbook

from rosterxl.cli import app
from rosterxl.core.marks import COLOURS, MarkPlan, plan_marks
from rosterxl.core.model import Issue, Severity, column_letter
from rosterxl.media.xlsx.marks_in_file import clear_workbook, mark_workbook
from rosterxl.media.xlsx.package import splice

SDK = validator()
FIELD = Path(__file__).parent / "files" / "field"
RED = "FFC7CE"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def assert_valid(path: Path) -> None:
    if SDK is not None:
        errors = sdk_errors(path, SDK)
        assert not errors, "\n".join(errors)


def cli(*args: str) -> int:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code


def marked_cells(path: Path, sheet: str = "Students") -> dict[str, str]:
    """Each cell with a mark's fill, and its note."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.comment.text if c.comment else "" for row in ws.iter_rows() for c in row
            if c.fill.fill_type == "solid" and str(c.fill.fgColor.rgb).upper()[-6:] in COLOURS.values()}


def values(path: Path, sheet: str = "Students") -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}


@pytest.mark.parametrize("name", VARIANTS)
def test_check_mark_fix_and_clear_in_a_valid_package_of_any_spelling(name, tmp_path):
    source = variant(tmp_path, name)
    assert_valid(source)                                          # the input is valid: so must every result be
    original, before = parts(source), values(source)
    assert before == {f"{column_letter(c)}{r}": v for r, row in enumerate(school_rows(), 1)
                      for c, v in enumerate(row) if v not in (None, "")}     # the variant holds the same school

    assert cli("check", str(source), "--mark", "--out", str(tmp_path / "marked.xlsx")) == 1
    marked = tmp_path / "marked.xlsx"
    assert_valid(marked)
    notes = marked_cells(marked)
    assert set(notes) == MARKED
    assert all(note.startswith("rosterxl") for note in notes.values()), notes
    assert values(marked) == before                               # checking never changes a value

    cli("clear", str(marked), "--out", str(tmp_path / "cleared.xlsx"))
    assert parts(tmp_path / "cleared.xlsx") == original           # every part as it was, byte for byte

    cli("fix", str(source), "--out", str(tmp_path / "fixed.xlsx"))
    fixed = tmp_path / "fixed.xlsx"
    assert_valid(fixed)
    assert values(fixed) == {**before, **FIXED}
    assert set(marked_cells(fixed)) == LEFT

    cli("clear", str(fixed), "--out", str(tmp_path / "fixed-cleared.xlsx"))
    after_fix = parts(tmp_path / "fixed-cleared.xlsx")
    # the sheet keeps the fixed values (that is what fix is for); every other part is as it was
    assert {n for n in original | after_fix if original.get(n) != after_fix.get(n)} == {SHEET}
    assert values(tmp_path / "fixed-cleared.xlsx") == {**before, **FIXED}
    assert marked_cells(tmp_path / "fixed-cleared.xlsx") == {}


def test_marking_twice_then_clearing_gives_back_the_workbook(tmp_path):
    source = variant(tmp_path, "all of them")
    cli("check", str(source), "--mark", "--out", str(tmp_path / "once.xlsx"))
    cli("check", str(tmp_path / "once.xlsx"), "--mark", "--in-place")
    cli("clear", str(tmp_path / "once.xlsx"), "--out", str(tmp_path / "cleared.xlsx"))
    assert parts(tmp_path / "cleared.xlsx") == parts(source)


def test_a_workbook_saved_elsewhere_since_the_marks_is_cleared_by_what_the_marks_mean(tmp_path):
    """When a part is no longer as rosterxl left it, nothing is given back by bytes: the marks are undone one by
    one, and the person's change is kept."""
    source = variant(tmp_path, "single-quoted attributes")
    cli("check", str(source), "--mark", "--out", str(tmp_path / "marked.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    book["Students"]["A2"] = "Anna"                                # edited (and the whole file rewritten)
    book.save(tmp_path / "edited.xlsx")
    cli("clear", str(tmp_path / "edited.xlsx"), "--out", str(tmp_path / "cleared.xlsx"))
    assert marked_cells(tmp_path / "cleared.xlsx") == {}
    assert values(tmp_path / "cleared.xlsx")["A2"] == "Anna"
    assert openpyxl.load_workbook(tmp_path / "cleared.xlsx").sheetnames == ["Students"]


def test_a_workbook_part_at_another_path_is_marked_fixed_and_cleared(tmp_path):
    """openpyxl cannot open such a package (SheetJS's wtf_path.xlsx is one): the cells are read back with
    calamine, the reader rosterxl uses."""
    source = rezip(book(tmp_path / "elsewhere.xlsx", {"Students": school_rows()}), workbook_elsewhere)
    assert "book/workbook.xml" in parts(source)
    assert_valid(source)
    assert cli("check", str(source), "--mark", "--out", str(tmp_path / "marked.xlsx")) == 1
    assert_valid(tmp_path / "marked.xlsx")
    marked = CalamineWorkbook.from_path(str(tmp_path / "marked.xlsx"))
    assert marked.sheet_names == ["Students", "Issues", "rosterxl-marks"]
    issues = {row[1] for row in marked.get_sheet_by_name("Issues").to_python() if len(row) > 1}
    assert MARKED <= issues
    cli("clear", str(tmp_path / "marked.xlsx"), "--out", str(tmp_path / "cleared.xlsx"))
    assert parts(tmp_path / "cleared.xlsx") == parts(source)
    cli("fix", str(source), "--out", str(tmp_path / "fixed.xlsx"))
    assert_valid(tmp_path / "fixed.xlsx")
    grid = CalamineWorkbook.from_path(str(tmp_path / "fixed.xlsx")).get_sheet_by_name("Students").to_python()
    assert (grid[3][4], grid[3][8]) == (FIXED["E4"], FIXED["I4"])


# ---- real workbooks of other writers ----------------------------------------------------------------------

FIELD_FILES = sorted(FIELD.glob("package-*.xls[xm]"))


@pytest.mark.parametrize("path", FIELD_FILES, ids=[p.name for p in FIELD_FILES])
def test_real_workbooks_of_other_writers_are_marked_fixed_and_cleared(path, tmp_path):
    """A mark on written cells, on empty ones and past the last row, a value written into a cell and into a new
    row, on the first sheet of each workbook; the Issues sheet and the record as in any marking."""
    book = CalamineWorkbook.from_path(str(path))
    sheet = book.sheet_names[0]
    grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    full = [(r, c) for r, row in enumerate(grid, 1) for c, v in enumerate(row, 1) if v not in ("", None)]
    empty = [(r, c) for r, row in enumerate(grid, 1) for c, v in enumerate(row, 1) if v in ("", None)]
    targets = [*full[:3], *empty[:2], (len(grid) + 2, 3)]
    issues = [Issue("students", sheet, r, "X", f"{column_letter(c - 1)}{r}", "test", Severity.ERROR, "wrong here")
              for r, c in targets]
    texts = {sheet: {full[0]: "Fixed one", (len(grid) + 3, 2): "Fixed two"}}
    plan = MarkPlan(plan_marks(issues), issues, [sheet], [])
    valid = SDK is None or not sdk_errors(path, SDK)

    mark_workbook(path, tmp_path / "marked.xlsx", plan)
    if valid:
        assert_valid(tmp_path / "marked.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "marked.xlsx")[sheet]
    merged = {cell for ranges in ws.merged_cells.ranges for cell in ranges.cells} - {
        (r.min_row, r.min_col) for r in ws.merged_cells.ranges}
    for r, c in targets:
        if (r, c) not in merged:                                   # a merged cell's fill is its first cell's
            assert str(ws.cell(r, c).fill.fgColor.rgb).endswith(RED) and ws.cell(r, c).comment is not None
    clear_workbook(tmp_path / "marked.xlsx", tmp_path / "cleared.xlsx")
    assert parts(tmp_path / "cleared.xlsx") == parts(path)

    mark_workbook(path, tmp_path / "fixed.xlsx", plan, texts)
    if valid:
        assert_valid(tmp_path / "fixed.xlsx")
    after = CalamineWorkbook.from_path(str(tmp_path / "fixed.xlsx")).get_sheet_by_name(sheet).to_python()
    assert after[full[0][0] - 1][full[0][1] - 1] == "Fixed one"
    assert after[len(grid) + 2][1] == "Fixed two"
    expected = [list(row) + [""] * (len(after[0]) - len(row)) for row in grid]
    expected[full[0][0] - 1][full[0][1] - 1] = "Fixed one"
    assert [list(row) for row in after[:len(grid)]] == expected    # every other value as it was


@given(st.binary(max_size=200), st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20), st.binary(max_size=30)),
                                          max_size=8))
def test_a_splice_is_undone_byte_for_byte(data, raw):
    """Edits in order of position that do not overlap (insertions among them): their undo gives back the data."""
    edits, position = [], 0
    for gap, length, new in raw:
        start = min(position + gap, len(data))
        position = min(start + length, len(data))
        edits.append((start, position, new))
    changed, undo = splice(data, edits)
    assert splice(changed, undo)[0] == data


def raw_entries(path: Path) -> dict[str, bytes]:
    """Each part's bytes as they are compressed in the file."""
    found = {}
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        for info in z.infolist():
            f.seek(info.header_offset + 26)
            skip = int.from_bytes(f.read(2), "little") + int.from_bytes(f.read(2), "little")
            f.seek(skip, 1)
            found[info.filename] = f.read(info.compress_size)
    return found


@pytest.mark.parametrize("path", FIELD_FILES[:3], ids=[p.name for p in FIELD_FILES[:3]])
def test_the_parts_marking_does_not_change_are_copied_as_they_were_compressed(path, tmp_path):
    """Every part the marks leave alone keeps the very bytes its writer compressed; the others are written anew
    and read back whole (zip's own check of each part's CRC)."""
    sheet = CalamineWorkbook.from_path(str(path)).sheet_names[0]
    issues = [Issue("students", sheet, 1, "X", "A1", "test", Severity.ERROR, "wrong here")]
    mark_workbook(path, tmp_path / "marked.xlsx", MarkPlan(plan_marks(issues), issues, [sheet], []))
    before, after = parts(path), parts(tmp_path / "marked.xlsx")
    untouched = [name for name in before if after.get(name) == before[name]]
    assert untouched
    raw_before, raw_after = raw_entries(path), raw_entries(tmp_path / "marked.xlsx")
    assert {n: raw_after[n] for n in untouched} == {n: raw_before[n] for n in untouched}
    with zipfile.ZipFile(tmp_path / "marked.xlsx") as z:
        assert z.testzip() is None



@pytest.mark.parametrize("spelling", ['<row r="{}">', "<row r='{}'>", '<row  r="{}" spans="1:3">', "<row>"])
def test_marked_rows_are_found_among_rows_of_any_spelling(spelling):
    """Rows reached by their tag, or walked to when a row is written another way (or with no r at all): each
    target cell restyled, new cells and rows made in their place, every other cell as it was, rows in order."""
    from lxml import etree

    from rosterxl.media.xlsx.xmlsheet import restyle

    numbers = [1, 2, 4, 5, 6, 9]
    rows = b"".join((spelling.format(n) if n in (5, 6) else f'<row r="{n}">').encode()
                    + b'<c r="B%d" s="2"><v>1</v></c></row>' % n for n in numbers)
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s'
           b"</sheetData></worksheet>" % rows)
    targets = [(2, 2), (3, 1), (5, 2), (6, 3), (7, 2), (9, 2), (12, 1)]
    new, old = restyle(xml, {t: (lambda s: 7) for t in targets})
    assert old == {(2, 2): 2, (3, 1): 0, (5, 2): 2, (6, 3): 0, (7, 2): 0, (9, 2): 2, (12, 1): 0}
    styles, order, number = {}, [], 0
    for row in etree.fromstring(new).iter("{*}row"):
        number = int(row.get("r")) if row.get("r") else number + 1
        order.append(number)
        for c in row.iter("{*}c"):
            styles[(number, ord(c.get("r")[0]) - 64)] = c.get("s")
    assert order == sorted(set(order)) == [1, 2, 3, 4, 5, 6, 7, 9, 12]
    assert styles == {**{(n, 2): "2" for n in numbers}, **{t: "7" for t in targets}}
