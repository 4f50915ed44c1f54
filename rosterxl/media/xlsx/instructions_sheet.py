"""The Instructions sheet: how to fill in each sheet, in plain words, for someone with nothing installed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.instructions import instruction_rows
from rosterxl.core.layout import INSTRUCTIONS_SHEET

if TYPE_CHECKING:
    from rosterxl.core.template import SheetPlan

TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_instructions(sheet: Worksheet, catalog: Catalog, plans: list[SheetPlan], made_from: str | None = None,
                       decisions: list[tuple[str, str, str, str]] = (), school: str | None = None) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    fonts = {"title": TITLE, "heading": HEADING, "columns": BOLD, "": None}
    rows = [(values, fonts[kind]) for values, kind in instruction_rows(catalog, plans, made_from, decisions, school)]
    for r, (values, font) in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=col, value=value)
            if font is not None:
                cell.font = font
            if len(values) == 4:
                cell.alignment = WRAP
                if font is BOLD:
                    cell.fill = HEAD_FILL
    for letter, width in zip("ABCD", (28, 12, 60, 50)):
        sheet.column_dimensions[letter].width = width
    sheet.protection.sheet = True          # no password: it only keeps the text from being changed by accident
    sheet.sheet_view.showGridLines = False
