"""What a workbook may hold before rosterxl reads it: a file of a few kilobytes can describe a sheet of 17
billion cells (one value in A1, one in XFD1048576) or unpack to gigabytes. Checked on the package itself, sheet by
sheet, before any reader allocates a sheet; the same pass notes the rows and columns hidden in Excel.

A sheet's extent is found from its cells, never from the <dimension> its writer put first (it may be wrong). The
quick way vouches for the XML every common writer produces (each cell `<c r="A1"...>`, unprefixed, double-quoted);
for anything else, or a sheet that seems to reach too far, the sheet is read with a real XML parser (sheet_walk),
which places cells as python-calamine does and counts only cells holding a value. A sheet too large or too damaged
to read is marked, not refused: only a sheet rosterxl needs stops the workbook (tables_from_book decides)."""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from rosterxl.core.model import RosterInputError, column_letter
from rosterxl.media.xlsx.package import Package, relationships, resolve, workbook_in, workbook_sheets
from rosterxl.media.xlsx.sheet_walk import ExpatError, SheetWalk, head_grid
from rosterxl.media.xlsx.xmlsheet import column_number

MAX_UNPACKED = 2 * 1024 ** 3              # all parts together, unpacked
MAX_CELLS = 25_000_000                    # rows x columns of one sheet's used area (100,000 rows of 250 columns)
CHUNK = 16 << 20
KEPT = 32 << 20                           # the sheets kept unpacked for the reader, all together (each under CHUNK)
HEAD = 65536                              # the part of a sheet before its cells: dimension, columns
HEAD_ROWS = 10                            # as many rows as the core looks at for a header row
SHORT_ROWS = 99_999                       # the most rows a sheet can have when no cell has a 6- or 7-digit row
# the quick way: cells as every common writer spells them, <c r="A1" ...>
PREFIXED = re.compile(rb":(?:c|row)[\s/>]")                      # a prefixed cell or row (or text that looks so)
# a cell to look at: spelt otherwise than <c r="A1", or past column Z, or in a row from 100,000 on (one pass: the
# cells of columns A-Z in rows under 100,000, nearly all of them, are passed over in C)
LOOK_AT = re.compile(rb'<c(?![^ \t\n\r>/]| r="[A-Z][1-9]\d{0,4}")')
ANY_HIDDEN = re.compile(rb'hidden="')
PLAIN_REF = re.compile(rb'([A-Z]{1,3})([1-9]\d{0,6})"')
ANY_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')                     # every cell's row, for a wide sheet
HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*?\bhidden="(?:1|true)"')
HIDDEN_COLUMNS = re.compile(rb'<col\b[^>]*?>')
COL_ATTR = re.compile(rb'\b(min|max|hidden)="([^"]*)"')
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ExpatError, NotImplementedError, ValueError,
               KeyError, RuntimeError)

Hidden = tuple[set[int], set[int]]       # a sheet's hidden row numbers and 0-based column indexes


@dataclass
class SheetSurvey:
    """One sheet as the survey found it: its hidden rows and columns, and why it cannot be read (None when it
    can), with a way to read its first rows all the same."""
    hidden: Hidden = field(default_factory=lambda: (set(), set()))
    problem: str | None = None
    _head: Any = None                    # () -> the first rows' grid, or None when they cannot be read either

    def head(self) -> list[list[Any]] | None:
        return self._head() if self._head else None


@dataclass
class WorkbookSurvey:
    """The survey of a workbook: each sheet's, by name, and the sheet parts it unpacked whole and vouched for, by
    part name, for the reader to be given as they are instead of unpacking them again."""
    sheets: dict[str, SheetSurvey] = field(default_factory=dict)
    unpacked: dict[str, bytes] = field(default_factory=dict)


