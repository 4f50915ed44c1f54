"""What a check leaves on a workbook: one mark per cell, with the worst severity of its issues and one
note that says what is wrong and how to fix it. Knows nothing about files."""
from __future__ import annotations

from dataclasses import dataclass

from rosterxl.model import Issue, Severity, cell_position

AUTHOR = "rosterxl"


CHANGED = "changed"     # the kind of mark of a cell changed since the portal's export (not a problem)


@dataclass
class CellMark:
    sheet: str
    cell: str
    kind: Severity | str   # Severity.ERROR, Severity.WARNING, or CHANGED
    note: str

    @property
    def row(self) -> int:
        return cell_position(self.cell)[0]

    @property
    def column(self) -> int:
        return cell_position(self.cell)[1]


@dataclass(frozen=True)
class Change:
    """A cell changed since the portal's export."""
    sheet: str
    cell: str
    was: str | None          # None: not shown (a password)

    def line(self) -> str:
        if self.was is None:
            return "• Changed since the export: a new password will be set."
        return f"• Changed since the export (it was '{self.was}')." if self.was else \
            "• Changed since the export (it was empty)."


def note_text(issues: list[Issue], changes: list[Change] = ()) -> str:
    lines = [c.line() for c in changes]
    for issue in issues:
        line = f"• {issue.message}"
        if issue.suggestion:
            line += f"\n  Suggested: {issue.suggestion}"
        lines.append(line)
    return f"{AUTHOR}:\n" + "\n".join(lines)


def plan_marks(issues: list[Issue], changes: list[Change] = ()) -> list[CellMark]:
    """Issues grouped by cell, in the order they were found; errors outrank warnings, which outrank a
    change since the export."""
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    changed: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        changed.setdefault((change.sheet, change.cell), []).append(change)
    marks = []
    for key in dict.fromkeys([*by_cell, *changed]):
        found = by_cell.get(key, [])
        if any(i.severity is Severity.ERROR for i in found):
            kind = Severity.ERROR
        else:
            kind = Severity.WARNING if found else CHANGED
        marks.append(CellMark(key[0], key[1], kind, note_text(found, changed.get(key, []))))
    return marks


def changed_cells(tables, ctx) -> list[Change]:
    """Every cell changed since the portal's export, in the sheets made by open-export."""
    found = []
    for table in tables:
        result = ctx.changes(table)
        if result is None:
            continue
        for row_change in result.rows:
            for header in row_change.columns:
                secret = header.column is not None and header.column.secret
                found.append(Change(table.sheet, f"{header.letter}{row_change.row.number}",
                                    None if secret else row_change.before.get(header.index, "")))
    return found


def change_summary(tables, ctx) -> list[str]:
    lines = []
    for table in tables:
        result = ctx.changes(table)
        if result is not None:
            lines.append(f"{table.sheet}: since the export, {result.count('added')} row(s) added, "
                         f"{result.count('changed')} changed, {result.count('unchanged')} unchanged, "
                         f"{len(result.gone)} no longer in the sheet.")
    return lines


ISSUE_COLUMNS = ["Sheet", "Cell", "Column", "Severity", "What is wrong", "Suggested fix"]


def issues_sheet_rows(issues: list[Issue], sheets: list[str], summary: list[str],
                      cell_value=lambda sheet, cell: cell) -> tuple[list[list], int]:
    """The Issues sheet: counts per sheet, what changed since an export, then one row per issue.
    Returns the rows (six cells each) and the row number of the issue table's header."""
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    blank = [""] * 6
    rows: list[list] = [[f"rosterxl found {errors} error(s) and {len(issues) - errors} warning(s). Click a cell "
                         "address to go to the cell; errors must be fixed before the upload.", *blank[1:]],
                        blank, ["Sheet", "Errors", "Warnings", *blank[3:]]]
    for sheet in sheets:
        mine = [i for i in issues if i.sheet == sheet]
        found = sum(1 for i in mine if i.severity is Severity.ERROR)
        rows.append([sheet, found, len(mine) - found, *blank[3:]])
    if summary:
        rows += [blank, *([line, *blank[1:]] for line in summary)]
    rows.append(blank)
    header = len(rows) + 1
    rows.append(list(ISSUE_COLUMNS))
    rows += [[i.sheet, cell_value(i.sheet, i.cell), i.column, i.severity.value, i.message, i.suggestion or ""]
             for i in issues]
    return rows, header
