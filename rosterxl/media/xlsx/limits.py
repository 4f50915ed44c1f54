"""What a workbook may hold before rosterxl reads it: a file of a few kilobytes can describe a sheet of 17
billion cells (one value in A1, one in XFD1048576) or unpack to gigabytes. Checked on the package itself,
before any reader allocates the sheet."""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from rosterxl.core.model import RosterInputError, column_letter
from rosterxl.media.xlsx.package import MAIN, REL, WorkbookXml, attrs
from rosterxl.media.xlsx.xmlsheet import column_number

MAX_UNPACKED = 2 * 1024 ** 3              # all parts together, unpacked
MAX_CELLS = 25_000_000                    # rows x columns of one sheet's used area (100,000 rows of 250 columns)
CHUNK = 16 << 20
ROW = re.compile(rb'<row r="(\d+)"')                # every writer in use puts r first; others are counted
CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"')
WIDE_CELL = re.compile(rb' r="([A-Z]{2,3})\d')      # a cell past column Z (rows' r holds digits only)
DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')


def check_workbook_limits(path: Path) -> None:
    """Refuses, with a sentence saying the limit, a workbook too large to read safely."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                raise RosterInputError(
                    f"{path.name}: the workbook unpacks to {unpacked / 1024 ** 3:.1f} GB, more than the "
                    f"{MAX_UNPACKED // 1024 ** 3} GB rosterxl reads. Save the sheets you need in a new workbook.")
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    rows, columns = _extent(z, info)
                    if rows * columns > MAX_CELLS:
                        raise RosterInputError(
                            f"{path.name}: a sheet reaches cell {column_letter(columns - 1)}{rows}, an area of "
                            f"{rows * columns:,} cells, more than the {MAX_CELLS:,} rosterxl reads. Delete the "
                            "rows and columns past your data (select them, right-click, Delete) and save again.")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError, NotImplementedError):
        return                                   # the reader says what is wrong with the file itself


def _extent(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """The last row and column the sheet's cells can reach. The <dimension> the writer put first says it for
    a large sheet (Excel, LibreOffice, openpyxl and XlsxWriter all write it, and a stray value in XFD1048576
    shows there); a small sheet, or one without it, is scanned: rows from their numbers, columns past Z from
    two- and three-letter references, every cell reference when rows are not all numbered."""
    with z.open(info) as f:
        head = f.read(4096)
    declared = DIMENSION.search(head)
    if declared and info.file_size > CHUNK:
        return int(declared.group(2)), column_number(declared.group(1))
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
            tail = data[-256:]
    return rows, columns


HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*?\bhidden="(?:1|true)"')
HIDDEN_COLUMNS = re.compile(rb'<col\b[^>]*?>')
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
COL_ATTR = re.compile(rb'\b(min|max|hidden)="([^"]*)"')


def hidden_rows_and_columns(path: Path, sheet: str) -> tuple[set[int], set[int]]:
    """Rows and columns hidden in Excel on one sheet. Hidden columns sit in the sheet's head; hidden rows are
    looked for in sheets up to 16 MB unpacked (some 30,000 rows), where the scan costs little."""
    rows: set[int] = set()
    columns: set[int] = set()
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_part(z, sheet)
            if part is None:
                return rows, columns
            info = z.getinfo(part)
            with z.open(info) as f:
                data = f.read(CHUNK if info.file_size <= CHUNK else 65536)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, RosterInputError):
        return rows, columns
    if b'hidden="' not in data:
        return rows, columns
    head = data[:data.find(b"<sheetData")] if b"<sheetData" in data else data
    for tag in HIDDEN_COLUMNS.findall(head):
        found = {k: v for k, v in COL_ATTR.findall(tag)}
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"min", b"").isdigit():
            columns.update(range(int(found[b"min"]) - 1, int(found.get(b"max", found[b"min"]))))
    if info.file_size <= CHUNK:
        rows = {int(n) for n in HIDDEN_ROW.findall(data)}
    return rows, columns


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str | None:
    """The package part holding the sheet of this name."""
    book = WorkbookXml(z.read("xl/workbook.xml"))
    targets = {a.get(b"Id", b"").decode(): a.get(b"Target", b"").decode()
               for a in map(attrs, RELATIONSHIP.findall(z.read("xl/_rels/workbook.xml.rels")))}
    for element in book.root.iter(f"{{{MAIN}}}sheet"):
        if element.get("name") == sheet:
            target = targets.get(element.get(f"{{{REL}}}id", ""), "")
            return target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None
