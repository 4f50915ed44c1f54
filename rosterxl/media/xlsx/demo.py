"""Writing the example district's workbook for `rosterxl demo`, formatted as a school would have it."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from rosterxl.core.example import SHEETS
from rosterxl.media.xlsx.template_file import save_workbook

TEXT_HEADERS = {"Username", "Password", "Student ID", "External Assigned ID"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_example_workbook(path: str | Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in SHEETS.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for index, header in enumerate(rows[0], start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            letter = get_column_letter(index)
            widest = max(len(str(r[index - 1])) for r in rows)
            sheet.column_dimensions[letter].width = min(max(widest + 2, 10), 45)
            if header in TEXT_HEADERS:
                for r in range(2, len(rows) + 1):
                    if isinstance(sheet.cell(row=r, column=index).value, str):
                        sheet.cell(row=r, column=index).number_format = "@"
        sheet.freeze_panes = "A2"
    return save_workbook(book, path)
