"""Template sheets in a live workbook (the same columns, dropdowns and live red cells as a template file),
the dropdown lists rewritten from a config, and a portal export loaded into a new sheet."""
from __future__ import annotations

import xlwings as xw

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.instructions import instruction_rows
from rosterxl.core.layout import FIRST_ROW, INSTRUCTIONS_SHEET, LAST_ROW, LISTS_SHEET, SIS_SHEET, snapshot_name
from rosterxl.core.marks import COLOURS
from rosterxl.core.model import Severity
from rosterxl.core.roundtrip import snapshot_rows
from rosterxl.core.sis.contents import SisReport
from rosterxl.core.tables import Table
from rosterxl.core.template import SheetPlan
from rosterxl.media.live.book import can_add_notes, find_sheet, list_names

RED = f"#{COLOURS[Severity.ERROR]}"
REQUIRED_FILL, OPTIONAL_FILL, SAMPLE_FILL = "#1F4E78", "#DDEBF7", "#F2F2F2"


def add_template_sheets(book: xw.Book, catalog: Catalog, plans: list[SheetPlan]) -> dict[str, xw.Sheet]:
    """The Instructions sheet (when there is none), the Lists sheet and one sheet per plan; returns the plans'
    sheets by name."""
    names = _lists(book, catalog, plans)
    if find_sheet(book, INSTRUCTIONS_SHEET) is None:
        rows = [cells + [""] * (4 - len(cells)) for cells, _ in instruction_rows(catalog, plans)]
        book.sheets.add(INSTRUCTIONS_SHEET, before=book.sheets[0])["A1"].value = rows
    added = {}
    for plan in sorted(plans, key=lambda p: p.entity.key != "classes"):     # the classes first: others list them
        added[plan.entity.sheet] = _template_sheet(book, plan, names)
        if plan.entity.key == "classes":
            col = xw.utils.col_name(next(i for i, c in enumerate(plan.columns, 1) if c.key == "class_name"))
            book.names.add("List_ClassGroup", f"='{plan.entity.sheet}'!${col}${FIRST_ROW}:${col}${LAST_ROW}")
    return added


def _lists(book: xw.Book, catalog: Catalog, plans: list[SheetPlan]) -> dict[str, str]:
    wanted = [k for k in dict.fromkeys(c.list_name for p in plans for c in p.columns if c.list_name)
              if k != "ClassGroup" and not catalog.lists[k].is_open]
    sheet = find_sheet(book, LISTS_SHEET) or book.sheets.add(LISTS_SHEET, after=book.sheets[-1])
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
        names["ClassGroup"] = "List_ClassGroup"       # defined once its sheet is there (add_template_sheets)
    sheet.visible = False
    return names


def _template_sheet(book: xw.Book, plan: SheetPlan, names: dict[str, str]) -> xw.Sheet:
    sheet = book.sheets.add(plan.entity.sheet, after=book.sheets[-2] if len(book.sheets) > 1 else None)
    width = len(plan.columns)
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
        if column.list_name in names and (column.kind.value == "list" or column.dropdown):
            cells.data_validation.set_list(book.names[names[column.list_name]])
        for formula in plan.live_checks(index - 1, names):
            cells.conditional_formats.add_custom(f"={formula}", fill_color=RED)
        if can_add_notes(book, sheet):
            sheet.range((1, index)).add_note(f"{'Required' if column.required else 'Optional'}. {column.help}")
    sheet.freeze_panes.freeze_at("A2")
    sheet.autofit()
    return sheet


def add_filled_sheets(book: xw.Book, catalog: Catalog, plans: list[SheetPlan], grids: list[list[list[str]]],
                      report: SisReport, copies: list[list[list[str]]] = ()) -> dict[str, xw.Sheet]:
    """The template sheets with the records under the sample rows (from row 4, where the dropdowns and red
    cells start), and the From the SIS sheet: what from-sis makes, in the open workbook. `copies`: per plan,
    the portal's export it was merged with, kept hidden. Returns the record sheets by name."""
    sheets = add_template_sheets(book, catalog, plans)
    for plan, grid in zip(plans, grids):
        if grid:
            sheets[plan.entity.sheet].range((FIRST_ROW, 1)).value = grid
    for plan, rows in zip(plans, copies):
        add_copy(book, plan.entity.sheet, rows)
    rows: list[list] = [["From the student information system"], [report.source]]
    for title, header, found in report.sections():
        rows += [[], [title], header, *(list(r) for r in found)]
    width = max(len(r) for r in rows)
    sheet = book.sheets.add(SIS_SHEET, after=book.sheets[0])
    sheet["A1"].value = [r + [""] * (width - len(r)) for r in rows]
    sheet["A1"].font.bold = True
    return sheets


def refresh_lists(book: xw.Book, catalog: Catalog) -> list[str] | None:
    """The Lists sheet's values rewritten from the catalog, so the dropdowns and red cells follow it.
    Returns the lists refreshed; None when the workbook has no template lists."""
    sheet = find_sheet(book, LISTS_SHEET)
    existing = list_names(book)
    if sheet is None or not existing:
        return None
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
    return refreshed


def add_export_sheet(book: xw.Book, table: Table) -> str:
    """A portal export in a new sheet, its ID and list columns as text so nothing is lost, with a hidden copy
    of the export so a check can tell what changed (as the open-export workbook has). Returns its name."""
    text = [[h.text for h in table.headers], *(row.values for row in table.records())]
    name = table.entity.sheet
    n = 2
    while find_sheet(book, name) is not None:
        name, n = f"{table.entity.sheet} ({n})", n + 1
    sheet = book.sheets.add(name, after=book.sheets[-1])
    for header in table.headers:
        if header.column is not None and (header.column.keeps_digits or header.column.list_name):
            sheet.range((1, header.index + 1), (len(text), header.index + 1)).number_format = "@"
    width = max(len(r) for r in text)
    sheet["A1"].value = [r + [""] * (width - len(r)) for r in text]
    sheet.range((1, 1), (1, width)).font.bold = True
    sheet.freeze_panes.freeze_at("A2")
    add_copy(book, name, snapshot_rows(table))
    return name


def add_copy(book: xw.Book, sheet: str, rows: list[list[str]]) -> None:
    """The export a sheet was made from (header first, passwords left out) in a hidden sheet, every cell text
    so an ID like 0004412 is read back as it was exported."""
    copy = book.sheets.add(snapshot_name(sheet), after=book.sheets[-1])
    width = max(len(r) for r in rows)
    copy.range((1, 1), (len(rows), width)).number_format = "@"
    copy["A1"].value = [r + [""] * (width - len(r)) for r in rows]
    copy.visible = False
