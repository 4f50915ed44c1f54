"""Marks in place: each bad cell gets a fill and a note, the workbook an Issues sheet with a link to each;
a hidden record keeps what the cells had before, so clearing gives back exactly the person's own fills
and notes. The workbook is edited part by part; nothing else in it changes."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from rosterxl.marking import AUTHOR, CHANGED, CellMark, Change, issues_sheet_rows, plan_marks
from rosterxl.model import Issue, RosterInputError, Severity, cell_position
from rosterxl.workbook.layout import ISSUES_SHEET, RECORD_HEADER, RECORD_SHEET
from rosterxl.workbook.package import Package
from rosterxl.workbook.xmlbook import add_filter_name, add_sheet, link_target, remove_sheet, sheet_xml
from rosterxl.workbook.xmlnotes import Notes
from rosterxl.workbook.xmlsheet import cell_styles, restyle
from rosterxl.workbook.xmlstyles import CHANGED_FILL, ERROR_FILL, WARNING_FILL, Styles

FILL = {Severity.ERROR: ERROR_FILL, Severity.WARNING: WARNING_FILL, CHANGED: CHANGED_FILL}


@dataclass
class Before:
    """What a marked cell had before rosterxl marked it."""
    sheet: str
    cell: str
    style: int
    style_xml: bytes
    fill_xml: bytes
    note_xml: bytes
    note_author: bytes

    @property
    def position(self) -> tuple[int, int]:
        return cell_position(self.cell)


def guard(path: Path, writing: bool) -> None:
    """A workbook open in Excel, or one rosterxl may not change, is left alone with a clear message."""
    lock = path.with_name(f"~${path.name}")
    if lock.exists():
        raise RosterInputError(f"{path.name} is open in Excel (there is a lock file beside it). Save and close "
                               "it in Excel, then run rosterxl again.")
    if writing and path.exists() and not _writable(path):
        raise RosterInputError(f"{path.name} is read-only, so rosterxl cannot change it. Use --out to write a "
                               "marked copy elsewhere, or make the file writable.")


def _writable(path: Path) -> bool:
    """Writable, and not marked read-only by its owner (which even an administrator respects here)."""
    return bool(path.stat().st_mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_record(path: Path) -> tuple[str, list[Before]] | None:
    """The record of a previous marking: the Issues sheet's name and what each marked cell had before."""
    book = CalamineWorkbook.from_path(str(path))
    if RECORD_SHEET not in book.sheet_names:
        return None
    rows = book.get_sheet_by_name(RECORD_SHEET).to_python(skip_empty_area=False)
    issues_sheet = str(rows[0][1]) if rows and len(rows[0]) > 1 else ISSUES_SHEET
    before = []
    for row in rows[2:]:
        row = [*row, *[""] * 7][:7]
        if not row[0]:
            continue
        before.append(Before(str(row[0]), str(row[1]), int(float(row[2] or 0)), str(row[3]).encode(),
                             str(row[4]).encode(), str(row[5]).encode(), str(row[6]).encode()))
    return issues_sheet, before


def clear(pkg: Package, record: tuple[str, list[Before]]) -> int:
    """Every mark removed, the cells' own fills and notes given back. Returns how many cells were cleared."""
    issues_sheet, before = record
    parts = {name: part for name, _, part in pkg.sheets()}
    styles = Styles(pkg.parts["xl/styles.xml"])
    by_sheet: dict[str, list[Before]] = {}
    for b in before:
        by_sheet.setdefault(b.sheet, []).append(b)
    cleared = 0
    for sheet, cells in by_sheet.items():
        part = parts.get(sheet)
        if part is None:
            continue                  # the sheet was deleted or renamed since: nothing to give back
        current = cell_styles(pkg.parts[part], {b.position for b in cells})
        targets = {}
        for b in cells:
            now = current.get(b.position, 0)
            if styles.has_mark_fill(now):   # still rosterxl's fill: the person has not recoloured the cell
                targets[b.position] = (lambda _s, b=b, now=now: _original_style(styles, b, now))
        pkg.parts[part], _ = restyle(pkg.parts[part], targets)
        notes = Notes.load(pkg, part)
        for b in cells:
            comment = notes.comments.get(b.position, b"")
            ours = notes.author_of(comment) == AUTHOR.encode() or notes.text_of(b.position).startswith(f"{AUTHOR}:")
            if comment and ours:
                if b.note_xml:
                    notes.restore(b.position, b.note_xml, b.note_author)
                else:
                    notes.drop(b.position)
            cleared += 1
        notes.save()
    pkg.parts["xl/styles.xml"] = styles.serialise()
    remove_sheet(pkg, issues_sheet)
    remove_sheet(pkg, RECORD_SHEET)
    return cleared


