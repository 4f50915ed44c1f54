"""Reading a filled-in workbook with python-calamine: each sheet's cells, fast, with their types (numbers and
dates stay what Excel stored, so the checks can tell what Excel did to them)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from rosterxl.core.model import RosterInputError
from rosterxl.media.files import read_file
from rosterxl.media.xlsx.limits import Hidden, survey_workbook


def open_workbook(path: Path) -> tuple[CalamineWorkbook, dict[str, Hidden]]:
    """The workbook and its sheets' hidden rows and columns, or a message that says why rosterxl cannot use
    it (the limits are checked before the reader allocates anything)."""
    head = read_file(path, 8)
    if not head:
        raise RosterInputError(f"{path.name}: the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterInputError(f"{path.name}: this workbook is password-protected or in the old .xls format. "
                               "Open it in Excel, remove the password (File > Info > Protect Workbook), "
                               "and save it as .xlsx.")
    if not head.startswith(b"PK"):
        raise RosterInputError(f"{path.name}: this is not an Excel workbook (.xlsx). If it is a CSV file, "
                               "give it a .csv name.")
    hidden = survey_workbook(path)
    try:
        return CalamineWorkbook.from_path(str(path)), hidden
    except (CalamineError, OSError, ValueError) as exc:
        raise RosterInputError(f"{path.name}: the workbook is damaged and cannot be read. Open it in Excel, let "
                               f"Excel repair it, and save it again.{_details(exc)}") from None


def _details(exc: BaseException) -> str:
    """The reader's own words, last, for whoever helps: only when they say more than a name."""
    text = str(exc).strip()
    return f" (Details: {text})" if len(text.split()) > 1 else ""


class WorkbookFile:
    """A workbook file as the core reads it (core.tables.SheetSource): its sheet names and each sheet's cells."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = self.path.name
        self._book, self._hidden = open_workbook(self.path)

    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def hidden(self, sheet: str) -> Hidden:
        """The sheet's hidden rows (numbers) and columns (0-based indexes), as the package says them."""
        return self._hidden.get(sheet, (set(), set()))

    def grid(self, sheet: str) -> list[list[Any]]:
        try:
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as exc:
            raise RosterInputError(f"{self.name}: the sheet '{sheet}' is damaged or missing from the file and cannot "
                                   f"be read. Open the workbook in Excel, let Excel repair it, and save it again."
                                   f"{_details(exc)}") from None
