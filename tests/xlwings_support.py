"""Driving the real xlwings object model on Linux through its remote engine: a book payload built from a
real .xlsx (as Excel's Office.js client sends it), and the returned actions replayed onto the file."""
from __future__ import annotations

import datetime as dt
import os
from copy import copy
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")   # PolyForm Noncommercial: schools qualify

import openpyxl  # noqa: E402
import xlwings as xw  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.workbook.defined_name import DefinedName  # noqa: E402

VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def _value(v):
    if v is None:
        return ""
    if isinstance(v, (dt.datetime, dt.date)):
        return dt.datetime.combine(v, dt.time()).isoformat() + ".000Z" if not isinstance(v, dt.datetime) \
            else v.isoformat() + ".000Z"
    return v


def book_payload(path: Path, client: str = "Office.js") -> dict:
    book = openpyxl.load_workbook(path, data_only=True)
    names = []
    for name, defined in book.defined_names.items():
        for sheet, ref in defined.destinations:
            names.append({"name": name, "refers_to": "=" + defined.attr_text, "type": "Range",
                          "sheet_index": book.sheetnames.index(sheet.strip("'")), "address": ref.replace("$", ""),
                          "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True})
    sheets = []
    for ws in book.worksheets:
        values = [[_value(v) for v in row] for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        width = max((len(r) for r in values), default=0)
        sheets.append({
            "name": ws.title, "visibility": VISIBILITY[ws.sheet_state],
            "values": [r + [""] * (width - len(r)) for r in values] or [[]],
            "notes": [{"address": c.coordinate} for row in ws.iter_rows() for c in row if c.comment],
            "notes_supported": client == "Office.js",
            "used_range_address": f"A1:{get_column_letter(max(ws.max_column, 1))}{max(ws.max_row, 1)}",
            "used_range_row_count": ws.max_row, "used_range_column_count": ws.max_column,
            "tables": [], "pictures": [], "shapes": [], "charts": [], "pivot_tables": []})
    return {"client": client, "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1", "calculation": "Automatic"},
            "names": names, "sheets": sheets}


def remote_book(path: Path, client: str = "Office.js") -> xw.Book:
    return xw.Book(json=book_payload(path, client))


def _cell(action, r=0, c=0):
    return action["start_row"] + r + 1, action["start_column"] + c + 1


def replay(path: Path, actions: list[dict], out: Path) -> Path:
    """Apply the actions to the workbook as Excel would; an action not known here fails the test."""
    book = openpyxl.load_workbook(path)

    def sheet(action):
        return book.worksheets[action["sheet_position"]]

    for a in actions:
        func, args = a["func"], a["args"]
        if func == "setValues":
            ws = sheet(a)
            for r, row in enumerate(a["values"]):
                for c, value in enumerate(row):
                    ws.cell(*_cell(a, r, c)).value = None if value == "" else value
        elif func in ("setRangeColor", "setRangeColors"):
            ws = sheet(a)
            matrix = args[0] if func == "setRangeColors" else [[args[0]] * a["column_count"]] * a["row_count"]
            for r, row in enumerate(matrix):
                for c, color in enumerate(row):
                    if color == "keep":
                        continue
                    cell = ws.cell(*_cell(a, r, c))
                    cell.fill = PatternFill() if color is None else PatternFill("solid", fgColor=color.lstrip("#"))
        elif func == "addNote":
            sheet(a)[args[0].replace("$", "")].comment = Comment(args[1], "Excel user")
        elif func == "setNoteText":
            sheet(a)[args[0].replace("$", "")].comment = Comment(args[1], "Excel user")
        elif func == "deleteNote":
            sheet(a).cell(*_cell(a)).comment = None
        elif func == "addSheet":
            book.create_sheet(args[1], args[0])
        elif func == "sheetDelete":
            book.remove(sheet(a))
        elif func == "setSheetVisibility":
            sheet(a).sheet_state = {"Hidden": "hidden", "Visible": "visible"}[args if isinstance(args, str)
                                                                               else args[0]]
        elif func == "setFontProperty":
            ws = sheet(a)
            for r in range(a["row_count"]):
                for c in range(a["column_count"]):
                    cell = ws.cell(*_cell(a, r, c))
                    font = copy(cell.font)
                    setattr(font, {"bold": "b", "italic": "i"}[args[0]], args[1])
                    cell.font = font
        elif func == "namesAdd":
            book.defined_names[args[0]] = DefinedName(args[0], attr_text=args[1].lstrip("="))
        elif func == "setNameRefersTo":
            name = a.get("name") or args[0]
            book.defined_names[name] = DefinedName(name, attr_text=args[-1].lstrip("="))
        elif func in ("setAutofit", "setSheetAutofit", "alert", "freezePaneAtRange", "setNumberFormat",
                      "setDataValidationList", "addConditionalFormat"):
            continue                       # view and formatting actions with no effect on these checks
        else:
            raise NotImplementedError(f"replay does not know the action {func}")
    book.save(out)
    return out
