"""Valid workbooks spelt as other writers spell them (registered in the bad-input corpus, and marked, fixed and
cleared by tests/media/test_xlsx_any_package.py): no Default content type for .rels parts (LibreOffice up to 6,
Apache POI), attributes in single quotes and odd whitespace, cells and rows without r, SpreadsheetML under an
x: prefix (Tencent Docs), no styles part, empty cells written <c r='B5' s='0'/>, shared strings or none (inline
strings, as openpyxl and POI's streaming writer write them).

Every variant holds the same school: an error on E3, warnings that fix settles on E4 and I4 (I4 after an
empty cell that is not written), an empty required cell B5."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import GOOD_STUDENT, STUDENT_HEADER
from corpus import bad, rezip
from helpers import book

Parts = dict[str, bytes]
SHEET = "xl/worksheets/sheet1.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def school_rows() -> list[list]:
    wrong_grade = list(GOOD_STUDENT)
    wrong_grade[2], wrong_grade[4], wrong_grade[5], wrong_grade[7] = "blee", "Kindergarden", "S-0002", None
    fixable = list(GOOD_STUDENT)
    fixable[2], fixable[4], fixable[5], fixable[7], fixable[8] = "cruiz", "Grade 7", "S-0003", None, "imagine reading"
    no_last_name = list(GOOD_STUDENT)
    no_last_name[1], no_last_name[2], no_last_name[5] = None, "dkim", "S-0004"
    return [STUDENT_HEADER, list(GOOD_STUDENT), wrong_grade, fixable, no_last_name]


MARKED = {"E3", "E4", "I4", "B5"}                    # what check --mark marks
FIXED = {"E4": "7", "I4": "Imagine Reading"}          # what fix writes
LEFT = {"E3", "B5"}                                   # what fix leaves marked


def no_rels_default(parts: Parts) -> None:
    """Each .rels part declared by its own Override, no Default for the extension (LibreOffice up to 6)."""
    types = re.sub(rb'<Default Extension="rels"[^>]*/>', b"", parts["[Content_Types].xml"])
    overrides = b"".join(b'<Override PartName="/%s" ContentType="application/vnd.openxmlformats-package.'
                         b'relationships+xml"/>' % n.encode() for n in parts if n.endswith(".rels"))
    parts["[Content_Types].xml"] = types.replace(b"</Types>", overrides + b"</Types>")


def _single(xml: bytes) -> bytes:
    return re.sub(rb'(\s[\w:]+)="([^"\']*)"', rb"\1='\2'", xml)


def single_quotes(parts: Parts) -> None:
    """Every attribute of every part in single quotes, cells' attributes apart by tabs and new lines."""
    for name in parts:
        if name.endswith((".xml", ".rels")):
            parts[name] = _single(parts[name])
    parts[SHEET] = re.sub(rb"<c ([^>]*)>", lambda m: b"<c\t" + m.group(1).replace(b" ", b"\n  ") + b" >", parts[SHEET])


def cells_without_r(parts: Parts) -> None:
    """Cells without their r (each is the one after the cell before), as SheetJS and some exporters write
    them; the cells after an unwritten one keep theirs, or they would move."""
    def row(m: re.Match[bytes]) -> bytes:
        previous, out = 0, []
        for cell in re.finditer(rb'<c r="([A-Z]+)(\d+)"((?:[^>/]|/(?!>))*)(/>|>.*?</c>)', m.group(2)):
            column = cell.group(1)[-1] - 64
            keep = b' r="%s%s"' % (cell.group(1), cell.group(2)) if column != previous + 1 else b""
            out.append(b"<c" + keep + cell.group(3) + cell.group(4))
            previous = column
        return m.group(1) + b"".join(out) + b"</row>"
    parts[SHEET] = re.sub(rb"(<row\b[^>]*>)(.*?)</row>", row, parts[SHEET], flags=re.S)


def rows_without_r(parts: Parts) -> None:
    """Rows without their r, and their cells without theirs where they follow on."""
    cells_without_r(parts)
    parts[SHEET] = re.sub(rb'<row r="\d+"', b"<row", parts[SHEET])


def _prefixed(xml: bytes) -> bytes:
    xml = re.sub(rb"<(/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)", rb"<\1x:\2", xml)
    return re.sub(rb"""xmlns=(["'])""" + MAIN, rb"xmlns:x=\1" + MAIN, xml)


def x_prefix(parts: Parts) -> None:
    """SpreadsheetML under the prefix x: in the workbook, sheet, styles and shared strings (Tencent Docs)."""
    for name in ("xl/workbook.xml", SHEET, "xl/styles.xml", "xl/sharedStrings.xml"):
        if name in parts:
            parts[name] = _prefixed(parts[name])


