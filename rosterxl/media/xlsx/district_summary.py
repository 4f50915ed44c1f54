"""The District summary workbook of a collect: one row per school (returned or not, its state, records per type,
errors, warnings, the file used), the schools to call first; and an Issues sheet listing every issue with its
school's file, so the coordinator can forward each school its own."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from rosterxl.core.marks import COLOURS
from rosterxl.core.model import Issue, Severity
from rosterxl.core.one_district import DistrictSummary
from rosterxl.media.xlsx.template_file import append_text, save_workbook
from rosterxl.media.xlsx.xmltext import excel_text

SUMMARY_SHEET = "District summary"
ISSUES_SHEET = "Issues"
STATE_FILL = {"not returned": COLOURS[Severity.ERROR], "errors to fix": COLOURS[Severity.ERROR],
              "cannot tell the school": COLOURS[Severity.WARNING],
              "cannot be used": COLOURS[Severity.ERROR], "warnings only": COLOURS[Severity.WARNING],
              "ready": "C6EFCE"}


def write_summary_workbook(path: Path, summary: DistrictSummary, issues: list[Issue], title: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = SUMMARY_SHEET
    append_text(sheet, [excel_text(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    rows = summary.rows()
    _table(sheet, rows, first=3)
    state = rows[0].index("State") + 1
    for r in range(4, 3 + len(rows)):
        cell = sheet.cell(r, state)
        colour = STATE_FILL.get(str(cell.value))
        if colour:
            cell.fill = PatternFill("solid", fgColor=colour)
    listed = book.create_sheet(ISSUES_SHEET)
    _table(listed, [["File", "Sheet", "Cell", "Severity", "Column", "What is wrong", "Suggestion"],
                    *([i.file or "", i.sheet, i.cell, i.severity.value, i.column, i.message, i.suggestion or ""]
                      for i in issues)], first=1)
    return save_workbook(book, path)


def _table(sheet, rows: list[list[object]], first: int) -> None:
    """A table whose header row is row `first` (the rows above it already written)."""
    for values in rows:
        append_text(sheet, [excel_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    width = len(rows[0])
    sheet.freeze_panes = f"A{first + 1}"
    sheet.auto_filter.ref = f"A{first}:{get_column_letter(width)}{first + len(rows) - 1}"
    for i in range(width):
        longest = max((len(str(r[i])) for r in rows[:200] if i < len(r) and r[i] is not None), default=8)
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(max(longest + 2, 8), 60)
