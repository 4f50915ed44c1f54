"""Bad inputs, made fresh for each test: every way a file given to rosterxl can be wrong. Each maker writes
its file(s) into a folder and returns the path to give the command. A planted password, PASSWORD, must
never appear anywhere but an upload CSV."""
from __future__ import annotations

import codecs
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import xlsxwriter
from conftest import GOOD_STUDENT, STUDENT_HEADER
from helpers import book

PASSWORD = "Zq9-secret-Pw"
HEADER = STUDENT_HEADER                       # First Name ... Password (index 3) ... Products
GOOD = list(GOOD_STUDENT)
GOOD[3] = PASSWORD

Maker = Callable[[Path], Path]
INPUTS: dict[str, Maker] = {}


def bad(name: str) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        INPUTS[name] = make
        return make
    return register


def student(**changes) -> list[str]:
    row = list(GOOD)
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def csv_text(rows: list[list[str]]) -> str:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n\r') else c
    return "".join(",".join(map(cell, row)) + "\r\n" for row in rows)


def students_csv(folder: Path, rows: list[list[str]], name: str = "Students.csv", encoding: str = "utf-8") -> Path:
    return write(folder / name, csv_text(rows).encode(encoding))


def rezip(path: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def school(folder: Path, name: str = "school.xlsx", rows: list[list] | None = None) -> Path:
    return book(folder / name, {"Students": rows or [HEADER, GOOD, student(Grade="Kindergarden")]})


# ---- files that are not what their name says ----------------------------------------------------------------

@bad("empty .xlsx")
def _(f): return write(f / "empty.xlsx", b"")
@bad("empty .csv")
def _(f): return write(f / "empty.csv", b"")
@bad("blank lines .csv")
def _(f): return write(f / "blank.csv", b"\r\n\r\n  \r\n")
@bad("junk bytes .xlsx")
def _(f): return write(f / "junk.xlsx", os.urandom(3000))
@bad("junk bytes .csv")
def _(f): return write(f / "junk.csv", bytes(range(256)) * 20)
@bad("truncated .xlsx")
def _(f): return write(f / "cut.xlsx", school(f, "whole.xlsx").read_bytes()[:1500])
@bad("old .xls")
def _(f): return write(f / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
@bad("encrypted .xlsx")
def _(f): return write(f / "locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8000))
@bad(".ods")
def _(f): return write(f / "sheet.ods", b"PK\x03\x04" + bytes(200))
@bad(".xlsx that is a CSV")
def _(f): return write(f / "really-csv.xlsx", csv_text([HEADER, GOOD]).encode())
@bad(".csv that is a workbook")
def _(f): return write(f / "really-book.csv", school(f, "inner.xlsx").read_bytes())
@bad("a .txt file")
def _(f): return write(f / "notes.txt", b"First Name\nAna\n")
@bad("zip without a workbook")
def _(f):
    with zipfile.ZipFile(f / "other.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    return f / "other.xlsx"
@bad("workbook part not XML")
def _(f): return rezip(school(f), lambda p: p.__setitem__("xl/workbook.xml", b"<workbook><sheets>"))
@bad("sheet part missing")
def _(f): return rezip(school(f), lambda p: p.pop("xl/worksheets/sheet1.xml"))
@bad("billion laughs")
def _(f):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;'
            b'&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    strings = bomb + b"<sst><si><t>&lol3;</t></si></sst>"
    return rezip(school(f), lambda p: p.__setitem__("xl/sharedStrings.xml", strings))
@bad("a value in XFD1048576")
def _(f):
    path = school(f, "far.xlsx")
    return rezip(path, lambda p: p.__setitem__("xl/worksheets/sheet1.xml", p["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')))
@bad("a corrupt part rosterxl never reads")
def _(f):
    path = school(f, "corrupt.xlsx")
    rezip(path, lambda p: p.__setitem__("docProps/custom.xml", b"<Properties>" + b"x" * 5000 + b"</Properties>"))
    data = bytearray(path.read_bytes())
    at = data.find(b"docProps/custom.xml") + 40                     # inside that part's compressed bytes
    data[at:at + 20] = bytes(20)
    return write(path, bytes(data))
@bad("single-quoted attributes")
def _(f):
    def change(p):
        p["xl/workbook.xml"] = p["xl/workbook.xml"].replace(b'name="Students"', b"name='Students'")
        p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace(b'"', b"'")
    return rezip(school(f, "quotes.xlsx"), change)


# ---- sheets and cells ---------------------------------------------------------------------------------------

@bad("empty sheet named Students")
def _(f): return book(f / "cleared.xlsx", {"Students": []})
@bad("empty sheet named Students 2")
def _(f): return book(f / "two.xlsx", {"Students": [HEADER, GOOD], "Students 2": []})
@bad("only the header")
def _(f): return book(f / "header.xlsx", {"Students": [HEADER]})
@bad("no recognisable sheet")
def _(f): return book(f / "misc.xlsx", {"Budget": [["Item", "Cost"], ["Paper", 3]]})
@bad("a sheet named rosterxl-marks")
def _(f): return book(f / "marks.xlsx", {"Students": [HEADER, GOOD], "rosterxl-marks": [["my own notes"]]})
@bad("a sheet named ISSUES")
def _(f): return book(f / "issues.xlsx", {"Students": [HEADER, GOOD, student(Grade="Kindergarden")],
                                          "ISSUES": [["mine"]]})
@bad("control characters in cells")
def _(f):
    path = f / "control.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Students")
    for r, row in enumerate([HEADER, student(**{"First Name": "Ana\x07\x1b[2J"}), student(**{"Last Name": "\x00x"})]):
        for c, v in enumerate(row):
            ws.write_string(r, c, v)
    wb.close()
    return path
@bad("ESC sequences in a CSV")
def _(f): return students_csv(f, [HEADER, student(**{"First Name": "\x1b[31mAna\x1b[0m", "Last Name": "\x1b]0;x\x07"})])
@bad("markup in values")
def _(f): return students_csv(f, [HEADER, student(**{"First Name": "[bold red]Ana[/]", "Last Name": "[/x]"})])
@bad("40,000-character name")
def _(f): return students_csv(f, [HEADER, student(**{"First Name": "A" * 40_000})])
@bad("a line break in a multi-value cell")
def _(f): return students_csv(f, [HEADER, student(Products="Imagine Reading\nImagine Math")])
@bad("formula cells")
def _(f): return students_csv(f, [HEADER, student(**{"First Name": "=cmd|' /C calc'!A0"}),
                                  student(**{"Last Name": "@SUM(1+1)"}), student(Username="=HYPERLINK(\"x\")")])
@bad("a tab before a formula")
def _(f): return students_csv(f, [HEADER, student(**{"First Name": "\t=1+1"})])
@bad("TRUE in an ID column")
def _(f): return book(f / "bools.xlsx", {"Students": [HEADER, student(**{"Student ID": True})]})
@bad("hidden rows and columns")
def _(f):
    path = school(f, "hidden.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Students"].row_dimensions[3].hidden = True
    wb["Students"].column_dimensions["B"].hidden = True
    wb.save(path)
    return path
@bad("a second Password column")
def _(f): return students_csv(f, [[*HEADER, "Password"], [*GOOD, PASSWORD + "2"]])
@bad("a Student Password column")
def _(f): return students_csv(f, [[*HEADER[:3], "Student Password", *HEADER[4:]], GOOD])
@bad("a password with spaces and a formula start")
def _(f): return students_csv(f, [HEADER, student(Password=f"={PASSWORD} ")])
@bad("numbers and dates typed in text columns")
def _(f): return book(f / "typed.xlsx", {"Students": [HEADER, student(**{"Student ID": 12345, "Grade": 3.0}),
                                                        student(**{"Username": 1.5e20})]})
@bad("duplicated headers")
def _(f): return students_csv(f, [[*HEADER, "First Name"], [*GOOD, "Other"]])
@bad("ragged rows")
def _(f): return students_csv(f, [HEADER, GOOD[:3], [*GOOD, "extra", "more"]])
@bad("a 10,001-column header")
def _(f): return students_csv(f, [HEADER + [f"C{i}" for i in range(10_001)], GOOD])
@bad("20,000 columns in an export")
def _(f): return students_csv(f, [["Database ID", *HEADER, *[f"X{i}" for i in range(20_000)]], ["1", *GOOD]],
                               name="Students-export.csv")


# ---- CSV text -------------------------------------------------------------------------------------------------

@bad("UTF-16 with BOM")
def _(f): return write(f / "Students.csv", codecs.BOM_UTF16_LE + csv_text([HEADER, GOOD]).encode("utf-16-le"))
@bad("UTF-16 without BOM")
def _(f): return write(f / "Students.csv", csv_text([HEADER, GOOD]).encode("utf-16-le"))
@bad("UTF-16 big-endian without BOM, names in other scripts")
def _(f): return write(f / "Students.csv", csv_text([HEADER, student(**{"First Name": "明", "Last Name": "Смирнова"})]
                                                    ).encode("utf-16-be"))
@bad("UTF-32 with BOM")
def _(f): return write(f / "Students.csv", csv_text([HEADER, GOOD]).encode("utf-32"))
@bad("UTF-32 without BOM")
def _(f): return write(f / "Students.csv", csv_text([HEADER, GOOD]).encode("utf-32-le"))
@bad("Windows-1252")
def _(f): return students_csv(f, [HEADER, student(**{"First Name": "Peña"})], encoding="cp1252")
@bad("a BOM and semicolons")
def _(f): return write(f / "Students.csv", codecs.BOM_UTF8 + ";".join(HEADER).encode() + b"\r\n"
                       + ";".join(GOOD).encode() + b"\r\n")
@bad("an unclosed quote")
def _(f): return write(f / "Students.csv", (",".join(HEADER) + '\r\n"Ana,Lopez\r\n').encode())
@bad("NUL bytes in a CSV")
def _(f): return write(f / "Students.csv", (",".join(HEADER) + "\r\nAna\x00,Lopez\r\n").encode())
@bad("a huge field")
def _(f): return write(f / "Students.csv", (",".join(HEADER) + '\r\n"' + "x" * 300_000 + '",Lopez\r\n').encode())
@bad("only a header line")
def _(f): return write(f / "Students.csv", (",".join(HEADER) + "\r\n").encode())
@bad("CR line ends")
def _(f): return write(f / "Students.csv", (",".join(HEADER) + "\r" + ",".join(GOOD) + "\r").encode())
@bad("an export without Database ID")
def _(f): return students_csv(f, [HEADER, GOOD], name="Students-export.csv")
@bad("an export with a broken Database ID")
def _(f): return students_csv(f, [["Database ID", *HEADER], ["12x", *GOOD], ["12x", *student(Username="b")]],
                               name="Students-export.csv")
@bad("a workbook made by open-export, edited")
def _(f):
    from helpers import export_rows, write_export
    from typer.testing import CliRunner

    from rosterxl.cli import app
    source = write_export(f / "export-src.csv", export_rows(6))
    CliRunner().invoke(app, ["open-export", str(source), "--out", str(f / "opened.xlsx")])
    wb = openpyxl.load_workbook(f / "opened.xlsx")
    sheet = wb["Students"]
    sheet["A3"] = sheet["A2"].value                  # a Database ID typed over another
    sheet["B4"] = "=1+1"
    wb.save(f / "opened.xlsx")
    return f / "opened.xlsx"


# ---- names and places -----------------------------------------------------------------------------------------

@bad("a name with markup")
def _(f): return school(f, "Students [final] [red].xlsx")
@bad("a name with spaces and accents")
def _(f): return school(f, "École Saint-André (2026) students.xlsx")
@bad("a name with a newline")
def _(f): return school(f, "two\nlines.xlsx")
@bad("a very long name")
def _(f): return school(f, "s" * 200 + ".xlsx")
@bad("a name starting with a dash")
def _(f): return school(f, "-students.xlsx")
@bad("a folder")
def _(f):
    (f / "a folder.xlsx").mkdir()
    return f / "a folder.xlsx"
@bad("a file that does not exist")
def _(f): return f / "missing.xlsx"
@bad("a link to a workbook")
def _(f):
    target = school(f, "real.xlsx")
    (f / "link.xlsx").symlink_to(target)
    return f / "link.xlsx"
@bad("a broken link")
def _(f):
    (f / "dangling.xlsx").symlink_to(f / "gone.xlsx")
    return f / "dangling.xlsx"
@bad("/dev/null")
def _(f): return Path("/dev/null")
@bad("a read-only workbook")
def _(f):
    path = school(f, "readonly.xlsx")
    path.chmod(0o444)
    return path
@bad("open in Excel (lock file)")
def _(f):
    path = school(f, "open.xlsx")
    (f / "~$open.xlsx").write_bytes(b"lock")
    return path
@bad("a workbook with macros")
def _(f):
    path = school(f, "macros.xlsm")
    return rezip(path, lambda p: p.__setitem__("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(600)))
import corpus_cells  # noqa: E402,F401
import corpus_collect  # noqa: E402,F401
import corpus_files  # noqa: E402,F401
import corpus_guard  # noqa: E402,F401
import corpus_hints  # noqa: E402,F401
import corpus_package  # noqa: E402,F401
import corpus_review  # noqa: E402,F401
import corpus_schools  # noqa: E402,F401
import corpus_secrets  # noqa: E402,F401
import corpus_sis  # noqa: E402,F401