def no_styles(parts: Parts) -> None:
    """No styles part at all, which the standard allows: every cell in the default style."""
    del parts["xl/styles.xml"]
    parts["xl/_rels/workbook.xml.rels"] = re.sub(rb'<Relationship [^>]*styles.xml"[^>]*/>', b"",
                                                 parts["xl/_rels/workbook.xml.rels"])
    parts["[Content_Types].xml"] = re.sub(rb'<Override PartName="/xl/styles.xml"[^>]*/>', b"",
                                          parts["[Content_Types].xml"])
    parts[SHEET] = re.sub(rb' s="\d+"', b"", parts[SHEET])


def empty_cells(parts: Parts) -> None:
    """Empty cells written where nothing is, self-closed in single quotes (as LibreOffice and gnumeric write
    formatted empty cells): on B5, the empty required cell, and on H3 and H4, before I4."""
    parts[SHEET] = _single(parts[SHEET])
    style = b" s='0'" if "xl/styles.xml" in parts else b""
    for ref, before in (("H3", b"<c r='I3'"), ("H4", b"<c r='I4'"), ("B5", b"<c r='C5'")):
        assert before in parts[SHEET], before
        parts[SHEET] = parts[SHEET].replace(before, b"<c r='%s'%s/>" % (ref.encode(), style) + before, 1)


def shared_strings(parts: Parts) -> None:
    """Texts in a shared strings part, as Excel writes them (the openpyxl here writes inline strings and no
    shared strings part, which is the other case)."""
    strings: list[bytes] = []

    def shared(m: re.Match[bytes]) -> bytes:
        strings.append(m.group(3))
        return m.group(1) + b' t="s"' + m.group(2) + b"><v>%d</v></c>" % (len(strings) - 1)
    parts[SHEET] = re.sub(rb'(<c\b[^>]*?) t="inlineStr"([^>]*)><is>(.*?)</is></c>', shared, parts[SHEET])
    count = len(strings)
    add_workbook_part(parts, "sharedStrings.xml", "sharedStrings", "rIdSst", (
        b'<sst xmlns="%s" count="%d" uniqueCount="%d">' % (MAIN, count, count)
        + b"".join(b"<si>%s</si>" % t for t in strings) + b"</sst>"))


def add_workbook_part(parts: Parts, target: str, kind: str, rid: str, xml: bytes) -> None:
    """A part beside the workbook part (xl/TARGET), related to it and with its content type declared."""
    parts[f"xl/{target}"] = xml
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/%s" Target="%s"/></Relationships>' % (rid.encode(), kind.encode(), target.encode()))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/%s" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.%s+xml"/></Types>' % (target.encode(), kind.encode()))


def workbook_elsewhere(parts: Parts) -> None:
    """The workbook part at another path, as the package's relationships say (SheetJS's test files have one
    under wtf/): everything under xl/ moved to book/."""
    for name in [n for n in parts if n.startswith("xl/")]:
        parts["book/" + name[3:]] = parts.pop(name)
    for name in [n for n in parts if n.endswith(".rels") or n == "[Content_Types].xml"]:
        parts[name] = parts[name].replace(b'"/xl/', b'"/book/').replace(b'"xl/', b'"book/')


VARIANTS: dict[str, Callable[[Parts], None]] = {
    "no .rels Default": no_rels_default,
    "single-quoted attributes": single_quotes,
    "cells without r": cells_without_r,
    "rows and cells without r": rows_without_r,
    "x: prefixed SpreadsheetML": x_prefix,
    "no styles part": no_styles,
    "empty self-closing cells": empty_cells,
    "as openpyxl writes it: inline strings, no shared strings part": lambda parts: None,
    "shared strings": shared_strings,
    "all of them": lambda parts: [change(parts) for change in (shared_strings, no_rels_default, cells_without_r,
                                                               no_styles, empty_cells, x_prefix)] and None,
}


def variant(folder: Path, name: str) -> Path:
    """The school's workbook as openpyxl writes it, then spelt as the variant says."""
    path = book(folder / (re.sub(r"\W+", "-", name).strip("-") + ".xlsx"), {"Students": school_rows()})
    return rezip(path, VARIANTS[name])


for _name in VARIANTS:
    bad(f"a valid workbook: {_name}")(lambda f, name=_name: variant(f, name))
bad("a valid workbook: the workbook part at another path")(
    lambda f: rezip(book(f / "elsewhere.xlsx", {"Students": school_rows()}), workbook_elsewhere))
