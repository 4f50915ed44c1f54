"""Marks in a live workbook: fills in batches, one note per marked cell, the Issues sheet with links, and
the marks record (core.marks, the same as a file's), so Clear marks removes exactly rosterxl's marks and
gives back what the cells had, whether the marks were made here or by `rosterxl check --mark`."""
from __future__ import annotations

from dataclasses import dataclass, field

import xlwings as xw

from rosterxl.core.layout import RECORD_SHEET, issues_sheet_name
from rosterxl.core.marks import (
    ANSWERS,
    APPLY_COLUMN,
    NO_FILL,
    MarkedCell,
    MarkPlan,
    is_mark_colour,
    issues_sheet_rows,
    read_answers,
    read_record,
    record_rows,
)
from rosterxl.media.live.book import can_add_notes, find_sheet, is_remote, paint, sheet_values

Record = tuple[str, list[MarkedCell]]
READ = object()         # clear's record not given: read from the workbook


@dataclass
class Drawn:
    """What drawing the marks did: the cells marked, and those that got no note (the person's own note
    stays, or this Excel cannot add notes: their problems are on the Issues sheet only)."""

    cells: int
    without_note: set[tuple[str, str]] = field(default_factory=set)
    issues_sheet: str = ""


def draw(book: xw.Book, plan: MarkPlan, new_sheets: dict[str, xw.Sheet] | None = None) -> Drawn:
    """Fills in batches, one note per marked cell, the Issues sheet and the record. `new_sheets`: sheets added in
    this same call, by name (a remote engine finds a sheet by name only when the workbook came with it)."""
    before: list[MarkedCell] = []
    skipped: set[tuple[str, str]] = set()
    for name, marks in plan.by_sheet().items():
        sheet = (new_sheets or {}).get(name) or book.sheets[name]
        fills = {m.cell: own_fill(book, sheet, m.cell) for m in marks}
        paint(sheet, {(m.row, m.column): f"#{m.colour}" for m in marks})
        notes = can_add_notes(book, sheet)
        for m in marks:
            cell = sheet[m.cell]
            added = notes and cell.note is None          # the person's own note stays as it is
            if added:
                cell.add_note(m.note)
            else:
                skipped.add((m.sheet, m.cell))
            before.append(MarkedCell(name, m.cell, note_added=added, fill=fills[m.cell]))
    issues_name = _issues_sheet(book, plan)
    _record(book, issues_name, before)
    return Drawn(len(plan.marks), skipped, issues_name)


def own_fill(book: xw.Book, sheet: xw.Sheet, cell: str) -> str | None:
    """The cell's own fill colour ('RRGGBB' or NO_FILL); None where this Excel cannot read colours."""
    if is_remote(book):
        return None
    colour = sheet[cell].color
    if colour is None:
        return NO_FILL
    return "%02X%02X%02X" % tuple(colour)


def _link(sheet: str, cell: str) -> str:
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return f'=HYPERLINK("{target}","{cell}")'


def _issues_sheet(book: xw.Book, plan: MarkPlan) -> str:
    rows, header = issues_sheet_rows(plan.issues, plan.sheets, plan.summary, _link, plan.answers)
    name = issues_sheet_name([s.name for s in book.sheets])
    sheet = book.sheets.add(name, after=book.sheets[-1])
    sheet["A1"].value = rows
    sheet.range((header, 1), (header, APPLY_COLUMN)).font.bold = True
    sheet.range((3, 1), (3, 3)).font.bold = True
    if not is_remote(book) or book.api.get("client") == "Office.js":     # no dropdowns from VBA's remote call
        for r, issue in enumerate(plan.issues, start=header + 1):
            if issue.fix == "likely":
                sheet.range((r, APPLY_COLUMN)).data_validation.set_list(list(ANSWERS))
    sheet.autofit()
    return name


def record_of(book: xw.Book) -> Record | None:
    """The record of the marks here (the Issues sheet's name and the marked cells); None when unmarked."""
    record_sheet = find_sheet(book, RECORD_SHEET)
    return read_record(sheet_values(record_sheet)) if record_sheet is not None else None


def answers(book: xw.Book, record: Record | None) -> dict[tuple[str, str, str], str]:
    """The Apply? answers a person gave on the Issues sheet of the marks `record` tells of (none when unmarked)."""
    issues = find_sheet(book, record[0]) if record else None
    return read_answers(sheet_values(issues)) if issues is not None else {}


def _record(book: xw.Book, issues_name: str, before: list[MarkedCell]) -> None:
    rows = record_rows(issues_name, before, "'Clear marks'")
    width = max(len(r) for r in rows)
    sheet = book.sheets.add(RECORD_SHEET, after=book.sheets[-1])
    sheet["A1"].value = [list(r) + [""] * (width - len(r)) for r in rows]
    sheet.visible = False


def clear(book: xw.Book, record: Record | None | object = READ) -> int | None:
    """Remove exactly the marks rosterxl made (here or on the file): fills, notes, the Issues sheet and the
    record; the cells get back their own fill and note where the record knows them. None: no marks here.
    `record`: the record of the marks as record_of read it, when the caller has it already."""
    if record is READ:
        record = record_of(book)
    if record is None:
        return None
    issues_name, cells = record
    by_sheet: dict[str, list[MarkedCell]] = {}
    for c in cells:
        by_sheet.setdefault(c.sheet, []).append(c)
    for name, marked in by_sheet.items():
        sheet = find_sheet(book, name)
        if sheet is None:
            continue                  # the sheet was deleted or renamed since: nothing to give back
        colours = {}
        for c in marked:
            rng = sheet[c.cell]
            if is_remote(book) or is_mark_colour(own_fill(book, sheet, c.cell)):   # else recoloured since
                colours[(rng.row, rng.column)] = None if c.fill in (None, NO_FILL) else f"#{c.fill}"
            if c.note_added and rng.note is not None:
                rng.note.delete()
                if c.note:            # the person's own note, which the file's marks had replaced
                    rng.add_note(c.note)
        paint(sheet, colours)
    for name in (issues_name, RECORD_SHEET):
        sheet = find_sheet(book, name)
        if sheet is not None:
            sheet.delete()
    return len(cells)