def _original_style(styles: Styles, b: Before, now: int) -> int:
    if b.style < len(styles.xfs) and styles.xfs[b.style] == b.style_xml:
        return b.style                # the styles are as rosterxl left them
    return styles.with_fill(now, b.fill_xml or styles.fills[0])    # Excel renumbered them: same look


def mark(pkg: Package, issues: list[Issue], source_sheets: list[str], changes: list[Change] = ()) -> list[Before]:
    """Fills and notes on the cells; returns what each cell had before."""
    parts = {name: part for name, _, part in pkg.sheets()}
    styles = Styles(pkg.parts["xl/styles.xml"])
    by_sheet: dict[str, list[CellMark]] = {}
    for m in plan_marks(issues, changes):
        by_sheet.setdefault(m.sheet, []).append(m)
    before: list[Before] = []
    for sheet in source_sheets:
        marks = by_sheet.get(sheet)
        part = parts.get(sheet)
        if not marks or part is None:
            continue
        targets = {(m.row, m.column): (lambda s, fill=FILL[m.kind]: styles.with_fill(s, fill)) for m in marks}
        original_fills = {}
        pkg.parts[part], old = restyle(pkg.parts[part], targets)
        for cell, s in old.items():
            original_fills[cell] = (s, styles.xfs[s] if s < len(styles.xfs) else b"", styles.fill_of(s))
        notes = Notes.load(pkg, part)
        for m in marks:
            position = (m.row, m.column)
            own = notes.comments.get(position, b"")
            author = notes.author_of(own) if own else b""
            s, xf, fill = original_fills[position]
            before.append(Before(sheet, m.cell, s, xf, fill, own, author))
            notes.put(position, m.note, AUTHOR)
        notes.save()
    pkg.parts["xl/styles.xml"] = styles.serialise()
    return before


def _issues_rows(issues: list[Issue], sheets: list[str], styles: Styles, summary: list[str]):
    rows, header_row = issues_sheet_rows(issues, sheets, summary)
    error_style = styles.with_fill(0, ERROR_FILL)
    warning_style = styles.with_fill(0, WARNING_FILL)
    links, cell_styles_ = {}, {}
    for r, issue in enumerate(issues, start=header_row + 1):
        links[f"B{r}"] = (link_target(issue.sheet, issue.cell), issue.cell)
        cell_styles_[(r, 4)] = error_style if issue.severity is Severity.ERROR else warning_style
    return rows, header_row, links, cell_styles_


def _add_sheets(pkg: Package, issues: list[Issue], sheets: list[str], before: list[Before],
                summary: list[str]) -> None:
    styles = Styles(pkg.parts["xl/styles.xml"])
    taken = {name for name, _, _ in pkg.sheets()}
    issues_name = ISSUES_SHEET if ISSUES_SHEET not in taken else f"{ISSUES_SHEET} (rosterxl)"
    rows, header_row, links, cell_style = _issues_rows(issues, sheets, styles, summary)
    xml = sheet_xml(rows, styles=cell_style, widths=[18, 8, 20, 10, 90, 40], links=links, filter_row=header_row,
                    frozen_rows=header_row)
    position = add_sheet(pkg, issues_name, xml)
    add_filter_name(pkg, position, issues_name, f"$A${header_row}:$F${len(rows)}")
    record = [["rosterxl marks", issues_name, "Kept by rosterxl so that 'rosterxl clear' can undo its marks."],
              RECORD_HEADER]
    record += [[b.sheet, b.cell, b.style, b.style_xml.decode(), b.fill_xml.decode(), b.note_xml.decode(),
                b.note_author.decode(), "yes"] for b in before]
    add_sheet(pkg, RECORD_SHEET, sheet_xml(record), state="veryHidden")
    pkg.parts["xl/styles.xml"] = styles.serialise()


def mark_workbook(source: Path, target: Path, issues: list[Issue], sheets: list[str], changes: list[Change] = (),
                  summary: list[str] = ()) -> Path:
    """Marks replace any earlier ones: checking twice gives the workbook checking once gives. Cells changed
    since a portal export get their own colour and a note with the exported value."""
    guard(source, writing=source == target)
    pkg = Package.open(source)
    record = read_record(source)
    if record:
        clear(pkg, record)
    before = mark(pkg, issues, sheets, changes)
    _add_sheets(pkg, issues, sheets, before, list(summary))
    return pkg.save(target)


def clear_workbook(source: Path, target: Path) -> int | None:
    """Every rosterxl mark removed; None when the workbook has none."""
    guard(source, writing=source == target)
    record = read_record(source)
    if record is None:
        return None
    pkg = Package.open(source)
    cleared = clear(pkg, record)
    pkg.save(target)
    return cleared


def backup(path: Path) -> Path:
    copy = path.with_name(f"{path.stem}.before-rosterxl{path.suffix}")
    shutil.copy2(path, copy)
    return copy
