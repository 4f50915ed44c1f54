"""Marks in place in a workbook file: each bad cell gets a fill and a note, the workbook an Issues sheet
with a link to each; the marks record (core.marks) keeps what the cells had before, so clearing gives back
exactly the person's own fills and notes. The workbook is edited part by part; nothing else in it changes."""
from __future__ import annotations

import html
import os
import zipfile
import zlib
from functools import partial
from pathlib import Path

from rosterxl.core.gc_pauses import without_gc_pauses
from rosterxl.core.layout import RECORD_SHEET, issues_sheet_name
from rosterxl.core.marks import (
    ANSWERS,
    APPLY_COLUMN,
    APPLY_PROMPT,
    AUTHOR,
    MarkedCell,
    MarkPlan,
    fill_colour,
    issues_sheet_rows,
    read_answers,
    read_record,
    record_rows,
)
from rosterxl.core.model import RosterInputError, Severity, cell_position, column_letter
from rosterxl.media.files import BACKUP_LABEL, numbered_copy, same_file
from rosterxl.media.xlsx.package import Package, relationships, whole, workbook_in, workbook_sheets
from rosterxl.media.xlsx.reader import WorkbookFile
from rosterxl.media.xlsx.undo import give_back, read_undo, undo_record
from rosterxl.media.xlsx.xmlbook import add_filter_name, add_sheet, link_target, remove_sheet, sheet_xml
from rosterxl.media.xlsx.xmlnotes import Notes
from rosterxl.media.xlsx.xmlsheet import cell_styles, restyle, restyle_edits, set_texts
from rosterxl.media.xlsx.xmlstyles import MARK_FILL, Styles, fill_for, styles_part

Record = tuple[str, list[MarkedCell]]


def guard(path: Path, writing: bool) -> None:
    """A workbook open in Excel, or one rosterxl may not change, is left alone with a clear message."""
    lock = path.with_name(f"~${path.name}")
    if lock.exists():
        raise RosterInputError("file.open-in-excel",
                               f"{path.name} is open in Excel (there is a lock file beside it). Save and close "
                               "it in Excel, then run rosterxl again.", file=path.name)
    if writing and path.exists() and not _writable(path):
        raise RosterInputError("file.read-only", f"{path.name} is read-only, so rosterxl cannot change it.",
                               file=path.name)


def _writable(path: Path) -> bool:
    """Writable, and not marked read-only by its owner (which even an administrator respects here)."""
    return bool(path.stat().st_mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _marked(path: Path) -> tuple[WorkbookFile, list[list], Record] | None:
    """The workbook, its record sheet's cells and the record of a previous marking; None when it has none (told
    by the workbook part's sheet names: a workbook never marked is not surveyed again)."""
    if not _may_have_record(path):
        return None
    book = WorkbookFile(path)
    if RECORD_SHEET not in book.sheet_names():
        return None
    grid = book.grid(RECORD_SHEET)
    record = read_record(grid)
    return None if record is None else (book, grid, record)


def _may_have_record(path: Path) -> bool:
    """False only when the workbook part is read and names no record sheet; a package that cannot be read this
    way is left to the reader (and its messages)."""
    try:
        with zipfile.ZipFile(path) as z:
            part = workbook_in(z)
            rels = relationships(z.read(Package.rels_name(part))) if Package.rels_name(part) in z.namelist() else []
            return RECORD_SHEET in {name for name, _, _ in workbook_sheets(z.read(part), rels, part)}
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, zlib.error, ValueError, RosterInputError):
        return True


def record_of(path: Path) -> tuple[Record, dict | None] | None:
    """The record of a previous marking (by this medium or the live one) and the package's undo kept with it
    (None when there is none); None when the workbook has no record."""
    found = _marked(path)
    return None if found is None else (found[2], read_undo(found[1][0]))


def answers_of(path: Path) -> dict[tuple[str, str, str], str]:
    """The Apply? answers a person gave on the Issues sheet of a previous marking (none when unmarked)."""
    found = _marked(path)
    return {} if found is None else _answers(found[0], found[2])


