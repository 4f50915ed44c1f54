"""A district typed by hand, as a school secretary would, with everyday mistakes and no rosterxl.toml (used by
tests/core/test_hand_typed.py and tests/test_fix_with_review.py)."""
from __future__ import annotations

from conftest import STUDENT_HEADER, make_table

LINCOLN, WASHINGTON = "Lincoln Elementary School", "Washington Elementary School"
CLASSES = [["Class/Group Name", "Organization", "Product"],
           ["Gr 3 Reading", LINCOLN, "Imagine Reading"], ["Gr 4 Math", WASHINGTON, "Imagine Math"],
           ["Gr 5 Reading", LINCOLN, "Imagine Reading"]]
EDUCATORS = [["First Name", "Last Name", "Username", "Educator Type", "Organizations"],
             ["Jo", "Park", "jpark@district.org", "Teacher", LINCOLN],
             ["Al", "Ng", "ang@district.org", "Teacher", WASHINGTON],
             ["Bea", "Cruz", "bcruz@district.org", "Admin", f"{LINCOLN}, {WASHINGTON}"]]       # planted: E4
# (cell of the planted mistake or None, the row)
STUDENTS = [
    (None, ["Ana", "Lopez", "alopez", "tiger42", "3", "0004411", LINCOLN, "Gr 3 Reading", "Imagine Reading"]),
    (None, ["Ben", "Ruiz", "bruiz", "tiger43", "4", "0004412", WASHINGTON, "Gr 4 Math", "Imagine Math"]),
    (None, ["Cy", "Diaz", "cdiaz", "tiger44", "5", "0004413", LINCOLN, "Gr 5 Reading", "Imagine Reading"]),
    (None, ["Di", "Wu", "dwu", "tiger45", "3", "0004414", LINCOLN, "Gr 3 Reading", "Imagine Reading"]),
    (None, ["Ed", "Kim", "ekim", "tiger46", "4", "0004415", WASHINGTON, "Gr 4 Math", "Imagine Math"]),
    ("G7", ["Fay", "Ho", "fho", "tiger47", "3", "0004416", "lincoln elementary school", "Gr 3 Reading", ""]),
    ("G8", ["Gus", "Li", "gli", "tiger48", "5", "0004417", "Lincoln Elem.", "Gr 5 Reading", ""]),
    ("G9", ["Hal", "Ma", "hma", "tiger49", "4", "0004419", f"{LINCOLN}, {WASHINGTON}", "Gr 4 Math", ""]),
    ("F10", ["Ivy", "Ott", "iott", "tiger50", "3", "4418", LINCOLN, "Gr 3 Reading", ""]),
    ("F11", ["Jon", "Pi", "jpi", "tiger51", "4", "3/12/2025", WASHINGTON, "Gr 4 Math", ""]),
    ("E12", ["Kai", "Qu", "kqu", "tiger52", "2nd grade", "0004420", LINCOLN, "Gr 3 Reading", ""]),
    ("I13", ["Lu", "Ro", "lro", "tiger53", "3", "0004421", LINCOLN, "Gr 3 Reading", "Imagine Reeding"]),
]
PLANTED = {("Students", cell) for cell, _ in STUDENTS if cell} | {("Educators", "E4")}


def tables(students=None, educators=None):
    students = students or [row for _, row in STUDENTS]
    return [make_table(CLASSES, "classes", sheet="Classes-Groups"),
            make_table(educators or EDUCATORS, "educators"),
            make_table([STUDENT_HEADER, *students], "students")]


def grids(students=None, educators=None) -> dict[str, list[list[str]]]:
    """The three sheets as a workbook holds them."""
    return {"Classes-Groups": CLASSES, "Educators": educators or EDUCATORS,
            "Students": [STUDENT_HEADER, *(students or [row for _, row in STUDENTS])]}