def survey_workbook(path: Path) -> WorkbookSurvey:
    """One pass over the package before the reader: refuses, with a sentence saying the limit, a workbook that
    unpacks too large; gives, by sheet name, each sheet's hidden rows and columns and, for a sheet that reaches
    too far or is damaged, the sentence that says so."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                raise RosterInputError(
                    "file.too-large",
                    f"{path.name}: the workbook unpacks to {unpacked / 1024 ** 3:.1f} GB, more than the "
                    f"{MAX_UNPACKED // 1024 ** 3} GB rosterxl reads. Save the sheets you need in a new workbook.",
                    file=path.name)
            members = {i.filename: i for i in infos}
            sheets, strings = _sheets(z)
            survey = WorkbookSurvey()
            if sheets is None:                          # the sheets cannot be told apart: every sheet part counts
                for info in infos:
                    if "worksheets/" in info.filename and info.filename.endswith(".xml"):
                        problem = _survey(path, z, info, "", survey).problem
                        if problem:
                            raise RosterInputError("workbook.sheet-unreadable", problem, file=path.name)
                survey.unpacked.clear()                 # the reader finds the sheets its own way: it unpacks them
                return survey
            for name, part in sheets:
                if part in members:
                    survey.sheets[name] = _survey(path, z, members[part], name, survey, strings)
            readable = [part for name, part in sheets if name in survey.sheets and not survey.sheets[name].problem]
            if any(part not in survey.unpacked for part in readable):
                survey.unpacked.clear()        # a large sheet was read in pieces: the reader reads the file as it is
            return survey
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError, NotImplementedError):
        return WorkbookSurvey()                  # the reader says what is wrong with the file itself


def _sheets(z: zipfile.ZipFile) -> tuple[list[tuple[str, str]] | None, str]:
    """(sheet name, part) in workbook order and the shared strings' part; None when the workbook part or its
    relationships cannot be read."""
    try:
        workbook = workbook_in(z)
        rels = relationships(z.read(Package.rels_name(workbook)))
        found = workbook_sheets(z.read(workbook), rels, workbook)
    except (KeyError, RosterInputError, ValueError, zlib.error, zipfile.BadZipFile, EOFError):
        return None, ""
    strings = next((resolve(workbook, r.target) for r in rels if r.type.endswith("/sharedStrings")),
                   resolve(workbook, "sharedStrings.xml"))
    return [(name, part) for name, _, part in found], strings


def _survey(path: Path, z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, survey: WorkbookSurvey,
            strings: str = "") -> SheetSurvey:
    """One sheet: how far its cells reach, and its hidden rows and columns. A sheet that can be read, unpacked
    whole here, is kept in `survey.unpacked`."""
    sheet = f"the sheet '{name}'" if name else "a sheet"

    def head() -> list[list[Any]] | None:            # read when asked, from the file again
        try:
            with zipfile.ZipFile(path) as again:
                return head_grid(again, info.filename, strings, HEAD_ROWS)
        except READ_ERRORS:
            return None

    kept = sum(map(len, survey.unpacked.values()))
    try:
        rows, columns, hidden, xml = _extent(z, info, whole=info.file_size <= min(CHUNK, KEPT - kept))
    except READ_ERRORS:
        return SheetSurvey(problem=f"{path.name}: {sheet} is damaged and cannot be read. Open the workbook in "
                                   "Excel, let Excel repair it, and save it again.", _head=head)
    if rows * columns > MAX_CELLS:
        return SheetSurvey(hidden, (
            f"{path.name}: {sheet} reaches cell {column_letter(columns - 1)}{rows}, an area of {rows * columns:,} "
            f"cells, more than the {MAX_CELLS:,} rosterxl reads. Delete the rows and columns past your data "
            "(select them, right-click, Delete) and save again."), head)
    if xml is not None:
        survey.unpacked[info.filename] = xml
    return SheetSurvey(hidden)


def _extent(z: zipfile.ZipFile, info: zipfile.ZipInfo, whole: bool = False
            ) -> tuple[int, int, Hidden, bytes | None]:
    """The last row and column the sheet's values reach, and its hidden rows and columns: the quick way where it
    can vouch for the sheet and the sheet is within the limit, else the XML parser's. `whole`: the part is
    unpacked in one piece (checked against its CRC as any read to the end is) and given back, else None."""
    xml = z.read(info) if whole else None

    def segments() -> Iterator[bytes]:
        if xml is not None:
            yield xml
            return
        with z.open(info) as f:
            yield from _segments(f)

    quick = _quick_extent(segments())
    if quick is not None:
        rows, columns, hidden, short = quick
        if short and rows * columns > MAX_CELLS:       # a wide sheet: its exact last row
            rows = max((max(map(int, ANY_ROW.findall(s)), default=0) for s in segments()), default=0)
        if rows * columns <= MAX_CELLS:
            return rows, columns, hidden, xml
    with io.BytesIO(xml) if xml is not None else z.open(info) as f:
        walk = SheetWalk().read(f)
    return walk.rows, walk.columns, (walk.hidden_rows, walk.hidden_columns), xml


def _segments(stream: BinaryIO) -> Iterator[bytes]:
    """The part in pieces of about CHUNK bytes, each cut after a '>' so that no tag is split."""
    rest = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            if rest:
                yield rest
            return
        data = rest + chunk
        cut = data.rfind(b">") + 1
        if cut == 0:
            rest = data
            continue
        rest = data[cut:]
        yield data[:cut]


def _quick_extent(segments: Iterable[bytes]) -> tuple[int, int, Hidden, bool] | None:
    """An upper bound of the sheet's extent (every cell counted, with a value or not), its hidden rows and
    columns, and whether the last row is only known to be short (under 100,000); None when the cells are not
    all spelt `<c r="A1"`, so that only the XML parser can place them. Only the cells past column Z or in rows
    from 100,000 on are looked at one by one."""
    rows = columns = 0
    short = False
    hidden_rows: set[int] = set()
    hidden_columns: set[int] | None = None
    for segment in segments:
        if hidden_columns is None:
            hidden_columns = _hidden_columns(segment[:HEAD])
        if PREFIXED.search(segment):
            return None
        for m in LOOK_AT.finditer(segment):
            ref = PLAIN_REF.match(segment, m.end() + 4) if segment.startswith(b' r="', m.end()) else None
            if ref is None:
                return None                  # a cell spelt otherwise, a reference in small letters, with entities...
            columns, rows = max(columns, column_number(ref.group(1))), max(rows, int(ref.group(2)))
        if b'<c r="' not in segment:
            continue
        columns, short = max(columns, 26), True
        if ANY_HIDDEN.search(segment):
            hidden_rows.update(int(n) for n in HIDDEN_ROW.findall(segment))
    if rows >= 100_000:
        short = False
    elif short:
        rows = SHORT_ROWS
    return rows, columns, (hidden_rows, hidden_columns or set()), short


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
