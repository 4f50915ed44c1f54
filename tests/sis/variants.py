"""The fixtures' district (tests/sis/files) as real exports write it: each maker copies one set into a folder,
changes what the real export of the reproduction had, and returns the folder (or .zip) to give from-sis. The
tests (test_real_exports.py) and the bad-input corpus (corpus_sis.py) both use them."""
from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

from sis.zips import backslash_zip, deflate64_zip, folder_files

FILES = Path(__file__).parent / "files"
Rows = list[list[str]]


def copy_set(name: str, dest: Path, **changes: Callable[[Rows], Rows]) -> Path:
    """The set `name` copied to dest/name, each file named in `changes` (users_csv=...) rewritten by it."""
    folder = dest / name
    shutil.copytree(FILES / name, folder)
    for key, change in changes.items():
        path = folder / key.replace("_csv", ".csv")
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(change(rows))
        path.write_text(out.getvalue(), "utf-8", newline="")
    return folder


def column(rows: Rows, name: str, value: Callable[[str, int], str]) -> Rows:
    """The rows with the column `name` rewritten by value(old, row number)."""
    index = rows[0].index(name)
    for number, row in enumerate(rows[1:], start=2):
        row[index] = value(row[index], number)
    return rows


def short_year(text: str) -> str:
    """08/17/2026 -> 8/17/26, as Clever's own sandbox district writes its term dates."""
    month, day, year = text.split("/")
    return f"{int(month)}/{int(day)}/{year[2:]}"


def clever_short_years(dest: Path) -> Path:
    """Clever with term dates M/D/YY and grade 0 for kindergarten, as Clever's sandbox district has them; one
    section of a year past (8/1/15 to 6/1/16), which must not come in as current."""
    def sections(rows: Rows) -> Rows:
        rows = column(rows, "Term_start", lambda v, n: short_year(v))
        rows = column(rows, "Term_end", lambda v, n: short_year(v))
        rows = column(rows, "Grade", lambda v, n: "0" if v == "Kindergarten" else v)
        head = rows[0]
        past = dict(zip(head, rows[1]))
        past.update(Section_id="c-2015", Name="Reading 2015", Term_name="Y1", Term_start="8/1/15", Term_end="6/1/16")
        return [*rows, [past[h] for h in head]]

    def students(rows: Rows) -> Rows:
        return column(rows, "Grade", lambda v, n: "0" if v == "Kindergarten" else v)

    def enrollments(rows: Rows) -> Rows:
        return [*rows, ["org-elm", "c-2015", "u-s1"]]
    return copy_set("clever", dest, sections_csv=sections, students_csv=students, enrollments_csv=enrollments)


def clever_other_school(dest: Path) -> Path:
    """Clever: a section at Oak Ridge taught by Ana Rivera, whose teachers.csv row is at Elm Street only."""
    def sections(rows: Rows) -> Rows:
        head = rows[0]
        art = dict.fromkeys(head, "")
        art.update(School_id="org-oak", Section_id="c-art", Teacher_id="u-t1", Name="Art 7", Grade="7",
                   Term_name="Fall 2026", Term_start="08/17/2026", Term_end="12/18/2026")
        return [*rows, [art[h] for h in head]]
    return copy_set("clever", dest, sections_csv=sections,
                    enrollments_csv=lambda rows: [*rows, ["org-oak", "c-art", "u-s6"]])


def class_vocabulary(dest: Path) -> Path:
    """OneRoster 1.1: classType 'Lab' (no such type) on c-301, 'Scheduled' (capital S, as the Moodle plugin's
    fixtures have it) on c-302, and c-401's title empty (a row that cannot be read)."""
    def classes(rows: Rows) -> Rows:
        kind, title = rows[0].index("classType"), rows[0].index("title")
        for row in rows[1:]:
            if row[0] == "c-301":
                row[kind] = "Lab"
            elif row[0] == "c-302":
                row[kind] = "Scheduled"
            elif row[0] == "c-401":
                row[title] = ""
        return rows
    return copy_set("oneroster-1.1", dest, classes_csv=classes)


def short_rows(dest: Path) -> Path:
    """OneRoster 1.1 users.csv: row 2 without its last, optional columns (an exporter that trims trailing empty
    values), row 3 cut before givenName (a required value)."""
    def users(rows: Rows) -> Rows:
        given = rows[0].index("givenName")
        rows[1] = rows[1][:rows[0].index("agentSourcedIds")]
        rows[2] = rows[2][:given]
        return rows
    return copy_set("oneroster-1.1", dest, users_csv=users)


def stray_header_columns(dest: Path) -> Path:
    """OneRoster 1.1 users.csv with two empty columns at the end of its header and not in its rows (the Moodle
    plugin's roles.csv has them): every user was dropped, and from-sis said Ready to upload."""
    return copy_set("oneroster-1.1", dest, users_csv=lambda rows: [[*rows[0], "", ""], *rows[1:]])


def no_users(dest: Path) -> Path:
    """OneRoster 1.1 users.csv whose every user has a role the format lacks: no one can be brought over."""
    return copy_set("oneroster-1.1", dest, users_csv=lambda rows: column(rows, "role", lambda v, n: "Pupil"))


def mixed_dates(dest: Path) -> Path:
    """OneRoster 1.1 academicSessions.csv with dates written as spreadsheets save them: startDate day first
    (17/08/2026, so 05/01/2027 is 5 January), ISO with a time and zone; endDate month first in one row
    (05/28/2027) and day first in another (18/12/2026), so its 01/05/2027 could be either."""
    def sessions(rows: Rows) -> Rows:
        start, end = rows[0].index("startDate"), rows[0].index("endDate")
        rows[1][start], rows[1][end] = "17/08/2026", "05/28/2027"
        rows[2][start], rows[2][end] = "2026-08-17T00:00:00.000-05:00", "18/12/2026"
        rows[3][start], rows[3][end] = "05/01/2027", "01/05/2027"
        return rows
    return copy_set("oneroster-1.1", dest, academicSessions_csv=sessions)


def excel_resaved(dest: Path) -> Path:
    """OneRoster 1.2 saved again by Excel: TRUE and FALSE, dates as M/D/YYYY."""
    def sessions(rows: Rows) -> Rows:
        for name in ("startDate", "endDate"):
            rows = column(rows, name, lambda v, n: "{1}/{2}/{0}".format(*(str(int(p)) for p in v.split("-"))))
        return rows
    return copy_set("oneroster-1.2", dest, academicSessions_csv=sessions,
                    users_csv=lambda rows: column(rows, "enabledUser", lambda v, n: v.upper()))


def deflate64(dest: Path) -> Path:
    """The Clever set in a zip whose members are Deflate64, as Windows Explorer compresses large files."""
    return deflate64_zip(dest / "clever-export.zip", folder_files(FILES / "clever"), "clever/")


def backslashes(dest: Path) -> Path:
    """The OneRoster 1.2 set in a zip with backslash paths, as PowerShell 5's Compress-Archive writes."""
    return backslash_zip(dest / "oneroster-export.zip", folder_files(FILES / "oneroster-1.2"), "export")
