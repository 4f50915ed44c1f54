"""A corpus of district workbooks made the way people make them, with mistakes planted where people make
them. `python -m tests.district.build` writes them into tests/district/files/ with planted.json, the list of
what is wrong and where; tests/district/test_district_files.py checks rosterxl against it.

Two workbooks of one district (four schools, accented and apostrophe names):
- cedar-template.xlsx: rosterxl's template made with the district's config (its hidden Lists sheet names the
  schools), filled in under the sample rows, which are left in as people leave them.
- cedar-own.xlsx: a workbook a secretary built herself: the portal's header words ("External Assigned ID",
  "Organization"), IDs typed into General columns (Excel keeps them as numbers), no Lists sheet.
The district's config is district.toml (given explicitly, so the files can be checked without it too)."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from openpyxl import Workbook, load_workbook

HERE = Path(__file__).parent / "files"
SCHOOLS = ["Cedar Ridge Elementary", "Maple Grove Middle School", "Lincoln High School", "Riverside Elementary"]
PRODUCTS = ["Imagine Language & Literacy", "Imagine Reading", "Imagine Math", "Imagine Español"]
FIRST = ["José", "Zoë", "Seán", "Mary-Kate", "D'Angelo", "Aaliyah", "Nguyễn", "Chloé", "Liam", "Sofía", "Kai",
         "Ngozi", "Mateo", "Ana Lucía", "Björn", "Priya", "Émilie", "Tomás", "Oluwaseun", "Grace"]
LAST = ["O'Brien", "García", "Nguyen", "Smith-Jones", "D'Souza", "Müller", "Peña", "van der Berg", "Okafor",
        "Łukasz", "Hernández", "MacDonald", "Al-Sayed", "Ó Súilleabháin", "Kim", "Dubois", "Cruz", "Ng"]
CONFIG = """district = "Cedar Ridge Unified"
organizations = [{schools}]
products = [{products}]
""".format(schools=", ".join(f'"{s}"' for s in SCHOOLS), products=", ".join(f'"{p}"' for p in PRODUCTS))


class Planted:
    """What was planted: an error on a cell (with the fix rosterxl should suggest, when there is one)."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def error(self, file: str, sheet: str, cell: str, why: str, suggestion: str | None = None) -> None:
        self.items.append({"file": file, "sheet": sheet, "cell": cell, "why": why, "suggestion": suggestion})


def district(rng: random.Random):
    """Classes, educators and students of the district, all correct."""
    classes, educators, students = [], [], []
    for s, school in enumerate(SCHOOLS):
        for t in range(3):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            user = f"{first[0]}{last}".lower().replace("'", "").replace(" ", "")
            user = "".join(ch for ch in user if ch.isascii() and ch.isalnum()) + f"{s}{t}@cedarridge.k12.example"
            name = f"Gr {3 + t} {['Reading', 'Math', 'ELD'][t]} - {last}"
            product = ["Imagine Reading", "Imagine Math", "Imagine Language & Literacy"][t]
            classes.append([name, f"C{s}{t:02d}", school, product])
            educators.append([first, last, user, "Teacher", "", school, name])
        educators.append(["Pat", f"Admin{s}", f"admin{s}@cedarridge.k12.example", "Admin", "", school, ""])
    n = 0
    for cls in classes:
        for _ in range(6):
            n += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            grade = str(rng.randint(1, 8))
            students.append([first, last, f"stu{n:04d}", f"pw{rng.randint(1000, 9999)}", grade, f"{200000 + n}",
                             cls[2], cls[0], cls[3]])
    return classes, educators, students


