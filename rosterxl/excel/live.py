"""The live workbook as the core needs it, through only the xlwings API every supported engine has:
values in (one read per sheet), values, colours in batches and notes out."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import xlwings as xw

from rosterxl.catalog.catalog import Catalog
from rosterxl.catalog.config import CONFIG_NAME, load_catalog
from rosterxl.model import Table
from rosterxl.reading import table_from_grid
from rosterxl.roundtrip import SNAPSHOT_PREFIX, exported_from_grid
from rosterxl.workbook.layout import is_helper_sheet

MAX_COLOR_CELLS = 10_000        # cells per set_colors call


def caller(book: xw.Book | None) -> xw.Book:
    return book if book is not None else xw.Book.caller()


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


def list_names(book: xw.Book) -> dict[str, xw.Name]:
    """The template's dropdown lists, by list name (List_Grade -> Grade)."""
    return {n.name[len("List_"):]: n for n in book.names if n.name.startswith("List_")}


def config_beside(book: xw.Book) -> Path | None:
    folder = book_folder(book)
    return folder / CONFIG_NAME if folder is not None and (folder / CONFIG_NAME).is_file() else None


def catalog_for(book: xw.Book, config: str | Path | None = None) -> Catalog:
    """The district config beside the workbook (or given); the workbook's own dropdown lists win, since
    they are what the person picks from."""
    catalog = load_catalog(config or config_beside(book))
    lists = dict(catalog.lists)
    for key, name in list_names(book).items():
        if key in lists and key != "ClassGroup":
            values = tuple(str(v) for v in (name.refers_to_range.options(ndim=1).value or []) if v not in (None, ""))
            if values:
                lists[key] = replace(lists[key], values=values, source="workbook")
    return replace(catalog, lists=lists)


def entity_sheets(book: xw.Book) -> Iterator[xw.Sheet]:
    for sheet in book.sheets:
        if not is_helper_sheet(sheet.name):
            yield sheet


def read_tables(book: xw.Book, catalog: Catalog) -> list[Table]:
    tables = []
    for sheet in entity_sheets(book):
        grid = sheet_values(sheet)
        if not grid:
            continue
        entity = catalog.entity_for_name(sheet.name)
        table = table_from_grid(catalog, grid, source=book.name, sheet=sheet.name, entity=entity)
        if table is not None and table.headers:
            snapshot = next((s for s in book.sheets if s.name == f"{SNAPSHOT_PREFIX}{sheet.name}"[:31]), None)
            if snapshot is not None:
                table.exported = exported_from_grid(sheet_values(snapshot), table.entity)
            tables.append(table)
    return tables


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

