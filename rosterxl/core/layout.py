"""Where things are in the workbooks rosterxl writes and reads: the sheets it adds around the records and
the rows a template fills. One definition for every medium (files and live workbooks)."""
from __future__ import annotations

LISTS_SHEET = "Lists"                  # hidden: the dropdowns' values, and the template's sample rows
INSTRUCTIONS_SHEET = "Instructions"
SAMPLES_TITLE = "Sample rows of "      # title of the Lists sheet's block that keeps a sheet's sample rows
ISSUES_SHEET = "Issues"
RECORD_SHEET = "rosterxl-marks"        # hidden: what each marked cell had before, for clearing
SIS_SHEET = "From the SIS"             # a workbook made by from-sis: problems in the SIS files, records left out
SNAPSHOT_PREFIX = "rosterxl-export "   # + the sheet's name: the hidden sheet holding a portal export

RECORDS = 10_000                       # the portal's limit per file: validation covers this many rows
FIRST_ROW = 4                          # under the header (1) and the two sample rows (2, 3)
LAST_ROW = FIRST_ROW + RECORDS - 1


def spelling_key(list_name: str) -> str:
    """Where a template keeps a list's other spellings ('Grade 7' for 7), among its lists' defined names."""
    return f"{list_name}:spellings"


def snapshot_name(sheet: str) -> str:
    """The hidden sheet that keeps the portal's export of this sheet (Excel allows 31 characters)."""
    return f"{SNAPSHOT_PREFIX}{sheet}"[:31]


def issues_sheet_name(taken: list[str]) -> str:
    """The Issues sheet's name: 'Issues', or another name when the workbook has a sheet by that name
    (Excel compares sheet names without regard to case)."""
    used = {name.casefold() for name in taken}
    for name in (ISSUES_SHEET, f"{ISSUES_SHEET} (rosterxl)"):
        if name.casefold() not in used:
            return name
    n = 2
    while f"{ISSUES_SHEET} (rosterxl {n})".casefold() in used:
        n += 1
    return f"{ISSUES_SHEET} (rosterxl {n})"


def is_helper_sheet(name: str) -> bool:
    """A sheet rosterxl adds around the records (lists, instructions, issues, its records): never checked."""
    helpers = {LISTS_SHEET, INSTRUCTIONS_SHEET, ISSUES_SHEET, f"{ISSUES_SHEET} (rosterxl)", RECORD_SHEET, SIS_SHEET}
    folded = name.strip().casefold()
    return (folded in {h.casefold() for h in helpers} or name.startswith(SNAPSHOT_PREFIX)
            or folded.startswith(f"{ISSUES_SHEET} (rosterxl ".casefold()))
