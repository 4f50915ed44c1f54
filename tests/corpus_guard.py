"""Sheets that reach too far, spelt every way a writer (or an attacker) can spell them, and sheets too large or
damaged that rosterxl does not need (registered in the bad-input corpus; tests/test_sheet_guard.py runs each one
through the commands as real processes, since a sheet that gets past the guard aborts the reader natively).

GUARD says, per case, whether the workbook must be refused with a sentence ("refused") or read as usual, its
Students sheet checked ("read")."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from corpus import HEADER, bad, rezip, school, student, write
from corpus_package import SHEET, VARIANTS, add_workbook_part, school_rows, workbook_elsewhere
from helpers import book

Parts = dict[str, bytes]
FAR = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
NOTES = (b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Notes" '
         b'sheetId="9" r:id="rIdNotes"/>')


def _far(parts: Parts, cell: bytes = FAR) -> None:
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", cell + b"</sheetData>")


def far_in(spelling: str) -> Callable[[Path], Path]:
    """The school's workbook with a value in XFD1048576, then spelt as a valid variant of corpus_package."""
    def make(folder: Path) -> Path:
        path = book(folder / (re.sub(r"\W+", "-", spelling).strip("-") + "-far.xlsx"), {"Students": school_rows()})
        return rezip(path, lambda parts: (_far(parts), VARIANTS[spelling](parts)))
    return make


def second_sheet(parts: Parts, xml: bytes) -> None:
    """A second sheet, Notes, holding this XML."""
    add_workbook_part(parts, "worksheets/notes.xml", "worksheet", "rIdNotes", xml)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", NOTES + b"</sheets>")


def notes_sheet(cells: bytes) -> bytes:
    return (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Budget</t></is></c></row>' + cells
            + b"</sheetData></worksheet>")


def lying_dimension(folder: Path) -> Path:
    """A sheet of over 16 MB whose <dimension> says A1:I3, with a value in XFD1048576 at its end."""
    rows = [HEADER] + [student(Username=f"kid{n}", **{"Student ID": f"{n:07d}"}) for n in range(2)]
    path = school(folder, "lying.xlsx", rows)
    filler = b"".join(b'<row r="%d"><c r="J%d" s="0"/></row>' % (n, n) for n in range(10, 700_000))

    def change(parts: Parts) -> None:
        xml = re.sub(rb"<dimension [^>]*/>", b"", parts[SHEET])
        parts[SHEET] = xml.replace(b"<sheetData>", b'<dimension ref="A1:I3"/><sheetData>').replace(
            b"</sheetData>", filler + FAR + b"</sheetData>")
        assert len(parts[SHEET]) > 16 << 20
    return rezip(path, change)


def damaged_notes(folder: Path) -> Path:
    """A second sheet, Notes, whose compressed bytes are damaged: the Students sheet is still read."""
    path = rezip(school(folder, "damaged-notes.xlsx"),
                 lambda p: second_sheet(p, notes_sheet(b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>'
                                                                % (n, n, n) for n in range(2, 3000)))))
    data = bytearray(path.read_bytes())
    at = data.find(b"xl/worksheets/notes.xml") + 60                  # inside that part's compressed bytes
    data[at:at + 40] = bytes(40)
    return write(path, bytes(data))


GUARD: dict[str, tuple[Callable[[Path], Path], str]] = {
    **{f"a value in XFD1048576, {s}": (far_in(s), "refused") for s in
       ("single-quoted attributes", "cells without r", "x: prefixed SpreadsheetML", "all of them")},
    "a value in XFD1048576, the workbook part at another path": (lambda f: rezip(
        book(f / "elsewhere-far.xlsx", {"Students": school_rows()}), lambda p: (_far(p), workbook_elsewhere(p))),
        "refused"),
    "a value in XFD1048576 after a tab": (lambda f: rezip(school(f, "tab.xlsx"), lambda p: _far(
        p, FAR.replace(b'<c r="XFD', b'<c\tr="XFD'))), "refused"),
    "a value in xfd1048576 (small letters)": (lambda f: rezip(school(f, "lower.xlsx"), lambda p: _far(
        p, FAR.replace(b"XFD", b"xfd"))), "refused"),
    "a reference written as character references": (lambda f: rezip(school(f, "charref.xlsx"), lambda p: _far(
        p, FAR.replace(b'r="XFD', b'r="&#88;&#70;&#68;'))), "refused"),
    "an empty <v> in XFD1048576": (lambda f: rezip(school(f, "emptyv.xlsx"), lambda p: _far(
        p, b'<row r="1048576"><c r="XFD1048576" t="str"><v></v></c></row>')), "refused"),
    "cells without r pushed past column XFC": (lambda f: rezip(school(f, "pushed.xlsx"), lambda p: _far(
        p, b'<row r="1048576"><c r="XFC1048576" s="0"/><c><v>1</v></c></row>')), "refused"),
    "a lying <dimension> on a sheet over 16 MB": (lying_dimension, "refused"),
    # what a sheet can hold without being too large, and sheets rosterxl does not need
    "formatted empty cells to XFD1048576 (gnumeric)": (lambda f: rezip(school(f, "gnumeric.xlsx"), lambda p: _far(
        p, b'<row r="1048576"><c r="XFD1048576" s="0"/></row>')), "read"),
    "a formula without a value in XFD1048576": (lambda f: rezip(school(f, "formula.xlsx"), lambda p: _far(
        p, b'<row r="1048576"><c r="XFD1048576"><f>1+1</f></c></row>')), "read"),
    "a huge <dimension> on a small sheet": (lambda f: rezip(school(f, "bigdim.xlsx"), lambda p: p.__setitem__(
        SHEET, re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', p[SHEET]))), "read"),
    "an unneeded sheet with a value in XFD1048576": (lambda f: rezip(
        school(f, "notes-far.xlsx"), lambda p: second_sheet(p, notes_sheet(FAR))), "read"),
    "an unneeded sheet of gnumeric's formatted cells to XFD1048576": (lambda f: rezip(
        school(f, "notes-gnumeric.xlsx"), lambda p: second_sheet(p, notes_sheet(
            b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'))), "read"),
    "an unneeded sheet that is damaged": (damaged_notes, "read"),
}

for _name, (_make, _) in GUARD.items():
    bad(_name)(_make)
