"""How the Roster buttons word an input error: what to do, in Excel's terms (the buttons, choosing a folder or
a file), for each code where that depends on the face (rosterxl.core.input_errors). Never an option or a
command of the command line. Other codes keep the declared words."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rosterxl import RosterInputError


def _not_opened(e: RosterInputError) -> str:
    if "sources" not in e.facts:
        return f"{e.message} Use Open export to make a workbook from the portal's export."
    return (f"{e.facts['sources']}: Save changes saves the rows changed since the portal's export, and "
            f"{'this was' if e.facts['one'] else 'these were'} not opened from one (Open export makes such a "
            "workbook). Nothing was saved. To save every record, use Save CSVs.")


def _is_input(e: RosterInputError) -> str:
    instead = {"name": "Choose another name.", "upload folder": "Choose another folder for the upload files."}
    return f"{e.message} {instead.get(e.facts['instead'], 'Choose another folder.')}"


WORDS: dict[str, str | Callable[[RosterInputError], str]] = {
    "export.not-opened": _not_opened,
    "export.is-a-workbook": "To check a workbook, open it and use Check.",
    "export.no-database-id": "To check a file you filled in yourself, open it and use Check.",
    "output.is-input": _is_input,
    "output.busy": "Try again when it has finished, or choose another folder.",
    "records.kind-unknown": "Or name the file after its record type (Classes-Groups.csv, Educators.csv or "
                            "Students.csv).",
    "excel.no-files": "Save the workbook and use {button} in desktop Excel.",
}


def worded(exc: RosterInputError) -> str:
    """The sentence a Roster button shows for an input error."""
    return exc.worded(WORDS)