def _answers(book: WorkbookFile, record: Record) -> dict[tuple[str, str, str], str]:
    issues_sheet = record[0]
    return read_answers(book.grid(issues_sheet)) if issues_sheet in book.sheet_names() else {}


def clear(pkg: Package, record: Record, undo: dict | None = None) -> int:
    """Every mark removed, the cells' own fills and notes given back. When nothing has changed the package since
    rosterxl marked it, every part is given back byte for byte; otherwise the marks are undone by what they
    mean. Returns how many cells were cleared."""
    issues_sheet, before = record
    if undo is not None and give_back(pkg, undo):
        return len(before)
    parts = pkg.worksheets()
    styles_name = styles_part(pkg)
    styles = Styles(pkg.parts[styles_name])
    by_sheet: dict[str, list[MarkedCell]] = {}
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
                    notes.restore(b.position, b.note_xml.encode(), b.note_author.encode())
                elif b.note:
                    notes.put(b.position, b.note, b.note_author or "")
                else:
                    notes.drop(b.position)
            cleared += 1
        notes.save()
    pkg.parts[styles_name] = styles.serialise()
    remove_sheet(pkg, issues_sheet)
    remove_sheet(pkg, RECORD_SHEET)
    return cleared


def _original_style(styles: Styles, b: MarkedCell, now: int) -> int:
    if b.style is not None and b.style < len(styles.xfs) and styles.xfs[b.style] == b.style_xml.encode():
        return b.style                # the styles are as rosterxl left them
    if b.fill_xml:                    # Excel renumbered them: the same look
        return styles.with_fill(now, b.fill_xml.encode())
    return styles.with_fill(now, fill_for(b.fill))     # marked in live Excel: the colour it recorded


def mark(pkg: Package, plan: MarkPlan) -> list[MarkedCell]:
    """Fills and notes on the cells; returns what each cell had before."""
    parts = pkg.worksheets()
    styles_name = styles_part(pkg)
    styles = Styles(pkg.parts[styles_name])
    before: list[MarkedCell] = []
    made: dict[tuple[int, bytes], int] = {}      # (a cell's style, the mark's fill) -> the style made for both

    def filled(style: int, fill: bytes) -> int:
        if (style, fill) not in made:
            made[(style, fill)] = styles.with_fill(style, fill)
        return made[(style, fill)]
    for sheet, marks in plan.by_sheet().items():
        part = parts.get(sheet)
        if part is None:
            continue
        positions = [cell_position(m.cell) for m in marks]
        targets = {position: partial(filled, fill=MARK_FILL[m.kind]) for position, m in zip(positions, marks)}
        edits, old = restyle_edits(whole(pkg.parts[part]), targets)
        pkg.splice(part, edits)
        notes = Notes.load(pkg, part)
        comments, threaded = notes.comments, notes.threaded
        looks: dict[int, tuple[str, str | None, str]] = {}    # a style -> its fill, fill colour and XML, once
        for position, m in zip(positions, marks):
            own = comments.get(position, b"")
            style = old[position]
            look = looks.get(style)
            if look is None:
                fill = styles.fill_of(style).decode("utf-8", "replace")
                look = looks[style] = (fill, fill_colour(fill), (styles.xfs[style] if style < len(styles.xfs)
                                                                 else b"").decode("utf-8", "replace"))
            # a comment thread keeps its placeholder note: the fill and the Issues sheet tell the problem
            thread = position in threaded
            before.append(MarkedCell(
                sheet, m.cell, not thread, look[1], html.unescape(notes.text_of(position)) if own else "", style,
                look[2], look[0], own.decode("utf-8", "replace"),
                (notes.author_of(own) if own else b"").decode("utf-8", "replace")))
            if not thread:
                notes.put(position, m.note, AUTHOR)
        notes.save()
    pkg.parts[styles_name] = styles.serialise()
    return before


