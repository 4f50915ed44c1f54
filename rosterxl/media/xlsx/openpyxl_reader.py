"""Reading a workbook with openpyxl where python-calamine cannot be installed (Pyodide, so xlwings Lite, has no
calamine wheel): the same grids calamine gives, so the checks cannot tell the readers apart. Each sheet from A1 to
its last cell with a value, every row as long as the longest; a cell as calamine gives it: text as stored, a number
as a float, a date-formatted number as a date (a datetime where it has a time of day), a time of day as a time, a
duration as a timedelta, TRUE/FALSE as booleans, an error (#DIV/0!) and an empty cell as ''. A formula's value is
the one Excel saved with it."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from typing import Any

from openpyxl import load_workbook
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
        rows: list[list[Any]] = []
        width = 0
        for cells in self._sheet.iter_rows():
            row: list[Any] = []
            for cell in cells:
                if getattr(cell, "column", None) is None:    # an EmptyCell padding a row: nothing stored
                    row.append("")
                    continue
                row.extend([""] * (cell.column - 1 - len(row)))
                row.append(_value(cell))
            while row and row[-1] == "":
                row.pop()
            number = cells[0].row if cells and getattr(cells[0], "row", None) else len(rows) + 1
            rows.extend([] for _ in range(number - 1 - len(rows)))
            rows.append(row)
            width = max(width, len(row))
        while rows and not rows[-1]:
            rows.pop()
        return [row + [""] * (width - len(row)) for row in rows]


def _value(cell) -> Any:
    value = cell.value
    if value is None or cell.data_type == "e":         # calamine gives an error cell (#DIV/0!) as empty
        return ""
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, dt.datetime):                 # calamine: a date where the time of day is midnight
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


class OpenpyxlWorkbook:
    """What rosterxl's reader uses of calamine's CalamineWorkbook, through openpyxl's reader."""

    def __init__(self, book):
        self._book = book
        self.sheet_names = [ws.title for ws in book.worksheets]

    @classmethod
    def from_path(cls, path: str) -> OpenpyxlWorkbook:
        with open(path, "rb") as f:                # read whole: no file is held open while the sheets are read
            data = io.BytesIO(f.read())
        try:
            return cls(load_workbook(data, read_only=True, data_only=True, keep_links=False))
        except DAMAGED as exc:
            raise ValueError(str(exc) or type(exc).__name__) from None

    def get_sheet_by_name(self, name: str) -> OpenpyxlSheet:
        if name not in self.sheet_names:
            raise ValueError(f"no sheet named {name}")
        return OpenpyxlSheet(self._book[name])
