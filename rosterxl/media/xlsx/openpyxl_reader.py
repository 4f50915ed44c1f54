"""Reading a workbook with openpyxl where python-calamine cannot be installed (Pyodide, so xlwings Lite, has no
calamine wheel): the same grids calamine gives, so the checks cannot tell the readers apart. Each sheet from A1 to
its last cell with a value, every row as long as the longest; a cell as calamine gives it: text as stored, a number
as a float, a date-formatted number as a date (a datetime where it has a time of day), a time of day as a time, a
duration as a timedelta, TRUE/FALSE as booleans, an error (#DIV/0!) and an empty cell as ''. A formula's value is
the one Excel saved with it."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from functools import lru_cache
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

DAMAGED = (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError, TypeError, ValueError, SyntaxError,
           zlib.error, IndexError, AttributeError)


class OpenpyxlSheet:
    def __init__(self, sheet):
        self._sheet = sheet

    def to_python(self, skip_empty_area: bool = False) -> list[list[Any]]:
        """The sheet's cells from A1 (`skip_empty_area` is calamine's argument; rosterxl always reads from A1)."""
        try:
            return self._cells()
        except DAMAGED as exc:
            raise ValueError(str(exc) or type(exc).__name__) from None

    def _cells(self) -> list[list[Any]]:
        self._sheet.reset_dimensions()            # a writer's <dimension> may be wrong or missing: read what is there
        rows: list[list[Any]] = []                # openpyxl gives every row from 1, each cell in its place
        height = width = 0
        for cells in self._sheet.iter_rows():
            row: list[Any] = []
            last = 0
            for i, cell in enumerate(cells, start=1):
                if cell.value is None and getattr(cell, "data_type", None) != "e":
                    row.append("")                # nothing stored here
                else:                             # a value, also an empty text or an error: part of the sheet
                    row.append(_value(cell))
                    last = i
            del row[last:]
            rows.append(row)
            if last:
                height, width = len(rows), max(width, last)
        del rows[height:]
        return [row + [""] * (width - len(row)) for row in rows]


def _value(cell) -> Any:
    value = cell.value
    if cell.data_type == "e":                          # calamine gives an error cell (#DIV/0!) as empty
        return ""
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):                # a number: what its format makes of it, as calamine decides
        kind = format_kind(cell.number_format)
        if kind == "duration":
            return dt.timedelta(days=value)
        if kind == "date":
            return _date(value, cell.parent.parent.epoch)
        return float(value)
    return str(value)


def _date(serial: float, epoch: dt.datetime) -> dt.date | dt.datetime | dt.time | float:
    """A date-formatted number as calamine gives it: under 1, its time of day (a negative one too); else a date, or
    a datetime where it has a time of day."""
    if serial < 1:
        return from_excel(serial % 1, epoch) if serial % 1 else dt.time(0)
    try:
        found = from_excel(serial, epoch)
    except (OverflowError, ValueError):                # past the year 9999: calamine gives the number
        return float(serial)
    return found.date() if found.time() == dt.time(0) else found


@lru_cache(maxsize=512)
def format_kind(code: str) -> str:
    """'date', 'duration' ([h]:mm, [ss]...) or '' for a number format, decided as calamine decides: by its first
    section, outside quotes, escapes and brackets (a colour, a condition, a locale)."""
    escaped = quoted = after_a = in_elapsed = False
    depth, before = 0, " "
    for ch in code or "":
        if escaped:
            escaped = False                            # a literal character
        elif ch in "_\\*":
            escaped = True                             # the next character is a literal (a width, an escape, a fill)
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return ""
        elif ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 1 and in_elapsed:
                return "duration"
            depth = max(0, depth - 1)
        elif depth == 0 and not after_a and ch in "aA":
            after_a = True                             # AM/PM or A/P
        elif depth == 0 and after_a and ch in "pmPM/":
            return "date"
        elif depth == 0 and not after_a and ch in "dmhysDMHYS":
            return "date"
        elif not (in_elapsed and ch.lower() == before.lower()):
            in_elapsed = before == "[" and ch in "hmsHMS"
        before = ch
    return ""


TEXT = re.compile(rb"<((?:[\w.-]+:)?t)((?:\s[^>]*)?)>([^<]*)</\1>")     # a text element, not <t/> or CDATA
XML_SPACE = b" \t\r\n"


def _trim(m: re.Match) -> bytes:
    if b"preserve" in m.group(2) or m.group(3).strip(XML_SPACE) == m.group(3):
        return m.group(0)
    return b"<%s%s>%s</%s>" % (m.group(1), m.group(2), m.group(3).strip(XML_SPACE), m.group(1))


def texts_trimmed(data: bytes) -> bytes:
    """The package with each text's spaces at either end taken away where its element does not say to keep them
    (xml:space="preserve"), as calamine reads it: Excel writes the attribute wherever they count. Unchanged (the
    same bytes) when no text needs it, as for every workbook Excel, LibreOffice or openpyxl writes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [n for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml")
                     and ("sharedStrings" in n or "/worksheets/" in n)]
            changed = {}
            for name in names:
                part = z.read(name)
                trimmed = TEXT.sub(_trim, part) if b"<" in part else part
                if trimmed != part:
                    changed[name] = trimmed
            if not changed:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
                for info in z.infolist():
                    new.writestr(info, changed.get(info.filename) or z.read(info.filename))
            return out.getvalue()
    except DAMAGED:
        return data                                # openpyxl says what is wrong with it


class OpenpyxlWorkbook:
    """What rosterxl's reader uses of calamine's CalamineWorkbook, through openpyxl's reader."""

    def __init__(self, book):
        self._book = book
        self.sheet_names = [ws.title for ws in book.worksheets]

    @classmethod
    def from_path(cls, path: str) -> OpenpyxlWorkbook:
        with open(path, "rb") as f:                # read whole: no file is held open while the sheets are read
            data = f.read()
        try:
            book = load_workbook(io.BytesIO(texts_trimmed(data)), read_only=True, data_only=True, keep_links=False)
        except DAMAGED as exc:
            raise ValueError(str(exc) or type(exc).__name__) from None
        book._date_formats, book._timedelta_formats = set(), set()   # numbers come as stored: format_kind decides
        return cls(book)

    def get_sheet_by_name(self, name: str) -> OpenpyxlSheet:
        if name not in self.sheet_names:
            raise ValueError(f"no sheet named {name}")
        return OpenpyxlSheet(self._book[name])
