"""Template workbooks a school can fill in with nothing installed: dropdowns from a hidden Lists sheet,
an input message on every column, live red cells through conditional formatting, text-formatted IDs."""
from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import os
import sys
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rosterxl.core.catalog.catalog import CATALOG_VERSION, Catalog
from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.layout import FIRST_ROW, LAST_ROW, LISTS_SHEET, RECORDS, SAMPLES_TITLE, spelling_key
from rosterxl.core.template import SheetPlan
from rosterxl.media.files import write_atomically
from rosterxl.media.xlsx.instructions_sheet import write_instructions

FIXED_DATE = dt.datetime(2026, 11, 1)  # the templates' own date, so regenerating them changes nothing
RED = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
RED_FONT = Font(color="9C0006")
REQUIRED_FILL = PatternFill("solid", fgColor="1F4E78")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
SAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")
SAMPLE_FONT = Font(italic=True, color="808080")


def list_name(column: Column) -> str:
    return f"List_{column.list_name}"


def lists_sheet(book: Workbook, catalog: Catalog, plans: list[SheetPlan], first: int = FIRST_ROW,
                 last: int = LAST_ROW) -> dict[str, str]:
    """The hidden Lists sheet: one column per list, each behind a defined name. Returns list -> name."""
    sheet = book.create_sheet(LISTS_SHEET)
    wanted = dict.fromkeys(c.list_name for p in plans for c in p.columns if c.list_name)
    names: dict[str, str] = {}
    index = 0
    for key in wanted:
        allowed = catalog.lists[key]
        if key == "ClassGroup" and any(p.entity.key == "classes" for p in plans):
            names[key] = f"List_{key}"                    # the classes typed in this very workbook
            book.defined_names[names[key]] = DefinedName(names[key], attr_text=_classes_sheet_range(plans, first, last))
            continue
        if allowed.is_open:
            continue
        index += 1
        names[key] = _list_column(book, sheet, index, allowed.label, allowed.values, f"List_{key}")
        spellings = [a for a in allowed.aliases if allowed.aliases[a] in allowed.values]
        if spellings:                   # 'Grade 7', '07': the CSV writes the portal's spelling, so not red
            index += 1
            names[spelling_key(key)] = _list_column(book, sheet, index, f"{allowed.label}: other spellings",
                                                    spellings, f"List_{key}_Spellings")
    for plan in plans:                  # the sample rows, so a check of the filled workbook knows them
        index += 2
        sheet.cell(row=1, column=index, value=f"{SAMPLES_TITLE}{plan.entity.sheet}").font = Font(bold=True)
        for row, column in enumerate(plan.columns, start=2):
            sheet.cell(row=row, column=index, value=column.header)
            for n, sample in enumerate(plan.entity.sample_rows[:2], start=1):
                sheet.cell(row=row, column=index + n, value=sample.get(column.key) or None)
        index += 2
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True      # no password: it only keeps the lists from being edited by accident
    return names


def _list_column(book: Workbook, sheet: Worksheet, index: int, title: str, values, name: str) -> str:
    """One column of the Lists sheet: a title, the values as text, a defined name over the values."""
    letter = get_column_letter(index)
    sheet.cell(row=1, column=index, value=title).font = Font(bold=True)
    for row, value in enumerate(values, start=2):
        sheet.cell(row=row, column=index, value=value).number_format = "@"
    ref = f"{_quoted(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    book.defined_names[name] = DefinedName(name, attr_text=ref)
    sheet.column_dimensions[letter].width = max(14, max(len(v) for v in values) + 2)
    return name


def _classes_sheet_range(plans: list[SheetPlan], first: int, last: int) -> str:
    plan = next(p for p in plans if p.entity.key == "classes")
    letter = get_column_letter(next(i for i, c in enumerate(plan.columns, 1) if c.key == "class_name"))
    return f"{_quoted(plan.entity.sheet)}!${letter}${first}:${letter}${last}"


def _quoted(sheet: str) -> str:
    return f"'{sheet}'" if not sheet.isalnum() else sheet


def build_template(catalog: Catalog, plans: list[SheetPlan]) -> Workbook:
    book = Workbook()
    write_instructions(book.active, catalog, plans)
    for plan in plans:
        book.create_sheet(plan.entity.sheet)
    lists = lists_sheet(book, catalog, plans)
    for plan in plans:
        entity_sheet(book[plan.entity.sheet], catalog, plan, lists)
    _properties(book, plans)
    return book


