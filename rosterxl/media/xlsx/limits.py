"""What a workbook may hold before rosterxl reads it: a file of a few kilobytes can describe a sheet of 17
billion cells (one value in A1, one in XFD1048576) or unpack to gigabytes. Checked on the package itself,
before any reader allocates the sheet."""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from rosterxl.core.model import RosterInputError, column_letter
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
