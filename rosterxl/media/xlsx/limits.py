"""What a workbook may hold before rosterxl reads it: a file of a few kilobytes can describe a sheet of 17
billion cells (one value in A1, one in XFD1048576) or unpack to gigabytes. Checked on the package itself,
before any reader allocates the sheet; the same pass notes the rows and columns hidden in Excel."""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from rosterxl.core.model import RosterInputError, column_letter
from rosterxl.media.xlsx.package import relationships, workbook_sheets
from rosterxl.media.xlsx.xmlsheet import column_number

MAX_UNPACKED = 2 * 1024 ** 3              # all parts together, unpacked
MAX_CELLS = 25_000_000                    # rows x columns of one sheet's used area (100,000 rows of 250 columns)
CHUNK = 16 << 20
ROW = re.compile(rb'<row r="(\d+)"')                # every writer in use puts r first; others are counted
CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"')
WIDE_CELL = re.compile(rb' r="([A-Z]{2,3})\d')      # a cell past column Z (rows' r holds digits only)
HEAD = 65536                              # the part of a sheet before its cells: dimension, columns
HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*?\bhidden="(?:1|true)"')
HIDDEN_COLUMNS = re.compile(rb'<col\b[^>]*?>')
COL_ATTR = re.compile(rb'\b(min|max|hidden)="([^"]*)"')
DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')


Hidden = tuple[set[int], set[int]]       # a sheet's hidden row numbers and 0-based column indexes


def survey_workbook(path: Path) -> dict[str, Hidden]:
    """One pass over the package before the reader: refuses, with a sentence saying the limit, a workbook too
    large to read safely; returns, by sheet name, the rows and columns hidden in Excel."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                raise RosterInputError(
                    f"{path.name}: the workbook unpacks to {unpacked / 1024 ** 3:.1f} GB, more than the "
                    f"{MAX_UNPACKED // 1024 ** 3} GB rosterxl reads. Save the sheets you need in a new workbook.")
            parts = {part: name for name, _, part in _sheets(z)}
            hidden: dict[str, Hidden] = {}
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    rows, columns, seen = _survey_sheet(z, info)
                    if rows * columns > MAX_CELLS:
                        raise RosterInputError(
                            f"{path.name}: a sheet reaches cell {column_letter(columns - 1)}{rows}, an area of "
                            f"{rows * columns:,} cells, more than the {MAX_CELLS:,} rosterxl reads. Delete the "
                            "rows and columns past your data (select them, right-click, Delete) and save again.")
                    if info.filename in parts:
                        hidden[parts[info.filename]] = seen
            return hidden
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error, ValueError, NotImplementedError):
        return {}                                # the reader says what is wrong with the file itself


def _sheets(z: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    try:
        return workbook_sheets(z.read("xl/workbook.xml"), relationships(z.read("xl/_rels/workbook.xml.rels")))
    except (KeyError, RosterInputError):
        return []


def _survey_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, Hidden]:
    """The last row and column the sheet's cells can reach, and its hidden rows and columns. The <dimension>
    the writer put first says the extent of a large sheet (Excel, LibreOffice, openpyxl and XlsxWriter all
    write it, and a stray value in XFD1048576 shows there); a small sheet, or one without it, is scanned:
    rows from their numbers, columns past Z from two- and three-letter references, every cell reference when
    rows are not all numbered. Hidden columns sit in the head; hidden rows are looked for where the sheet is
    scanned."""
    with z.open(info) as f:
        head = f.read(HEAD)
    hidden_rows: set[int] = set()
    hidden_columns = _hidden_columns(head)
    declared = DIMENSION.search(head)
    if declared and info.file_size > CHUNK:
        return int(declared.group(2)), column_number(declared.group(1)), (hidden_rows, hidden_columns)
    rows, columns = 1, 26
    if declared:
        rows, columns = int(declared.group(2)), max(columns, column_number(declared.group(1)))
    tail = b""
    with z.open(info) as f:
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                break
            data = tail + chunk
            found = ROW.findall(data)
            if found:
                rows = max(rows, max(map(int, found)))
            for letters in set(WIDE_CELL.findall(data)):
                columns = max(columns, column_number(letters))
            if data.count(b"<row ") + data.count(b"<row>") > len(found) + 1:   # rows numbered otherwise, or not
                for letters, number in CELL_REF.findall(data):
                    columns, rows = max(columns, column_number(letters)), max(rows, int(number))
            if b'hidden="' in data:
                hidden_rows.update(int(n) for n in HIDDEN_ROW.findall(data))
            tail = data[-256:]
    return rows, columns, (hidden_rows, hidden_columns)


def _hidden_columns(head: bytes) -> set[int]:
    columns: set[int] = set()
    if b'hidden="' not in head:
        return columns
    head = head[:head.find(b"<sheetData")] if b"<sheetData" in head else head
    for tag in HIDDEN_COLUMNS.findall(head):
        found = dict(COL_ATTR.findall(tag))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"min", b"").isdigit():
            columns.update(range(int(found[b"min"]) - 1, int(found.get(b"max", found[b"min"]))))
    return columns
