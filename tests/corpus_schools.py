"""Bad inputs of the per-school workbooks (registered in corpus.py's INPUTS): a district workbook whose schools
are not file names, and one that does not say any record's school."""
from __future__ import annotations

from corpus import GOOD, HEADER, bad, school

ORGANIZATION = HEADER.index("Organizations")
NOT_FILE_NAMES = ["../../outside", "CON", "a/b\\c:d*e?f\"g<h>i|j", "x" * 300, "Trailing dot.", " .hidden",
                  "NUL.txt", "\u202eevil\u202c", "Tab\there"]


@bad("schools whose names are no file names")
def _(f):
    rows = [HEADER]
    for n, name in enumerate(NOT_FILE_NAMES):
        row = list(GOOD)
        row[ORGANIZATION], row[2], row[5] = name, f"kid{n}", f"S-{n:04d}"
        rows.append(row)
    return school(f, "district.xlsx", rows)


@bad("a district workbook without an Organizations column")
def _(f):
    keep = [i for i in range(len(HEADER)) if i != ORGANIZATION]
    return school(f, "district.xlsx", [[HEADER[i] for i in keep], [GOOD[i] for i in keep]])