def _add_sheets(pkg: Package, plan: MarkPlan, before: list[MarkedCell], original: dict[str, bytes],
                answers: dict[tuple[str, str, str], str]) -> None:
    """The Issues sheet and the record of marks, with what gives back the parts as they were (`original`)."""
    styles_name = styles_part(pkg)
    styles = Styles(pkg.parts[styles_name])
    issues_name = issues_sheet_name([name for name, _, _ in pkg.sheets()])
    rows, header_row = issues_sheet_rows(plan.issues, plan.sheets, plan.summary, answers=answers)
    error_style = styles.with_fill(0, MARK_FILL[Severity.ERROR])
    warning_style = styles.with_fill(0, MARK_FILL[Severity.WARNING])
    links, cell_style, asked = {}, {}, []
    apply = column_letter(APPLY_COLUMN - 1)
    for r, issue in enumerate(plan.issues, start=header_row + 1):
        links[f"B{r}"] = (link_target(issue.sheet, issue.cell), issue.cell)
        cell_style[(r, 4)] = error_style if issue.severity is Severity.ERROR else warning_style
        if issue.fix == "likely":
            asked.append(f"{apply}{r}")
    xml = sheet_xml(rows, styles=cell_style, widths=[18, 8, 20, 10, 90, 40, 12], links=links, filter_row=header_row,
                    frozen_rows=header_row, choices=(asked, ANSWERS, APPLY_PROMPT))
    position = add_sheet(pkg, issues_name, xml)
    add_filter_name(pkg, position, issues_name, f"$A${header_row}:${apply}${len(rows)}")
    record = record_rows(issues_name, before, "'rosterxl clear'")
    add_sheet(pkg, RECORD_SHEET, b"", state="veryHidden")    # its cells written once, when the undo is known
    pkg.parts[styles_name] = styles.serialise()
    record_part = pkg.worksheets()[RECORD_SHEET]
    record[0] = [*record[0], *undo_record(original, pkg, {record_part})]
    pkg.parts[record_part] = sheet_xml(record)


def mark_workbook(source: Path, target: Path, plan: MarkPlan,
                  texts: dict[str, dict[tuple[int, int], str]] | None = None, keep: bool = False) -> Path | None:
    """Marks replace any earlier ones: checking twice gives the workbook checking once gives. Cells changed
    since a portal export get their own colour and a note with the exported value. `texts` are new values for
    cells (by sheet, (row, column)), written in the same save: a fix and its marks land together or not at all.
    `keep`: a different file at `target` is kept first as NAME.before-rosterxl.xlsx; the copy kept, or None."""
    guard(source, writing=same_file(source, target))
    with without_gc_pauses():      # writing makes many short-lived objects in no cycles (~0.3 s of walks at 100k)
        return _mark_workbook(source, target, plan, texts, keep)


def _mark_workbook(source: Path, target: Path, plan: MarkPlan, texts: dict[str, dict[tuple[int, int], str]] | None,
                   keep: bool) -> Path | None:
    pkg = Package.open(source)
    found = _marked(source)
    answers = plan.answers
    if found:
        book, grid, record = found
        clear(pkg, record, read_undo(grid[0]))
        answers = answers or _answers(book, record)      # a person's answers stay on the rows still there
    if texts:
        parts = pkg.worksheets()
        for sheet, cells in texts.items():
            pkg.replace(parts[sheet], set_texts(whole(pkg.parts[parts[sheet]]), cells))
    original = pkg.snapshot()
    before = mark(pkg, plan)
    _add_sheets(pkg, plan, before, original, answers)
    return pkg.save(target, keep)


def clear_workbook(source: Path, target: Path) -> int | None:
    """Every rosterxl mark removed; None when the workbook has none."""
    guard(source, writing=same_file(source, target))
    record = record_of(source)
    if record is None:
        return None
    pkg = Package.open(source)
    cleared = clear(pkg, *record)
    pkg.save(target)
    return cleared


def backup(path: Path) -> Path:
    """NAME.before-rosterxl.xlsx (then -2, -3...): the first, pristine copy is never replaced."""
    return numbered_copy(path, BACKUP_LABEL)
