"""What a check leaves on a workbook, whatever the medium (a file edited part by part, a live workbook):
one mark per cell, with the worst severity of its issues, its colour and one note that says what is wrong
and how to fix it; the Issues sheet's rows; and the record of what each marked cell had before, which
every medium writes and reads alike, so that marks made by one are cleared by the other."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rosterxl.core.layout import ISSUES_SHEET
from rosterxl.core.model import Issue, Severity, cell_position
from rosterxl.core.text import cell_text

AUTHOR = "rosterxl"
CHANGED = "changed"     # the kind of mark of a cell changed since the portal's export (not a problem)
COLOURS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", CHANGED: "BDD7EE"}   # red, yellow, light blue
NO_FILL = "none"


@dataclass
class CellMark:
    sheet: str
    cell: str
    kind: Severity | str   # Severity.ERROR, Severity.WARNING, or CHANGED
    note: str

    @property
    def colour(self) -> str:
        return COLOURS[self.kind]

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


def is_mark_colour(rgb: str | None) -> bool:
    """A fill colour ('FFFFC7CE', '#FFC7CE', '00ffc7ce') that is one of rosterxl's marks."""
    return bool(rgb) and rgb.strip().lstrip("#").upper()[-6:] in COLOURS.values()


def changed_cells(changes: list) -> list[Change]:
    """Every cell changed since the portal's export: `changes` holds (table, Changes) per sheet made by
    open-export."""
    found = []
    for table, result in changes:
        for row_change in result.rows:
            for header in row_change.columns:
                secret = header.secret
                found.append(Change(table.sheet, f"{header.letter}{row_change.row.number}",
                                    None if secret else row_change.before.get(header.index, "")))
    return found


def change_summary(changes: list) -> list[str]:
    lines = []
    for table, result in changes:
        lines.append(f"{table.sheet}: since the export, {result.count('added')} row(s) added, "
                     f"{result.count('changed')} changed, {result.count('unchanged')} unchanged, "
                     f"{len(result.gone)} no longer in the sheet.")
    return lines


@dataclass
class MarkPlan:
    """Everything a medium draws for one workbook: the cell marks, the issues and the checked sheets (for the
    Issues sheet), and what changed since a portal export (its summary)."""

    marks: list[CellMark]
    issues: list[Issue]
    sheets: list[str]
    summary: list[str]
    answers: dict[tuple[str, str, str], str] = field(default_factory=dict)   # Apply? answers kept from before

    def by_sheet(self) -> dict[str, list[CellMark]]:
        found: dict[str, list[CellMark]] = {}
        for m in self.marks:
            found.setdefault(m.sheet, []).append(m)
        return found


ISSUE_COLUMNS = ["Sheet", "Cell", "Column", "Severity", "What is wrong", "Suggested fix", "Apply?"]
APPLY_COLUMN = len(ISSUE_COLUMNS)      # 1-based: the column where a person says yes to a likely fix
ANSWERS = ("Yes", "No")                # the Apply? column's dropdown
APPLY_PROMPT = "Choose Yes to have Fix write the suggested fix into the cell, No to leave the cell as it is."


def issues_sheet_rows(issues: list[Issue], sheets: list[str], summary: list[str],
                      cell_value=lambda sheet, cell: cell,
                      answers: dict[tuple[str, str, str], str] | None = None) -> tuple[list[list], int]:
    """The Issues sheet: counts per sheet, what changed since an export, then one row per issue, its Apply?
    cell empty for a likely fix (or the answer given before, from `answers`). Returns the rows (as wide as
    ISSUE_COLUMNS) and the row number of the issue table's header."""
    answers = answers or {}
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    blank = [""] * len(ISSUE_COLUMNS)
    head = (f"rosterxl found {errors} error(s) and {len(issues) - errors} warning(s). Click a cell address to go "
            "to the cell; errors must be fixed before the upload.")
    if any(i.fix == "likely" for i in issues):
        head += (" Where the Apply? column is empty, rosterxl thinks its suggested fix is right but is not sure: "
                 "choose Yes there and click Fix to have it written.")
    rows: list[list] = [[head, *blank[1:]], blank, ["Sheet", "Errors", "Warnings", *blank[3:]]]
    for sheet in sheets:
        mine = [i for i in issues if i.sheet == sheet]
        found = sum(1 for i in mine if i.severity is Severity.ERROR)
        rows.append([sheet, found, len(mine) - found, *blank[3:]])
    if summary:
        rows += [blank, *([line, *blank[1:]] for line in summary)]
    rows.append(blank)
    header = len(rows) + 1
    rows.append(list(ISSUE_COLUMNS))
    rows += [[i.sheet, cell_value(i.sheet, i.cell), i.column, i.severity.value, i.message, i.suggestion or "",
              _apply_cell(i, answers)] for i in issues]
    return rows, header


def _apply_cell(issue: Issue, answers: dict[tuple[str, str, str], str]) -> str:
    if issue.fix == "likely":
        return answers.get((issue.sheet, issue.cell, issue.suggestion or ""), "")
    return ""


