"""The live workbook as the core needs it, through only the xlwings API every supported engine has:
values in (one read per sheet), values, colours in batches and notes out."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import xlwings as xw

from rosterxl.core.model import RosterInputError

MAX_COLOR_CELLS = 10_000        # cells per set_colors call


def caller(book: xw.Book | None) -> xw.Book:
    """The workbook a button works on. From the Roster add-in (.xlam), xlwings names the add-in itself as the
    caller: the buttons work on the workbook in front instead."""
    if book is not None:
        return book
    book = xw.Book.caller()
    if not is_remote(book) and book.name.lower().endswith(".xlam"):
        front = book.app.books.active
        if front is None or front.name == book.name:
            raise RosterInputError("excel.no-workbook",
                                   "Open a workbook first: the Roster buttons work on the workbook in front.")
        return front
    return book


def is_remote(book: xw.Book) -> bool:
    """The remote engine (xlwings Lite, xlwings Server): no files, no reading of formats."""
    return type(book.impl).__module__.endswith("_xlremote")


def can_add_notes(book: xw.Book, sheet: xw.Sheet) -> bool:
    if not is_remote(book):
        return True
    return book.api.get("client") == "Office.js" and sheet.api.get("notes_supported", False) is not False \
        and sheet.api.get("notes") is not None


def book_folder(book: xw.Book) -> Path | None:
    """The folder the workbook is saved in, when this machine can see it (desktop Excel)."""
    if is_remote(book):
        return None
    try:
        path = Path(book.fullname)
    except Exception:      # an unsaved workbook, or one in the cloud
        return None
    return path.parent if path.parent.is_dir() else None


def sheet_values(sheet: xw.Sheet) -> list[list[Any]]:
    """The whole used area from A1, in one read."""
    last = sheet.used_range.last_cell
    if last.row == 1 and last.column == 1 and sheet["A1"].value is None:
        return []
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, empty="").value
    return [list(row) for row in values]


AS_TEXT = re.compile(r"^[\s\d.,:/%$+-]*$|^(true|false)$", re.IGNORECASE)


def put_text(sheet: xw.Sheet, cell: str, text: str) -> None:
    """A value written as text: what Excel would turn into a number, a date, TRUE/FALSE or a formula is
    written behind an apostrophe, which Excel keeps out of the value."""
    sheet[cell].value = f"'{text}" if text and (text[0] in "=+-@'" or AS_TEXT.match(text)) else text


def list_names(book: xw.Book) -> dict[str, xw.Name]:
    """The template's dropdown lists, by list name (List_Grade -> Grade)."""
    return {n.name[len("List_"):]: n for n in book.names if n.name.startswith("List_")}


def find_sheet(book: xw.Book, name: str) -> xw.Sheet | None:
    return next((s for s in book.sheets if s.name == name), None)


def own_lists(book: xw.Book) -> dict[str, tuple[str, ...]]:
    """The values of the workbook's own dropdown lists (a template's List_ names), by list name: they are
    what the person picks from, so the check follows them."""
    found = {}
    for key, name in list_names(book).items():
        if key != "ClassGroup":
            values = tuple(str(v) for v in (name.refers_to_range.options(ndim=1).value or []) if v not in (None, ""))
            if values:
                found[key] = values
    return found


class LiveBook:
    """A live workbook as the core reads it (core.tables.SheetSource): sheet names and each sheet's cells."""

    def __init__(self, book: xw.Book):
        self.book = book
        self.name = book.name
        self._names = [s.name for s in book.sheets]

    def sheet_names(self) -> list[str]:
        return list(self._names)

    def grid(self, sheet: str) -> list[list[Any]]:
        return sheet_values(self.book.sheets[sheet])

    def hidden(self, sheet: str) -> tuple[frozenset[int], frozenset[int]]:
        """The rows (numbers) and columns (0-based) hidden in the sheet's used area. Each read asks about a
        whole range, halved only where some of it is hidden: a sheet with nothing hidden costs two calls. The
        remote engine (xlwings Lite, Server) cannot read it: none, and the check of hidden rows stays silent."""
        found = self.book.sheets[sheet]
        last = found.used_range.last_cell
        try:
            rows = hidden_runs(lambda a, b: found.range((a, 1), (b, 1)).rows.hidden, 1, last.row)
            columns = hidden_runs(lambda a, b: found.range((1, a), (1, b)).columns.hidden, 1, last.column)
        except NotImplementedError:
            return frozenset(), frozenset()
        return frozenset(rows), frozenset(c - 1 for c in columns)


def hidden_runs(hidden: Callable[[int, int], bool | None], low: int, high: int) -> list[int]:
    """The numbers from low to high that `hidden` says are hidden: True when all of a span are, False when none
    is, None when some are (xlwings' rows.hidden and columns.hidden)."""
    state = hidden(low, high)
    if state is None and low < high:
        middle = (low + high) // 2
        return hidden_runs(hidden, low, middle) + hidden_runs(hidden, middle + 1, high)
    return list(range(low, high + 1)) if state else []


def color_blocks(cells: dict[tuple[int, int], Any]) -> Iterator[tuple[tuple[int, int], list[list[Any]]]]:
    """Colour matrices covering the given cells ((row, column) -> colour; ... keeps a cell as it is),
    in blocks of at most MAX_COLOR_CELLS cells: the number of calls grows with the area, not the cells."""
    if not cells:
        return
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    top, bottom, left, right = min(rows), max(rows), min(cols), max(cols)
    width = right - left + 1
    step = max(1, MAX_COLOR_CELLS // width)
    for start in range(top, bottom + 1, step):
        end = min(bottom, start + step - 1)
        block = [[cells.get((r, c), ...) for c in range(left, right + 1)] for r in range(start, end + 1)]
        if any(v is not ... for row in block for v in row):
            yield (start, left), block


def paint(sheet: xw.Sheet, cells: dict[tuple[int, int], Any]) -> None:
    for (row, col), block in color_blocks(cells):
        sheet.range((row, col), (row + len(block) - 1, col + len(block[0]) - 1)).set_colors(block)

