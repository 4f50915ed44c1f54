"""The data every part of rosterxl shares: a Table read from a sheet or CSV file, and an Issue."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rosterxl.catalog.columns import Column, Entity
    from rosterxl.roundtrip import Exported


class Severity(str, Enum):
    ERROR = "error"      # blocks the upload CSV
    WARNING = "warning"  # worth a look; the CSV is still written


class RosterInputError(Exception):
    """A file rosterxl cannot use at all (not found, corrupt, empty...). The message is for people."""


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
class Header:
    text: str                     # as found in the file
    index: int                    # 0-based position in the row
    column: Column | None = None  # the catalog column it maps to; None for unknown columns

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(slots=True)
class Row:
    number: int                         # the spreadsheet row (or CSV record line) it came from
    values: list[str]                   # each cell as text, one per header
    raw: dict[int, Any] | None = None   # cells that were not text in the workbook (numbers, dates)

    def is_empty(self) -> bool:
        return not "".join(self.values).strip()


@dataclass
class Table:
    """One entity's sheet or CSV file."""

    entity: Entity
    source: str                 # file name as the person knows it
    sheet: str                  # sheet name, or the CSV file name
    headers: list[Header]
    rows: list[Row]
    header_row: int = 1
    from_csv: bool = False
    exported: Exported | None = None      # what the portal exported, for a workbook made by open-export
    _by_column: dict[str, Header] = field(default_factory=dict, repr=False)
    _records: list[Row] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for h in self.headers:
            if h.column is not None and h.column.key not in self._by_column:
                self._by_column[h.column.key] = h

    def header_for(self, column_key: str) -> Header | None:
        return self._by_column.get(column_key)

    def records(self) -> list[Row]:
        """Rows that hold data (empty rows are not records). Rows do not change once read."""
        if self._records is None:
            self._records = [r for r in self.rows if "".join(r.values).strip()]
        return self._records


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
        }
