"""The functions behind the Roster ribbon buttons. Each takes an xw.Book (the calling book when none is
given) and works on the live workbook. Where an engine lacks something, they degrade and say so."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import xlwings as xw

from rosterxl.catalog.config import load_catalog
from rosterxl.excel.live import (
    book_folder,
    caller,
    can_add_notes,
    catalog_for,
    config_beside,
    is_remote,
    list_names,
    paint,
    read_tables,
)
from rosterxl.export import write_table
from rosterxl.files import read_csv_table
from rosterxl.instructions_text import instruction_rows
from rosterxl.marking import CHANGED, CellMark, change_summary, changed_cells, issues_sheet_rows, plan_marks
from rosterxl.model import Issue, RosterInputError, Severity, plural
from rosterxl.roundtrip import SNAPSHOT_PREFIX, snapshot_rows
from rosterxl.rules import check_tables
from rosterxl.template_spec import FIRST_ROW, LAST_ROW, SheetPlan, live_checks
from rosterxl.workbook.layout import ISSUES_SHEET, LISTS_SHEET, RECORD_HEADER, RECORD_SHEET

RED, YELLOW = "#FFC7CE", "#FFEB9C"
BLUE = "#BDD7EE"
FILL = {Severity.ERROR: RED, Severity.WARNING: YELLOW, CHANGED: BLUE}
REQUIRED_FILL, OPTIONAL_FILL, SAMPLE_FILL = "#1F4E78", "#DDEBF7", "#F2F2F2"


def _tell(book: xw.Book, text: str, title: str = "rosterxl") -> None:
    book.app.alert(text, title=title)


def _sheet(book: xw.Book, name: str) -> xw.Sheet | None:
    return next((s for s in book.sheets if s.name == name), None)


# ---- Check and Clear marks ---------------------------------------------------------------------------

def check(book: xw.Book | None = None) -> dict[str, int]:
    """Check every entity sheet, mark each bad cell with a fill and a note, write the Issues sheet."""
    book = caller(book)
    catalog = catalog_for(book)
    tables = read_tables(book, catalog)
    if not tables:
        _tell(book, "No sheet here looks like Classes/Groups, Educators or Students: their header row should be "
                    "in row 1. Use 'New template' to add the sheets.")
        return {"errors": 0, "warnings": 0}
    issues, ctx = check_tables(tables, catalog)
    clear_marks(book, quiet=True)
    marks = plan_marks(issues, changed_cells(tables, ctx))
    skipped_notes = _mark(book, marks)
    _issues_sheet(book, issues, [t.sheet for t in tables], change_summary(tables, ctx))
    _record(book, marks, skipped_notes)
    counts = Counter(i.severity for i in issues)
    text = (f"{plural(counts[Severity.ERROR], 'error')} and {plural(counts[Severity.WARNING], 'warning')} "
            f"in {plural(len({(i.sheet, i.cell) for i in issues}), 'cell')}. The Issues sheet lists them, "
            "with a link to each cell.")
    if skipped_notes:
        text += (f" {plural(len(skipped_notes), 'cell')} already had a note or this Excel cannot add notes: "
                 "their problems are on the Issues sheet only.")
    _tell(book, text, "rosterxl: check")
    return {"errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING]}


def _mark(book: xw.Book, marks: list[CellMark]) -> set[tuple[str, str]]:
    """Fills in batches; one note per marked cell. Returns the cells that got no note."""
    skipped = set()
    by_sheet: dict[str, list[CellMark]] = {}
    for m in marks:
        by_sheet.setdefault(m.sheet, []).append(m)
    for name, sheet_marks in by_sheet.items():
        sheet = book.sheets[name]
        paint(sheet, {(m.row, m.column): FILL[m.kind] for m in sheet_marks})
        notes = can_add_notes(book, sheet)
        for m in sheet_marks:
            cell = sheet[m.cell]
            if not notes or cell.note is not None:      # the person's own note stays as it is
                skipped.add((m.sheet, m.cell))
                continue
            cell.add_note(m.note)
    return skipped


def _link(sheet: str, cell: str) -> str:
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return f'=HYPERLINK("{target}","{cell}")'


def _issues_sheet(book: xw.Book, issues: list[Issue], sheets: list[str], summary: list[str]) -> None:
    rows, header = issues_sheet_rows(issues, sheets, summary, _link)
    sheet = book.sheets.add(ISSUES_SHEET, after=book.sheets[-1])
    sheet["A1"].value = rows
    sheet.range((header, 1), (header, 6)).font.bold = True
    sheet.range((3, 1), (3, 3)).font.bold = True
    sheet.autofit()


def _record(book: xw.Book, marks: list[CellMark], skipped: set[tuple[str, str]]) -> None:
    rows = [["rosterxl marks", ISSUES_SHEET, "Kept by rosterxl so that 'Clear marks' can undo its marks.",
             "", "", "", "", ""], RECORD_HEADER]
    rows += [[m.sheet, m.cell, "", "", "", "", "", "" if (m.sheet, m.cell) in skipped else "yes"] for m in marks]
    sheet = book.sheets.add(RECORD_SHEET, after=book.sheets[-1])
    sheet["A1"].value = rows
    sheet.visible = False


def clear_marks(book: xw.Book | None = None, quiet: bool = False) -> int:
    """Remove exactly the marks rosterxl made: fills, notes, the Issues sheet and the record."""
    book = caller(book)
    record = _sheet(book, RECORD_SHEET)
    if record is None:
        if not quiet:
            _tell(book, "This workbook has no rosterxl marks.")
        return 0
    values = record.used_range.options(ndim=2, empty="").value
    issues_name = str(values[0][1]) if values and len(values[0]) > 1 and values[0][1] else ISSUES_SHEET
    rows = [r for r in values[2:] if r and r[0]]
    by_sheet: dict[str, list[list]] = {}
    for r in rows:
        by_sheet.setdefault(str(r[0]), []).append(r)
    for name, cells in by_sheet.items():
        sheet = _sheet(book, name)
        if sheet is None:
            continue
        positions = {}
        for r in cells:
            rng = sheet[str(r[1])]
            positions[(rng.row, rng.column)] = None          # no fill: this Excel cannot say what was there
            if len(r) > 7 and r[7] == "yes" and rng.note is not None:
                rng.note.delete()
        paint(sheet, positions)
    for name in (issues_name, RECORD_SHEET):
        sheet = _sheet(book, name)
        if sheet is not None:
            sheet.delete()
    if not quiet:
        _tell(book, f"Cleared the marks of {plural(len(rows), 'cell')}.")
    return len(rows)


# ---- Save CSVs and Open export -----------------------------------------------------------------------

def save_csvs(book: xw.Book | None = None, force: bool = False, folder: str | None = None) -> list[str]:
    """Write the upload CSV files next to the workbook (split past 10,000 records); sheets with errors only
    when the person confirms."""
    book = caller(book)
    where = Path(folder) if folder else book_folder(book)
    if where is None:
        _tell(book, "This Excel cannot save files from Python (Excel on the web, xlwings Lite or Server). Save "
                    "the workbook and use the command line: rosterxl export WORKBOOK --out-dir FOLDER.")
        return []
    catalog = catalog_for(book)
    tables = read_tables(book, catalog)
    issues, ctx = check_tables(tables, catalog)
    bad = {i.sheet for i in issues if i.severity is Severity.ERROR}
    if bad and not force:
        if is_remote(book):
            _tell(book, f"Not saved: {', '.join(sorted(bad))} still have errors. Fix them, or use "
                        "'Save CSVs anyway'.")
            return []
        answer = book.app.alert(f"{', '.join(sorted(bad))} still have errors, so the portal would reject some "
                                "records. Save the CSV files anyway?", title="rosterxl", buttons="yes_no")
        if answer != "yes":
            return []
    written = []
    for table in tables:
        if not ctx.records(table):
            continue
        written += [str(p) for p in write_table(table, ctx, where)]
    _tell(book, "Saved: " + ", ".join(Path(p).name for p in written) + f" in {where}." if written
          else "There are no records to save.")
    return written


def open_export(path: str, book: xw.Book | None = None) -> str:
    """Load a portal export CSV into a new sheet, its ID columns as text so nothing is lost, with a hidden
    copy of the export so Check can tell what changed (as rosterxl open-export does)."""
    book = caller(book)
    catalog = catalog_for(book)
    try:
        table = read_csv_table(Path(path), catalog)
    except RosterInputError as exc:
        _tell(book, str(exc))
        raise
    text = [[h.text for h in table.headers], *(row.values for row in table.records())]
    name = table.entity.sheet
    n = 2
    while _sheet(book, name) is not None:
        name, n = f"{table.entity.sheet} ({n})", n + 1
    sheet = book.sheets.add(name, after=book.sheets[-1])
    for header in table.headers:
        if header.column is not None and (header.column.keeps_digits or header.column.list_name):
            sheet.range((1, header.index + 1), (len(text), header.index + 1)).number_format = "@"
    width = max(len(r) for r in text)
    sheet["A1"].value = [r + [""] * (width - len(r)) for r in text]
    sheet.range((1, 1), (1, width)).font.bold = True
    sheet.freeze_panes.freeze_at("A2")
    snapshot = book.sheets.add(f"{SNAPSHOT_PREFIX}{name}"[:31], after=book.sheets[-1])   # to tell what changed
    snapshot["A1"].value = snapshot_rows(table)
    snapshot.visible = False
    _tell(book, f"Loaded {plural(len(text) - 1, 'record')} of {Path(path).name} into the sheet '{name}'.")
    return name


# ---- New template and Refresh lists ------------------------------------------------------------------

def new_template(book: xw.Book | None = None, entities: str = "classes,educators,students",
                 optional: str = "all", config: str | None = None) -> list[str]:
    """Add the template sheets to the workbook: headers, sample rows, dropdowns from a Lists sheet, live
    red cells, text-formatted IDs. Input messages become notes on the headers (xlwings cannot set them)."""
    from rosterxl.workbook.plans import plans_from_choices

    book = caller(book)
    catalog = catalog_for(book, config)
    plans = plans_from_choices(catalog, [e.strip() for e in entities.split(",") if e.strip()],
                               [o.strip() for o in optional.split(",") if o.strip()])
    taken = [p.entity.sheet for p in plans if _sheet(book, p.entity.sheet) is not None]
    if taken:
        _tell(book, f"The workbook already has a sheet called {', '.join(taken)}. Rename or delete it first.")
        return []
    names = _lists(book, catalog, plans)
    if _sheet(book, "Instructions") is None:
        rows = [cells + [""] * (4 - len(cells)) for cells, _ in instruction_rows(catalog, plans)]
        book.sheets.add("Instructions", before=book.sheets[0])["A1"].value = rows
    for plan in plans:
        _template_sheet(book, plan, names)
    _tell(book, f"Added {', '.join(p.entity.sheet for p in plans)}. Dropdowns and red cells work in any Excel; "
                "what goes in each column is in the note on its header.")
    return [p.entity.sheet for p in plans]


def _lists(book: xw.Book, catalog, plans: list[SheetPlan]) -> dict[str, str]:
    wanted = [k for k in dict.fromkeys(c.list_name for p in plans for c in p.columns if c.list_name)
              if k != "ClassGroup" and not catalog.lists[k].is_open]
    sheet = _sheet(book, LISTS_SHEET) or book.sheets.add(LISTS_SHEET, after=book.sheets[-1])
    longest = max((len(catalog.lists[k].values) for k in wanted), default=0)
    sheet["A1"].value = [[k for k in wanted]] + [
        [catalog.lists[k].values[i] if i < len(catalog.lists[k].values) else "" for k in wanted]
        for i in range(longest)]
    names = {}
    for index, key in enumerate(wanted, start=1):
        letter = xw.utils.col_name(index)
        book.names.add(f"List_{key}", f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(catalog.lists[key].values) + 1}")
        names[key] = f"List_{key}"
    if any(p.entity.key == "classes" for p in plans):
        plan = next(p for p in plans if p.entity.key == "classes")
        col = xw.utils.col_name(next(i for i, c in enumerate(plan.columns, 1) if c.key == "class_name"))
        book.names.add("List_ClassGroup", f"='{plan.entity.sheet}'!${col}${FIRST_ROW}:${col}${LAST_ROW}")
        names["ClassGroup"] = "List_ClassGroup"
    sheet.visible = False
    return names


def _template_sheet(book: xw.Book, plan: SheetPlan, names: dict[str, str]) -> None:
    sheet = book.sheets.add(plan.entity.sheet, after=book.sheets[-2] if len(book.sheets) > 1 else None)
    width = len(plan.columns)
    last = xw.utils.col_name(width)
    for index, column in enumerate(plan.columns, start=1):
        if column.keeps_digits or column.list_name:
            sheet.range((1, index), (LAST_ROW, index)).number_format = "@"
    samples = [[s.get(c.key, "") for c in plan.columns] for s in plan.entity.sample_rows[:2]]
    sheet["A1"].value = [[c.header for c in plan.columns], *samples]
    sheet.range((1, 1), (1, width)).set_colors([[REQUIRED_FILL if c.required else OPTIONAL_FILL
                                                 for c in plan.columns]])
    sheet.range((1, 1), (1, width)).font.bold = True
    sheet.range((2, 1), (3, width)).color = SAMPLE_FILL
    sheet.range((2, 1), (3, width)).font.italic = True
    for index, column in enumerate(plan.columns, start=1):
        letter = xw.utils.col_name(index)
        cells = sheet.range(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
        if column.list_name in names and column.kind.value == "list":
            cells.data_validation.set_list(book.names[names[column.list_name]])
        for formula in live_checks(column, letter, last, names):
            cells.conditional_formats.add_custom(f"={formula}", fill_color=RED)
        if can_add_notes(book, sheet):
            sheet.range((1, index)).add_note(f"{'Required' if column.required else 'Optional'}. {column.help}")
    sheet.freeze_panes.freeze_at("A2")
    sheet.autofit()


def refresh_lists(book: xw.Book | None = None, config: str | None = None) -> list[str]:
    """Rewrite the Lists sheet from the district config, so the dropdowns and red cells follow it."""
    book = caller(book)
    path = config or config_beside(book)
    if path is None:
        _tell(book, "No district config (rosterxl.toml) was found beside the workbook: the lists stay as they are.")
        return []
    catalog = load_catalog(path)
    sheet = _sheet(book, LISTS_SHEET)
    existing = list_names(book)
    if sheet is None or not existing:
        _tell(book, "This workbook has no template lists to refresh. Use 'New template' first.")
        return []
    refreshed = []
    for key, name in existing.items():
        if key == "ClassGroup" or key not in catalog.lists or catalog.lists[key].is_open:
            continue
        values = list(catalog.lists[key].values)
        target = name.refers_to_range
        column = target.column
        old = target.rows.count
        sheet.range((2, column), (1 + max(old, len(values)), column)).value = \
            [[v] for v in values] + [[""]] * max(0, old - len(values))
        letter = xw.utils.col_name(column)
        name.refers_to = f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        refreshed.append(key)
    _tell(book, f"Refreshed the lists: {', '.join(refreshed) or 'none'}, from {Path(path).name}.")
    return refreshed