def template_workbook(path: Path, planted: Planted) -> None:
    from rosterxl import load_config, write_template

    config = path.parent / "district.toml"
    write_template(path, load_config(config),
                   optional=["External Assigned ID", "Classes/Groups", "Products", "Password", "Grade"])
    classes, educators, students = district(random.Random(7))
    name = path.name
    # mistakes, each where a person makes it
    classes[1][3] = "Imagine Raeding"          # one letter off, and the class below has two products
    planted.error(name, "Classes-Groups", "D5", "product one letter off", "Imagine Reading")
    classes[2][3] = "Imagine Reading;Imagine Language & Literacy"
    educators[0][5] = f"{SCHOOLS[0]}, {SCHOOLS[1]}"
    planted.error(name, "Educators", "F4", "two schools separated by a comma", f"{SCHOOLS[0]};{SCHOOLS[1]}")
    educators[5][2] = educators[5][2].replace(".k12.", ",k12.")
    planted.error(name, "Educators", "C9", "a comma in the email", educators[5][2].replace(",k12.", ".k12."))
    students[10][6] = "Ceder Ridge Elementary"
    planted.error(name, "Students", "G14", "school misspelt once", "Cedar Ridge Elementary")
    students[11][4] = "Grade 7"                # the portal's spelling is 7: fixed by the CSV, not an error
    students[12][4] = "07"
    students[13][4] = dt.datetime(2026, 3, 3)  # "3-3" typed into a General grade cell: Excel made it a date
    planted.error(name, "Students", "E17", "a grade Excel turned into a date")
    students[20][2] = "ab"
    planted.error(name, "Students", "C24", "username too short")
    students[30][5] = students[29][5]
    planted.error(name, "Students", "F33", "the same student ID twice (the first of the two)")
    planted.error(name, "Students", "F34", "the same student ID twice")
    students[33][7] = "Gr 4 Maths - Nobody"
    planted.error(name, "Students", "H37", "a class that does not exist")
    students[40][0] = "=Maria"
    planted.error(name, "Students", "A44", "a name starting with =", "Maria")
    students[41][7] = students[41][7] + "\u00a0"   # pasted from a web page: fixed by the CSV, a warning
    students[42][1] = "O'Brien "                # a stray space: a warning
    book = load_workbook(path)
    for sheet, rows in (("Classes-Groups", classes), ("Educators", educators), ("Students", students)):
        ws = book[sheet]
        headers = [c.value for c in ws[1]]
        for r, values in enumerate(rows, start=4):
            for c, value in enumerate(_fit(sheet, headers, values), start=1):
                if value not in ("", None):
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"        # typed text, as a pasted cell keeps it, not a formula
    book.save(path)


def _fit(sheet: str, headers: list[str], values: list) -> list:
    """The district's values in the template's column order."""
    keys = {"Classes-Groups": ["Class/Group Name", "External Assigned ID", "Organization", "Product"],
            "Educators": ["First Name", "Last Name", "Username", "Educator Type", "External Assigned ID",
                          "Organizations", "Classes/Groups"],
            "Students": ["First Name", "Last Name", "Username", "Password", "Grade", "External Assigned ID",
                         "Organizations", "Classes/Groups", "Products"]}[sheet]
    by = dict(zip(keys, values))
    by["Student ID"] = by.get("External Assigned ID", "")     # the students' ID, under either header
    return [by.get(h, "") for h in headers]


def own_workbook(path: Path, planted: Planted) -> None:
    """A secretary's own workbook: the portal's header words, IDs typed as numbers, no Lists sheet."""
    classes, educators, students = district(random.Random(11))
    name = path.name
    classes[4][3] = "Imagine Mathh"
    planted.error(name, "Classes", "D6", "product one letter off", "Imagine Math")
    educators[2][5] = f"{SCHOOLS[0]},{SCHOOLS[2]}"
    planted.error(name, "Teachers", "E4", "two schools separated by a comma", f"{SCHOOLS[0]};{SCHOOLS[2]}")
    students[50][6] = "Lincon High School"
    planted.error(name, "Students", "G52", "school misspelt once", "Lincoln High School")
    students[8][4] = "Kindergarten"             # an alias the CSV writes as K: not an error
    students[60][3] = "abc"
    planted.error(name, "Students", "D62", "password too short")
    book = Workbook()
    ws = book.active
    ws.title = "Classes"
    ws.append(["Class/Group Name", "External Assigned ID", "Organization", "Product"])
    for row in classes:
        ws.append(row)
    ws = book.create_sheet("Teachers")
    ws.append(["First Name", "Last Name", "Username", "Educator Type", "Organizations", "Classes/Groups"])
    for row in educators:
        ws.append([row[0], row[1], row[2], row[3], row[5], row[6]])
    ws = book.create_sheet("Students")
    ws.append(["First Name", "Last Name", "Username", "Password", "Grade", "External Assigned ID", "Organization",
               "Classes/Groups", "Products"])
    for row in students:
        row = list(row)
        row[5] = int(row[5])                    # typed into a General column: a number, every one 6 digits
        ws.append(row)
    book.save(path)


def build(folder: Path = HERE) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "district.toml").write_text(CONFIG, encoding="utf-8")
    planted = Planted()
    template_workbook(folder / "cedar-template.xlsx", planted)
    own_workbook(folder / "cedar-own.xlsx", planted)
    (folder / "planted.json").write_text(json.dumps(planted.items, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    return planted.items


if __name__ == "__main__":
    for item in build():
        print(item["file"], item["sheet"], item["cell"], item["why"])
