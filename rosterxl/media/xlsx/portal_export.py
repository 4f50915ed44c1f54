"""open-export: the portal's exported CSV files as a workbook to edit in Excel. The same columns in the same
order with the portal's header text, the template's dropdowns and red cells, the Database ID locked (no
password), and a hidden snapshot of the export so a check can tell what changed."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter

from rosterxl.core.catalog.catalog import CATALOG_VERSION, Catalog
from rosterxl.core.layout import snapshot_name
from rosterxl.core.roundtrip import snapshot_rows
from rosterxl.core.tables import Table
from rosterxl.core.template import SheetPlan, export_plan
from rosterxl.media.xlsx.package import Package
from rosterxl.media.xlsx.template_file import record_sheets, workbook_bytes
from rosterxl.media.xlsx.xmlbook import add_sheet, put_rows, sheet_xml
from rosterxl.media.xlsx.xmltext import excel_text

UNLOCKED = Protection(locked=False)
DATABASE_ID_NOTE = ("Database ID: the portal's own key for this record, filled in by its export. It is locked so "
                    "it is not changed by accident (Review > Unprotect Sheet lifts the lock; there is no "
                    "password). Do not change it: the import uses it to find the record. New rows leave it empty.")
PASSWORD_NOTE = ("Password: leave it empty to keep the student's current password. Type a new one (at least 4 "
                 "characters, capital letters count) only to change it.")


def export_cells(sheet, plan: SheetPlan) -> None:
    """The Database ID column locked against accidents (no password) and explained; every other column stays
    editable, for the records (save_with_copies gives them their column's style) and new rows typed in."""
    locked = {i for i, c in enumerate(plan.columns) if c.key == "database_id"}
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


def save_with_copies(book: Workbook, out: Path, copies: list[tuple[str, list[list[str]]]],
                     records: list[tuple[str, list[list[str | None]]]] = ()) -> Path:
    """The workbook saved in one step with `records` (sheet, rows) under each sheet's header and, for each of
    `copies` (sheet, rows), the export the sheet was made from (header first, passwords left out) in a sheet only
    rosterxl reads. Records and copies are written as XML text, not through openpyxl's cells: 50,000 records
    take openpyxl several seconds to save. The record cells get their column's style (text, unlocked), as cells
    typed there would."""
    pkg = Package.open(out, workbook_bytes(book, out))
    for sheet, rows in records:
        put_rows(pkg, sheet, ([excel_text(v) if v else None for v in row] for row in rows))
    for sheet, rows in copies:
        add_sheet(pkg, snapshot_name(sheet), sheet_xml(([v or None for v in row] for row in rows)), "veryHidden")
    pkg.save(out)
    return out


def write_export_workbook(tables: list[Table], catalog: Catalog, out: Path) -> Path:
    """The workbook of the portal's exports (one table per record type, checked by the caller)."""
    plans = [export_plan(t) for t in tables]
    book = Workbook()
    book.remove(book.active)
    sheets = record_sheets(book, catalog, plans, max(len(t.records()) for t in tables))
    records = []
    for sheet, table, plan in zip(sheets, tables, plans):
        shown = [h.index for h in table.headers if h.text]
        records.append((sheet.title, [[row.values[i] for i in shown] for row in table.records()]))
        export_cells(sheet, plan)
    book.custom_doc_props.append(StringProperty(name="rosterxl.export", value="1"))
    book.custom_doc_props.append(StringProperty(name="rosterxl.catalog", value=CATALOG_VERSION))
    return save_with_copies(book, out, [(t.entity.sheet, snapshot_rows(t)) for t in tables], records)
