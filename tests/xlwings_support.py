"""Driving the real xlwings object model on Linux through its remote engine: a book payload built from a
real .xlsx (as Excel's Office.js client sends it), and the returned actions replayed onto the file."""
from __future__ import annotations

import os
from copy import copy
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")   # PolyForm Noncommercial: schools qualify

import openpyxl  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import PatternFill  # noqa: E402
from openpyxl.workbook.defined_name import DefinedName  # noqa: E402

from bench.xlwings_remote import book_payload, remote_book  # noqa: E402,F401


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
