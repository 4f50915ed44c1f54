"""A workbook opened through xlwings' remote engine as Excel's Office.js client sends it (a book payload built from a
real .xlsx), so the ribbon's functions run on Linux: bench/bench_ribbon.py uses it, and the tests replay the actions
it returns (tests/xlwings_support.py)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")   # PolyForm Noncommercial: schools qualify

import openpyxl  # noqa: E402
import xlwings as xw  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

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
