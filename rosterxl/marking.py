"""What a check leaves on a workbook: one mark per cell, with the worst severity of its issues and one
note that says what is wrong and how to fix it. Knows nothing about files."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rosterxl.model import Issue, Severity

AUTHOR = "rosterxl"
CELL = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass
class CellMark:
    sheet: str
    cell: str
    severity: Severity
    note: str

    @property
    def row(self) -> int:
        return int(CELL.match(self.cell).group(2))

    @property
    def column(self) -> int:
        n = 0
        for ch in CELL.match(self.cell).group(1):
            n = n * 26 + ord(ch) - 64
        return n


def note_text(issues: list[Issue]) -> str:
    lines = []
    for issue in issues:
        line = f"• {issue.message}"
        if issue.suggestion:
            line += f"\n  Suggested: {issue.suggestion}"
        lines.append(line)
    return f"{AUTHOR}:\n" + "\n".join(lines)


def plan_marks(issues: list[Issue]) -> list[CellMark]:
    """Issues grouped by cell, in the order they were found; errors outrank warnings."""
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    marks = []
    for (sheet, cell), found in by_cell.items():
        worst = Severity.ERROR if any(i.severity is Severity.ERROR for i in found) else Severity.WARNING
        marks.append(CellMark(sheet, cell, worst, note_text(found)))
    return marks
