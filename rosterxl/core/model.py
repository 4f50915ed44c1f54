"""What every part of rosterxl shares: an Issue and its Severity, the error for an input that cannot be used,
and the small helpers for cell addresses and counts."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from rosterxl.core.input_errors import RosterInputError, SheetUnreadable  # noqa: F401 (shared from here too)

CONFIG_NAME = "rosterxl.toml"      # the district config: beside the workbook (and, on the command line, here)


class Severity(str, Enum):
    ERROR = "error"      # blocks the upload CSV
    WARNING = "warning"  # worth a look; the CSV is still written


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors', '10,000 records'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_position(ref: str) -> tuple[int, int]:
    """'E7' -> (7, 5): the row and the 1-based column of a cell address."""
    letters = ref.rstrip("0123456789")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(ref[len(letters):]), column


@dataclass(slots=True)
class Issue:
    entity: str
    sheet: str
    row: int
    column: str
    cell: str
    code: str
    severity: Severity
    message: str
    suggestion: str | None = None
    certain: bool = False      # the suggestion is sure to be right: `rosterxl fix` applies it
    likely: bool = False       # the suggestion is likely right: offered, applied when a person says yes
    file: str | None = None    # the file (or live workbook) the sheet is in, as the person knows it

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "entity": self.entity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "fixable": self.certain and self.suggestion is not None,
            "fix": self.fix,
        }

    @property
    def fix(self) -> str | None:
        """'sure' (Fix applies it), 'likely' (Fix applies it when a person says yes), or None."""
        if self.suggestion is None:
            return None
        return "sure" if self.certain else "likely" if self.likely else None
