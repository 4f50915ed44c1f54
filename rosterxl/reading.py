"""From a grid of cells (a sheet or a CSV file) to a Table: find the header row, map it, keep row numbers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rosterxl.catalog.catalog import Catalog
from rosterxl.catalog.columns import Entity
from rosterxl.catalog.headers import guess_entity, map_headers
from rosterxl.model import Row, Table

HEADER_SEARCH_ROWS = 10
TEXT_ONLY = {str}


def cell_text(value: Any) -> str:
    """A cell as the person sees it in General format, and as it will go into the CSV."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _texts(row: list[Any]) -> list[str]:
    return [cell_text(v).strip() for v in row]


def _header_row(catalog: Catalog, grid: list[list[Any]], entity: Entity | None) -> tuple[int, Entity | None]:
    """The first row (0-based) within the top rows that reads as a header row, and its entity."""
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        texts = _texts(row)
        found = entity or guess_entity(catalog, texts)
        if found and sum(h.column is not None for h in map_headers(found, texts)) >= 2:
            return i, found
    for i, row in enumerate(grid):
        if any(_texts(row)):
            return i, entity
    return 0, entity


def table_from_grid(catalog: Catalog, grid: list[list[Any]], *, source: str, sheet: str,
                    entity: Entity | None = None, from_csv: bool = False) -> Table | None:
    """The grid as a Table; None when the grid holds no header row this catalog recognises."""
    start, entity = _header_row(catalog, grid, entity)
    if entity is None:
        return None
    header_texts = _texts(grid[start]) if grid else []
    width = max((len(r) for r in grid[start:]), default=0)
    while header_texts and not header_texts[-1] and not _column_has_data(grid, start, len(header_texts) - 1):
        header_texts.pop()
    for index in range(len(header_texts), width):        # data beyond the last header keeps its column
        if _column_has_data(grid, start, index):
            header_texts.extend([""] * (index + 1 - len(header_texts)))
    width = len(header_texts)
    headers = map_headers(entity, [cell_text(v).strip() for v in (grid[start] + [""] * width)[:width]])
    rows = []
    padding = [""] * width
    for offset, cells in enumerate(grid[start + 1:], start=start + 2):
        if from_csv or set(map(type, cells)) <= TEXT_ONLY:     # the common case: every cell is text
            rows.append(Row(offset, cells if len(cells) == width else (cells + padding)[:width], None))
            continue
        values, raw = [], None
        for index in range(width):
            value = cells[index] if index < len(cells) else ""
            if type(value) is str:
                values.append(value)
            else:
                values.append(cell_text(value))
                if value is not None:
                    raw = raw or {}
                    raw[index] = value
        rows.append(Row(offset, values, raw))
    while rows and rows[-1].is_empty():
        rows.pop()
    return Table(entity=entity, source=source, sheet=sheet, headers=headers, rows=rows,
                 header_row=start + 1, from_csv=from_csv)


def _column_has_data(grid: list[list[Any]], start: int, index: int) -> bool:
    return any(index < len(r) and cell_text(r[index]).strip() for r in grid[start + 1:])