def entity_sheet(sheet: Worksheet, catalog: Catalog, plan: SheetPlan, lists: dict[str, str],
                  first: int = FIRST_ROW, last_row: int = LAST_ROW) -> None:
    """Headers, sample rows (templates only: rows 2 and 3), validation and live checks from row `first`."""
    for index, column in enumerate(plan.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.alignment = Alignment(vertical="center")
        cell.comment = Comment(f"{'Required' if column.required else 'Optional'}. {column.help}", "rosterxl",
                               width=260, height=110)
        for row, sample in enumerate(plan.entity.sample_rows[:2] if first > 2 else (), start=2):
            sample_cell = sheet.cell(row=row, column=index, value=sample.get(column.key) or None)
            sample_cell.font, sample_cell.fill = SAMPLE_FONT, SAMPLE_FILL
        dimension = sheet.column_dimensions[letter]
        dimension.width = 40 if column.is_multi else max(14, len(column.header) + 4)
        if column.keeps_digits or column.list_name:
            dimension.number_format = "@"       # kept as typed: leading zeros, long IDs, grades like 3 or 1-2
        _validation(sheet, column, f"{letter}{first}:{letter}{last_row}", lists, _prompt(column, catalog))
        for formula in plan.live_checks(index - 1, lists, first, last_row):
            sheet.conditional_formatting.add(f"{letter}{first}:{letter}{last_row}",
                                             FormulaRule(formula=[formula], fill=RED, font=RED_FONT))
    if first > 2:
        sheet.cell(row=2, column=1).comment = Comment(
            "Rows 2 and 3 are examples. Delete them or leave them: rosterxl leaves them out of the CSV.", "rosterxl")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 22
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"


def _prompt(column: Column, catalog: Catalog) -> str:
    text = column.help
    if column.is_multi and column.max_items != 1 and ";" not in text:
        values = catalog.lists[column.list_name].values if column.list_name else ()
        example = ";".join(values[:2]) if len(values) >= 2 else "First value;Second value"
        text += f" For example: {example}"
    return text if len(text) <= 250 else text[:247] + "..."


def _validation(sheet: Worksheet, column: Column, cells: str, lists: dict[str, str], prompt: str) -> None:
    title = column.header[:32]
    single_list = (column.kind is Kind.LIST or column.dropdown) and column.list_name in lists
    if single_list:
        strict = column.list_name != "Product"       # product names are not confirmed: warn, don't stop
        several = " Several are separated by semicolons." if column.is_multi else ""
        dv = DataValidation(type="list", formula1=lists[column.list_name], allow_blank=True,
                            errorStyle="stop" if strict and not column.is_multi else "warning", showErrorMessage=True,
                            errorTitle="Not in the list"[:32],
                            error=f"This {column.header.lower()} is not in the list. Pick one from the dropdown."
                                  f"{several}")
    elif column.kind is Kind.WHOLE_NUMBER:
        dv = DataValidation(type="whole", operator="greaterThan", formula1="0", allow_blank=True,
                            errorStyle="warning", showErrorMessage=True, errorTitle="A whole number",
                            error=f"{column.header} is a whole number, like 20.")
    else:
        dv = DataValidation(allow_blank=True)       # no rule, only the input message
    dv.promptTitle, dv.prompt, dv.showInputMessage = title, prompt, True
    dv.add(cells)
    sheet.add_data_validation(dv)


def _properties(book: Workbook, plans: list[SheetPlan]) -> None:
    props = book.properties
    props.title = "Imagine Learning rostering template"
    props.subject = ", ".join(p.entity.name for p in plans)
    props.creator = props.lastModifiedBy = "rosterxl"
    props.keywords = "rosterxl template"
    props.created = props.modified = FIXED_DATE
    book.custom_doc_props.append(StringProperty(name="rosterxl.template", value="1"))
    book.custom_doc_props.append(StringProperty(name="rosterxl.catalog", value=CATALOG_VERSION))
    book.custom_doc_props.append(StringProperty(name="rosterxl.entities",
                                                value=",".join(p.entity.key for p in plans)))


def record_sheets(book: Workbook, catalog: Catalog, plans: list[SheetPlan], most: int) -> list[Worksheet]:
    """A sheet per plan whose records start in row 2 (no sample rows), with the Lists sheet, the dropdowns and
    the red cells over at least the portal's 10,000 rows (`most`: the most records a sheet will hold)."""
    for plan in plans:
        book.create_sheet(plan.entity.sheet)
    last = max(RECORDS, most) + 1
    lists = lists_sheet(book, catalog, plans, first=2, last=last)
    sheets = [book[p.entity.sheet] for p in plans]
    for sheet, plan in zip(sheets, plans):
        entity_sheet(sheet, catalog, plan, lists, first=2, last_row=last)
    return sheets


def as_text(cells) -> None:
    """Cells whose value starts with = hold that text (a name, an id), not a formula: openpyxl would write one."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def append_text(sheet: Worksheet, values: list) -> None:
    """A row of values appended as they are (text starting with = included). The row is looked at again only
    when it has such a text: finding the last row costs a walk over the sheet."""
    sheet.append(values)
    if any(isinstance(v, str) and v.startswith("=") for v in values):
        as_text(sheet[sheet.max_row])


def save_workbook(book: Workbook, path: str | Path) -> Path:
    """Saved in one step: a failed save leaves the previous file as it was. The package is made in memory and
    written at once, so that a full disk is one error, not also a half-closed package complaining later."""
    write_atomically(path, lambda temporary: temporary.write_bytes(workbook_bytes(book, path)))
    return Path(path)


def workbook_bytes(book: Workbook, path: str | Path) -> bytes:
    """The package openpyxl makes, in memory. Its sheets go through temporary files first: one that cannot be
    written (a full disk) is the OSError of `path`, the file being made."""
    buffer = io.BytesIO()
    failed = ""
    try:
        book.save(buffer)
    except etree.SerialisationError as exc:
        failed = str(exc)
    if failed:
        _collect_quietly()
        code = getattr(errno, failed.removeprefix("IO_"), errno.EIO)
        raise OSError(code, os.strerror(code), str(path))
    return buffer.getvalue()


def _collect_quietly() -> None:
    """openpyxl's half-written sheet streams closed now, without each one printing its error on the way out."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def write_template(path: str | Path, catalog: Catalog, plans: list[SheetPlan]) -> Path:
    return save_workbook(build_template(catalog, plans), path)
