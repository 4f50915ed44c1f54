"""What the benchmarks compare rosterxl with, and the data they run on, all in this folder.

The data: a district's Students sheet of n synthetic records (names with accents and apostrophes, 40
schools, classes, several products per student), with about 1% of the cells made bad in the ways the
portal rejects (blank required values, grades and products not in the lists, misspelt schools, short
passwords, over-long student IDs, duplicated usernames, classes that do not exist). Each bad cell is
recorded, so a run can say how many rosterxl marked. Written as a CSV file and as the workbook a school
would send back (openpyxl, write-only, with a hidden Lists sheet and list validations).

The baselines: frictionless validating the CSV against a Table Schema with the same constraints;
openpyxl's read-only load of the workbook; the naive way to annotate it (openpyxl: load, fill and
comment the bad cells, save; no checking at all).
"""
from __future__ import annotations

import csv
import json
import random
import re
import unicodedata
from pathlib import Path

COLUMNS = ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations",
           "Classes/Groups", "Products"]
GRADES = ["PK", "K", *(str(g) for g in range(1, 13))]
PRODUCTS = ["Imagine Language & Literacy", "Imagine Español", "Imagine Reading", "Imagine Lectura",
            "Imagine Galileo K-12", "Imagine MyPath", "Imagine Math", "Imagine Math Facts", "Imagine Science",
            "Imagine Purpose"]
FIRST = ("Olivia Liam Emma Noah Ava Mateo Sofía Lucas Mia Amelia Ezra Camila Santiago Aaliyah José Zoë "
         "Chloé D'Angelo Mary-Kate Nguyễn Aarav Priya Yuki Fatima Omar Ji-woo Kwame Siobhán Björn Renée "
         "Xavier Ximena Thiago Ana-Lucía Jean-Luc Zainab Tenzin Leilani").split()
LAST = ("Smith Johnson Garcia Martinez Lopez Gonzalez Nguyen Lee Perez O'Brien McDonald García Muñoz Peña "
        "Kowalski Müller Schröder Al-Sayed Patel Singh Kim Park Tanaka Okafor Haddad Cohen Rossi Dubois "
        "Lefèvre Ivanov").split()
TOWNS = ("Lincoln Washington Jefferson Roosevelt Kennedy Franklin Madison Hamilton Riverside Hillcrest "
         "Oakwood Maple Cedar Lakeview Pinecrest Brookside").split()
KINDS = ["Elementary School", "Middle School", "High School"]
SUBJECTS = ["Reading", "Math", "ELA", "Science", "ELD", "Intervention"]
BAD = {   # the ways each column's cells are made bad
    "First Name": ["blank"], "Last Name": ["blank"], "Username": ["blank", "duplicate"],
    "Password": ["short"], "Grade": ["blank", "not-a-grade"], "Student ID": ["blank", "too-long"],
    "Organizations": ["misspelt"], "Classes/Groups": ["unknown"], "Products": ["misspelt"],
}


