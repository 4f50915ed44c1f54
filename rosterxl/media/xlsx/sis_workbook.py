"""The workbook from-sis writes: the template (Instructions with the decisions used, hidden Lists, dropdowns,
live red cells, text IDs) with the records under each header, and the From the SIS sheet listing the problems
found in the SIS files and every record not brought over, each with its file and row."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font, PatternFill

from rosterxl.core.catalog.catalog import CATALOG_VERSION, Catalog
from rosterxl.core.layout import SIS_SHEET
from rosterxl.core.sis.contents import SisReport
from rosterxl.core.template import SheetPlan
from rosterxl.media.xlsx.instructions_sheet import write_instructions
from rosterxl.media.xlsx.portal_export import export_cells, save_with_copies
from rosterxl.media.xlsx.template_file import append_text, record_sheets
from rosterxl.media.xlsx.xmltext import excel_text

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_sis_workbook(out: Path, catalog: Catalog, plans: list[SheetPlan], grids: list[list[list[str]]],
                       report: SisReport, decisions: list[tuple[str, str, str, str]],
                       snapshots: list[list[list[str]]] = ()) -> Path:
    """`grids`: per plan, the records' values in the plan's column order (the header comes from the plan).
    `snapshots`: per plan, the portal's export it was merged with (header first): each sheet then has its
    Database ID locked and the export's hidden copy, as an open-export workbook has."""
    plans = [replace(p, entity=replace(p.entity, sample_rows=())) for p in plans]
    book = Workbook()
    write_instructions(book.active, catalog, plans, report.source, decisions)
    sheets = record_sheets(book, catalog, plans, max(map(len, grids), default=0))
    _report_sheet(book, report)
    if snapshots:
        for sheet, plan in zip(sheets, plans):
            export_cells(sheet, plan)
    props = book.properties
    props.title, props.creator, props.keywords = "Imagine Learning rostering workbook", "rosterxl", "rosterxl sis"
    book.custom_doc_props.append(StringProperty(name="rosterxl.sis", value=report.source[:200]))
    book.custom_doc_props.append(StringProperty(name="rosterxl.catalog", value=CATALOG_VERSION))
    copies = [(p.entity.sheet, rows) for p, rows in zip(plans, snapshots)]
    return save_with_copies(book, out, copies, [(sheet.title, rows) for sheet, rows in zip(sheets, grids)])


def _report_sheet(book: Workbook, report: SisReport) -> None:
    sheet = book.create_sheet(SIS_SHEET, 1)
    sheet.append(["From the student information system"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.source])
    for title, header, rows in report.sections():
        sheet.append([])
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = Font(bold=True), HEAD_FILL
        for row in rows:
            append_text(sheet, [excel_text(v) if isinstance(v, str) else v for v in row])
    for letter, width in zip("ABCDE", (22, 8, 22, 14, 90)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