def read_answers(grid: list[list[Any]]) -> dict[tuple[str, str, str], str]:
    """What a person wrote in the Issues sheet's Apply? column, by the issue's sheet, cell and suggested fix
    (as they saw it): a Yes or a No, from the cells of an Issues sheet rosterxl wrote (an older one without the
    column gives none)."""
    texts = [[cell_text(v).strip() for v in row] for row in grid]
    start = next((n for n, row in enumerate(texts) if row[:APPLY_COLUMN] == ISSUE_COLUMNS), None)
    if start is None:
        return {}
    found = {}
    for row in texts[start + 1:]:
        row = (row + [""] * APPLY_COLUMN)[:APPLY_COLUMN]
        if row[0] and row[1] and row[-1]:
            found[(row[0], row[1], row[5])] = row[-1]
    return found


# ---- the record of marks: a hidden sheet, the same for every medium -------------------------------------

RECORD_TITLE = "rosterxl marks"
RECORD_HEADER = ["Sheet", "Cell", "Style", "Style XML", "Fill XML", "Note XML", "Note author", "Note added",
                 "Fill", "Note"]
RECORD_CELL_LIMIT = 32_767         # characters in one cell; longer texts continue in the next columns


@dataclass
class MarkedCell:
    """What one marked cell had before rosterxl marked it, as far as the medium that marked it could tell."""

    sheet: str
    cell: str
    note_added: bool                  # rosterxl put its note on the cell (and clearing takes it away)
    fill: str | None = None           # the cell's own fill: 'RRGGBB', NO_FILL, or None when the medium cannot say
    note: str = ""                    # the person's own note that rosterxl's note replaced, as text
    style: int | None = None          # the file medium's exact record: the cell's style index, its XML,
    style_xml: str = ""               # the fill's XML and the note's XML and author
    fill_xml: str = ""
    note_xml: str = ""
    note_author: str = ""

    @property
    def position(self) -> tuple[int, int]:
        return cell_position(self.cell)


def record_rows(issues_sheet: str, cells: list[MarkedCell], undo: str) -> list[list[str | int]]:
    """The record sheet's rows. `undo` names what takes the marks away ('Clear marks', 'rosterxl clear')."""
    rows: list[list[str | int]] = [[RECORD_TITLE, issues_sheet, f"Kept by rosterxl so that {undo} can undo its marks."],
                                   list(RECORD_HEADER)]
    limit = RECORD_CELL_LIMIT
    for c in cells:
        row: list[str | int] = [c.sheet, c.cell, "" if c.style is None else c.style, c.style_xml, c.fill_xml,
                                c.note_xml, c.note_author, "yes" if c.note_added else "",
                                "" if c.fill is None else c.fill, c.note]
        # the common row, told at once: no value in it can be longer than a cell holds when all of them are not
        short = len(c.sheet) + len(c.cell) + len(c.style_xml) + len(c.fill_xml) + len(c.note_xml) \
            + len(c.note_author) + len(c.fill or "") + len(c.note) <= limit
        rows.append(row if short else _split_long(row))
    return rows


def _split_long(row: list[str | int]) -> list[str | int]:
    """A value longer than a cell holds goes on in the cells after the row's last column, each piece
    marked with its column: ['7:…', '7:…'] (read back by read_record)."""
    long = [i for i, v in enumerate(row) if isinstance(v, str) and len(v) > RECORD_CELL_LIMIT]
    if not long:
        return row
    size = RECORD_CELL_LIMIT - 8
    extra: list[str | int] = []
    for i in long:
        text = str(row[i])
        row[i] = text[:size]
        extra += [f"{i}:{text[k:k + size]}" for k in range(size, len(text), size)]
    return row + extra


def read_record(grid: list[list[Any]]) -> tuple[str, list[MarkedCell]] | None:
    """The Issues sheet's name and the marked cells, from the record sheet's cells; None when it is not one."""
    if not grid or not grid[0] or cell_text(grid[0][0]) != RECORD_TITLE:
        return None
    issues_sheet = cell_text(grid[0][1]) if len(grid[0]) > 1 and grid[0][1] else ISSUES_SHEET
    width = len(RECORD_HEADER)
    cells = []
    for raw in grid[2:]:
        values = [cell_text(v) for v in raw]
        row = (values + [""] * width)[:width]
        for piece in values[width:]:                   # the rest of a long value
            index, _, text = piece.partition(":")
            if index.isdigit() and int(index) < width:
                row[int(index)] += text
        if not row[0]:
            continue
        style = row[2].strip()
        cells.append(MarkedCell(row[0], row[1], row[7] == "yes", row[8] or None, row[9],
                                int(float(style)) if style else None, *row[3:7]))
    return issues_sheet, cells


def fill_colour(fill_xml: str) -> str | None:
    """The colour of a fill as the file stores it: 'RRGGBB' for a solid fill with an RGB colour, NO_FILL
    for none; None when it is a pattern or a theme colour that cannot be said as one RGB."""
    if "patternType=" not in fill_xml or 'patternType="none"' in fill_xml:
        return NO_FILL
    if 'patternType="solid"' not in fill_xml:
        return None
    m = re.search(r'<(?:\w+:)?fgColor\b[^>]*\brgb="([0-9A-Fa-f]{6,8})"', fill_xml)
    return m.group(1)[-6:].upper() if m else None
