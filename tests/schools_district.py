"""A small district of four schools as its coordinator keeps it in one workbook: classes, educators (one of them at
two schools, with classes at both) and students, plus one student whose school is a typo and one with none. The
school names carry what file names cannot (a colon, a question mark, an apostrophe)."""
from __future__ import annotations

from pathlib import Path

from helpers import book

SCHOOLS = ["Cedar Ridge Elementary", "Maple Grove Middle School", "Lincoln High School: East Campus",
           "St. Mary's Academy?"]
CONFIG = 'district = "Cedar Ridge Unified"\norganizations = [{}]\n'.format(", ".join(f'"{s}"' for s in SCHOOLS))
CLASS_HEADER = ["Class/Group Name", "External Assigned ID", "Organization", "Product", "Educators"]
EDUCATOR_HEADER = ["First Name", "Last Name", "Username", "Educator Type", "External Assigned ID", "Organizations",
                   "Classes/Groups"]
STUDENT_HEADER = ["First Name", "Last Name", "Username", "Password", "Grade", "External Assigned ID",
                  "Organizations", "Classes/Groups", "Products"]
SHARED = "pat.kim@cedar.example"          # the educator at the first two schools


def classes(s: int) -> list[str]:
    return [f"Reading {s}A", f"Math {s}B"]


def district_rows() -> dict[str, list[list]]:
    class_rows, educator_rows, student_rows = [CLASS_HEADER], [EDUCATOR_HEADER], [STUDENT_HEADER]
    for s, school in enumerate(SCHOOLS):
        teacher = f"teacher{s}@cedar.example"
        for c, name in enumerate(classes(s)):
            class_rows.append([name, f"C{s}{c}", school, "Imagine Reading", teacher])
        educator_rows.append([f"Teacher{s}", "Lee", teacher, "Teacher", f"T{s}", school, ";".join(classes(s))])
        for n in range(3):
            student_rows.append([f"Kid{s}{n}", "Diaz", f"kid{s}{n}", "tiger42", "3", f"{s}{n:05d}", school,
                                 classes(s)[n % 2], "Imagine Reading"])
    educator_rows.append(["Pat", "Kim", SHARED, "Teacher", "T9", f"{SCHOOLS[0]};{SCHOOLS[1]}",
                          f"{classes(0)[0]};{classes(1)[1]}"])
    student_rows.append(["Typo", "Diaz", "typo1", "tiger42", "3", "900001", "Ceder Ridge Elementary",
                         classes(0)[0], "Imagine Reading"])
    student_rows.append(["None", "Diaz", "none1", "tiger42", "3", "900002", "", "", "Imagine Reading"])
    return {"Classes-Groups": class_rows, "Educators": educator_rows, "Students": student_rows}


def write_district(folder: Path) -> tuple[Path, Path]:
    """The district's workbook and its rosterxl.toml."""
    config = folder / "rosterxl.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return book(folder / "district.xlsx", district_rows()), config
