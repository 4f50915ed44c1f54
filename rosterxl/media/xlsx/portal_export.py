"""open-export: the portal's exported CSV files as a workbook to edit in Excel. The same columns in the same
order with the portal's header text, the template's dropdowns and red cells, the Database ID locked (no
password), and a hidden snapshot of the export so a check can tell what changed."""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from rosterxl.core.catalog.catalog import CATALOG_VERSION, Catalog
from rosterxl.core.layout import snapshot_name
from rosterxl.core.roundtrip import snapshot_rows
from rosterxl.core.tables import Table
from rosterxl.core.template import SheetPlan, export_plan
from rosterxl.media.xlsx.package import Package
from rosterxl.media.xlsx.template_file import append_text, record_sheets
from rosterxl.media.xlsx.xmlbook import add_sheet, sheet_xml
from rosterxl.media.xlsx.xmltext import excel_text

UNLOCKED = Protection(locked=False)
DATABASE_ID_NOTE = ("Database ID: the portal's own key for this record, filled in by its export. It is locked so "
                    "it is not changed by accident (Review > Unprotect Sheet lifts the lock; there is no "
                    "password). Do not change it: the import uses it to find the record. New rows leave it empty.")
PASSWORD_NOTE = ("Password: leave it empty to keep the student's current password. Type a new one (at least 4 "
                 "characters, capital letters count) only to change it.")


def export_cells(sheet, plan: SheetPlan, records: int) -> None:
    """The Database ID column locked against accidents (no password) and explained; every other cell of the
    `records` rows under the header, and of new rows typed in, stays editable. Call it once the cells are
    written and styled: cells of one style share their unlocked style, so restyling one would restyle all."""
    locked = {i for i, c in enumerate(plan.columns) if c.key == "database_id"}
    styles: dict[tuple, StyleArray] = {}          # a cell's style -> the same unlocked: registered once, not per cell
    editable = {c for c in range(1, len(plan.columns) + 1) if c - 1 not in locked}
    last = records + 1
    for (r, c), cell in sheet._cells.items():
        if r < 2 or r > last or c not in editable or (cell._value is None and cell._style is None):
            continue                  # an empty cell without a style is not written: its column's unlocks it
        key = tuple(cell._style) if cell._style is not None else ()
        if key not in styles:
            cell.protection = UNLOCKED
            styles[key] = cell._style
        cell._style = styles[key]          # shared, not copied: nothing styles these cells after
    for c, column in enumerate(plan.columns, start=1):
        letter = get_column_letter(c)
        if c - 1 not in locked:
            sheet.column_dimensions[letter].protection = UNLOCKED     # new rows can be typed in
        if column.key == "database_id":
            sheet.cell(row=1, column=c).comment = Comment(DATABASE_ID_NOTE, "rosterxl", width=300, height=120)
        elif column.secret:
            sheet.cell(row=1, column=c).comment = Comment(PASSWORD_NOTE, "rosterxl", width=300, height=100)
    protection = sheet.protection
    protection.sheet = True           # no password: the lock only guards the Database ID against accidents
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "insertColumns", "sort",
                    "autoFilter", "insertHyperlinks"):
        setattr(protection, allowed, False)


def save_with_copies(book: Workbook, out: Path, copies: list[tuple[str, list[list[str]]]]) -> Path:
    """The workbook saved in one step with, for each (sheet, rows), the export the sheet was made from (header
    first, passwords left out) in a sheet only rosterxl reads. The copies are written as XML text, not through
    openpyxl's cells: the same size as the records, they would double the time the workbook takes to save."""
    buffer = io.BytesIO()
    book.save(buffer)
    pkg = Package.open(out, buffer.getvalue())
    for sheet, rows in copies:
        add_sheet(pkg, snapshot_name(sheet), sheet_xml([[v or None for v in row] for row in rows]), "veryHidden")
    pkg.save(out)
    return out


def write_export_workbook(tables: list[Table], catalog: Catalog, out: Path) -> Path:
    """The workbook of the portal's exports (one table per record type, checked by the caller)."""
    plans = [export_plan(t) for t in tables]
    book = Workbook()
    book.remove(book.active)
    sheets = record_sheets(book, catalog, plans, max(len(t.records()) for t in tables))
    for sheet, table, plan in zip(sheets, tables, plans):
        shown = [h.index for h in table.headers if h.text]
        for row in table.records():
            append_text(sheet, [excel_text(row.values[i]) if row.values[i] != "" else None for i in shown])
        export_cells(sheet, plan, len(table.records()))
    book.custom_doc_props.append(StringProperty(name="rosterxl.export", value="1"))
    book.custom_doc_props.append(StringProperty(name="rosterxl.catalog", value=CATALOG_VERSION))
    return save_with_copies(book, out, [(t.entity.sheet, snapshot_rows(t)) for t in tables])
