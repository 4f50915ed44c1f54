"""Test helpers shared by the test folders: workbooks written with openpyxl, portal exports, cell edits."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from typer.testing import CliRunner

from rosterxl.cli import app

runner = CliRunner()
HEADER = ["Database ID", "First Name", "Last Name", "Username", "Password", "Grade", "External Assigned ID",
          "Organizations", "Classes/Groups", "Products"]


def book(path, sheets: dict[str, list[list]]):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def export_rows(n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        rows.append([f"{700000 + i}", f"First{i}", f"Last{i}", f"user{i}", "", str(i % 12 + 1), f"{i:07d}",
                     "Lincoln Elementary School", "Gr 3 Reading;ELD Newcomers" if i % 3 else "",
                     "Imagine Language & Literacy;Imagine Español" if i % 2 else "Imagine Reading"])
    return rows


def write_export(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def open_export(tmp_path: Path, rows: list[list[str]], **kw) -> Path:
    source = write_export(tmp_path / "students_export.csv", rows, **kw)
    out = tmp_path / "students.xlsx"
    result = runner.invoke(app, ["open-export", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def edit(path: Path, changes: dict[str, object], append: list[list] = (), delete_rows: list[int] = ()) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Students"]
    for cell, value in changes.items():
        sheet[cell] = value
    for row in sorted(delete_rows, reverse=True):
        sheet.delete_rows(row)
    for row in append:
        sheet.append(row)
    book.save(path)


def set_cells(path: Path, sheet: str, values: dict[str, str]) -> None:
    """Text typed into cells of a big workbook, as Excel would save it, without loading the whole workbook:
    the sheet's XML is edited where the cells are (each cell must already exist)."""
    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    names = {i.filename: i for i in parts}
    book, rels = parts[names["xl/workbook.xml"]], parts[names["xl/_rels/workbook.xml.rels"]]
    rid = re.search(rb'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(sheet.encode()), book).group(1)
    target = re.search(rb'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (rid, rid), rels)
    part = "xl/" + (target.group(1) or target.group(2)).decode().lstrip("/").removeprefix("xl/")
    xml = parts[names[part]]
    for ref, value in values.items():
        attrs = rb"((?:(?! t=)[^>/])*)"                      # the cell's attributes but its type
        cell = re.compile(rb'<c r="%s"' % ref.encode() + attrs + rb'(?: t="\w+")?' + attrs + rb"(?:/>|>.*?</c>)", re.S)
        new = b'<c r="%s"\1\2 t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), escape(value).encode())
        xml, count = cell.subn(lambda m: m.expand(new), xml, count=1)
        assert count == 1, f"{sheet}!{ref} is not in the sheet"
    parts[names[part]] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            z.writestr(info, data)


def visible(folder: Path) -> list[str]:
    """The names in a folder a person sees (rosterxl's hidden export manifest left out)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