def peak_mb() -> float:
    """This process's peak memory so far (Linux: VmHWM), in MB; 0 where it cannot be read."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def files(workdir: str | Path, n: int, tag: str = "") -> dict[str, Path]:
    """Where the data of n rows lives; `tag` names another spoiling of it (5% bad, fixable)."""
    folder, n = Path(workdir), f"{n}{tag}"
    return {"csv": folder / f"students_{n}.csv", "xlsx": folder / f"students_{n}.xlsx",
            "truth": folder / f"truth_{n}.json", "schema": folder / f"schema_{n}.json", "out": folder / f"out_{n}"}


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()][1:-1]
    i = rng.choice(letters)
    return text[:i] + text[i + 1:]


def students(n: int, seed: int = 2026) -> tuple[list[list[str]], list[str]]:
    """n good records, and the schools they are at."""
    rng = random.Random(seed + n)
    schools = [f"{town} {kind}" for town in TOWNS for kind in KINDS][:40]
    classes = sorted({f"Gr {rng.choice(GRADES)} {rng.choice(LAST)} {rng.choice(SUBJECTS)} (P{rng.randint(1, 8)})"
                      for _ in range(max(50, n // 20))})
    rows, usernames, ids = [], set(), set()
    for _ in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        username = f"{_plain(first)[:1]}{_plain(last)}{rng.randint(100, 99999)}"
        while username in usernames:
            username += str(rng.randint(0, 9))
        usernames.add(username)
        student_id = f"{rng.randint(0, 999_999_999):09d}"
        while student_id in ids:
            student_id = f"{rng.randint(0, 999_999_999):09d}"
        ids.add(student_id)
        rows.append([first, last, username, "".join(rng.choices("abcdefghjkmnpqrstuvwxyz23456789", k=8)),
                     rng.choice(GRADES), student_id, rng.choice(schools), ";".join(rng.sample(classes, 2)),
                     ";".join(rng.sample(PRODUCTS, rng.choice([1, 2, 3])))])
    return rows, schools


def spoil(rows: list[list[str]], rate: float, seed: int) -> list[tuple[int, int, str]]:
    """About `rate` of the cells made bad, in place; returns (row, column, how) for each (0-based)."""
    rng = random.Random(seed)
    chosen = set()
    while len(chosen) < round(len(rows) * len(COLUMNS) * rate):
        chosen.add((rng.randrange(len(rows)), rng.randrange(len(COLUMNS))))
    truth = []
    for r, c in sorted(chosen):
        how = rng.choice(BAD[COLUMNS[c]])
        rows[r][c] = _spoilt(rows, r, c, how, rng)
        truth.append((r, c, how))
    return truth


FIXABLE = {   # the ways a cell is made bad that `fix` is sure of (and a blank, which it is not)
    "First Name": ["spaces"], "Last Name": ["spaces", "blank"], "Grade": ["lower"], "Organizations": ["lower"],
    "Products": ["comma", "repeated"], "Classes/Groups": ["repeated"],
}


def spoil_fixable(rows: list[list[str]], rate: float, seed: int) -> list[tuple[int, int, str]]:
    """About `rate` of the cells of the FIXABLE columns made bad, most of them in ways `fix` repairs; in place."""
    rng = random.Random(seed)
    columns = [COLUMNS.index(c) for c in FIXABLE]
    chosen = set()
    while len(chosen) < round(len(rows) * len(COLUMNS) * rate):
        chosen.add((rng.randrange(len(rows)), rng.choice(columns)))
    truth = []
    for r, c in sorted(chosen):
        how = rng.choice(FIXABLE[COLUMNS[c]])
        value = rows[r][c]
        rows[r][c] = {"spaces": f"  {value} ", "lower": value.lower(), "comma": value.replace(";", ", "),
                      "repeated": f"{value};{value.split(';')[0]}", "blank": ""}[how]
        truth.append((r, c, how))
    return truth


def _spoilt(rows: list[list[str]], r: int, c: int, how: str, rng: random.Random) -> str:
    value = rows[r][c]
    if how == "short":
        return value[:3]
    if how == "too-long":
        return value * 8
    if how == "not-a-grade":
        return rng.choice(["13", "Kindergarden", "1st grade", "Grade 3"])
    if how == "duplicate":
        return rows[max(0, r - rng.randint(1, 500))][c] if r else ""
    if how == "misspelt":
        first, *rest = value.split(";")
        return ";".join([_typo(first, rng), *rest])
    if how == "unknown":
        return value.replace("(P", "(Period ", 1)
    return ""          # blank


def schema(schools: list[str]) -> dict:
    """A frictionless Table Schema with the constraints the portal has (for the columns it can express)."""
    def one_of(values: list[str]) -> str:
        alternatives = "|".join(re.escape(v) for v in values)
        return f"(?:{alternatives})(?:;(?:{alternatives}))*"
    required = {"required": True}
    return {"missingValues": [""], "fields": [
        {"name": "First Name", "type": "string", "constraints": required},
        {"name": "Last Name", "type": "string", "constraints": required},
        {"name": "Username", "type": "string", "constraints": {"required": True, "unique": True, "minLength": 3}},
        {"name": "Password", "type": "string", "constraints": {"minLength": 4}},
        {"name": "Grade", "type": "string", "constraints": {"enum": GRADES}},
        {"name": "Student ID", "type": "string", "constraints": {"required": True, "maxLength": 64, "unique": True}},
        {"name": "Organizations", "type": "string", "constraints": {"required": True, "pattern": one_of(schools)}},
        {"name": "Classes/Groups", "type": "string"},
        {"name": "Products", "type": "string", "constraints": {"pattern": one_of(PRODUCTS)}}]}


def generate(workdir: str | Path, n: int, rate: float = 0.01, tag: str = "", fixable: bool = False
             ) -> dict[str, Path]:
    p = files(workdir, n, tag)
    p["out"].mkdir(parents=True, exist_ok=True)
    rows, schools = students(n)
    truth = (spoil_fixable if fixable else spoil)(rows, rate, seed=7 + n)
    with p["csv"].open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([COLUMNS, *rows])
    _workbook(rows, schools, p["xlsx"])
    p["schema"].write_text(json.dumps(schema(schools)))
    p["truth"].write_text(json.dumps({"cells": truth, "schools": schools}))
    return p


def _workbook(rows: list[list[str]], schools: list[str], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Students")
    sheet.freeze_panes = "A2"
    for name, column in (("GradeList", "E"), ("SchoolList", "G")):
        validation = DataValidation(type="list", formula1=f"={name}", allow_blank=True)
        validation.add(f"{column}2:{column}{len(rows) + 1}")
        sheet.data_validations.append(validation)
    header = []
    for text in COLUMNS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    lists = book.create_sheet("Choices")
    for i in range(max(len(GRADES), len(schools))):
        lists.append([GRADES[i] if i < len(GRADES) else None, schools[i] if i < len(schools) else None])
    lists.sheet_state = "hidden"
    book.defined_names["GradeList"] = DefinedName("GradeList", attr_text=f"Choices!$A$1:$A${len(GRADES)}")
    book.defined_names["SchoolList"] = DefinedName("SchoolList", attr_text=f"Choices!$B$1:$B${len(schools)}")
    book.save(path)


# ---- the baselines -------------------------------------------------------------------------------------------

def frictionless_validate(p: dict[str, Path]):
    """frictionless validating the CSV file against the schema: its report."""
    from frictionless import Resource, Schema

    table_schema = Schema.from_descriptor(json.loads(p["schema"].read_text()))
    return Resource(path=p["csv"].name, basepath=str(p["csv"].parent), schema=table_schema).validate(
        limit_errors=10_000_000)


def openpyxl_read_only(p: dict[str, Path]) -> list[tuple]:
    """openpyxl's read-only load of the workbook's records: the least any openpyxl-based check must do."""
    import openpyxl

    book = openpyxl.load_workbook(p["xlsx"], read_only=True, data_only=True)
    rows = list(book["Students"].iter_rows(values_only=True))
    book.close()
    return rows


def naive_annotate(p: dict[str, Path], out: Path) -> int:
    """The naive way to mark a workbook, given the bad cells (no checking): openpyxl loads it, fills and
    comments each bad cell, saves. Returns the cells annotated."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cells = json.loads(p["truth"].read_text())["cells"]
    book = openpyxl.load_workbook(p["xlsx"])
    sheet = book["Students"]
    red = PatternFill("solid", fgColor="FFC7CE")
    for r, c, how in cells:
        cell = sheet.cell(row=r + 2, column=c + 1)
        cell.fill = red
        cell.comment = Comment(f"{COLUMNS[c]}: {how}", "naive")
    book.save(out)
    return len(cells)
