"""What real SIS exports hold (tests/sis/variants.py rebuilds each from the fixtures' district): Clever's own
term dates 8/1/15 and grade 0, a teacher of a section at another school, a class with a vocabulary mistake,
rows shorter than the header, empty header columns, Excel's resaved TRUE and dates, day-first dates, and the
zips Windows makes. Each is read as the export means it, or its records are listed as not brought over with
why, and from-sis's own workbook passes check."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers import runner

from rosterxl import from_sis
from rosterxl.cli import app
from rosterxl.core.model import Severity
from rosterxl.core.sis.dates import DAY_FIRST, MONTH_FIRST, column_order, read_date
from rosterxl.core.sis.detect import read_district
from rosterxl.media.sisfiles import read_sis_files
from rosterxl.roster import sis_sheets
from sis import variants

CONFIG = variants.FILES / "rosterxl.toml"


def convert(make, tmp_path: Path):
    return from_sis(make(tmp_path), tmp_path / "out.xlsx", CONFIG)


def rows_of(result, sheet: str) -> list[list[str]]:
    table = next(t for t in result.roster.tables if t.sheet == sheet)
    return [r.values for r in result.roster.records(table)]


def checked(workbook: Path) -> int:
    """The exit code of `rosterxl check` on the workbook from-sis wrote."""
    return runner.invoke(app, ["check", str(workbook), "--config", str(CONFIG)]).exit_code


def errors_on(result, file: str, column: str) -> list[str]:
    return [p.message for p in result.problems if p.file == file and p.column == column
            and p.severity is Severity.ERROR]


def test_clever_term_dates_with_two_digit_years_are_dates_and_a_past_year_stays_out(tmp_path):
    result = convert(variants.clever_short_years, tmp_path)
    assert not errors_on(result, "sections.csv", "Term_start") and not errors_on(result, "sections.csv", "Term_end")
    said = [p.message for p in result.problems if p.column == "Term_start"]
    assert len(said) == 1 and "two-digit year" in said[0] and "17 August 2026" in said[0]     # once per column
    past = [x for x in result.left_out if x.name == "Reading 2015"]
    assert past and "not in a current term" in past[0].why                # not brought in as current
    assert "Reading 2015" not in {r[0] for r in rows_of(result, "Classes-Groups")}
    students = {r[5]: r for r in rows_of(result, "Students")}
    assert students["0004414"][4] == "K"                                  # Clever's grade 0
    assert result.applied["grade 0 became K ([sis.grades])"] == 1
    assert result.roster.errors() == 0 and checked(result.workbook) == 0


def test_a_teacher_of_a_section_at_another_school_is_given_that_school(tmp_path):
    result = convert(variants.clever_other_school, tmp_path)
    educators = {r[2]: r for r in rows_of(result, "Educators")}
    assert educators["arivera@maplevalley.example"][5] == "Elm Street Elementary;Oak Ridge Middle School"
    assert "Art 7" in educators["arivera@maplevalley.example"][6]
    assert result.applied["an educator was given the school of a class they teach there"] == 1
    assert result.roster.errors() == 0 and checked(result.workbook) == 0


def test_a_class_with_a_vocabulary_mistake_is_brought_over_or_listed_with_its_students_told(tmp_path):
    result = convert(variants.class_vocabulary, tmp_path)
    classes = {r[1]: r for r in rows_of(result, "Classes-Groups")}
    assert {"c-301", "c-302"} <= set(classes)                              # 'Lab' and 'Scheduled': warnings
    assert [p.severity for p in result.problems if p.file == "classes.csv" and p.column == "classType"] == [
        Severity.WARNING, Severity.WARNING]
    unread = [x for x in result.left_out if (x.where.file, x.where.row) == ("classes.csv", 4)]
    assert unread and "title is empty" in unread[0].why
    told = [p.message for p in result.problems if p.file == "enrollments.csv" and "c-401" in p.message]
    assert told and "Mei Chen" in told[0] and "David Chen" in told[0]
    sheet = openpyxl.load_workbook(result.workbook)["From the SIS"]
    listed = [r for r in sheet.iter_rows(values_only=True) if r[:3] == ("classes.csv", 4, "class/group")]
    assert listed and "could not be read" in listed[0][4]          # under Not brought over
    in_file = len(read_sis_files(tmp_path / "oneroster-1.1")["classes.csv"]) - 1
    assert in_file == len(classes) + sum(x.kind == "class/group" for x in result.left_out)
    assert result.roster.errors() == 0


def test_a_row_shorter_than_the_header_is_said_so_and_read_when_only_optional_values_are_missing(tmp_path):
    result = convert(variants.short_rows, tmp_path)
    cut = [p for p in result.problems if p.file == "users.csv" and p.row == 3]
    assert cut and "fewer than the 18 columns of the header" in cut[0].message and "comma" not in cut[0].message
    assert "givenName" in cut[0].message and cut[0].severity is Severity.ERROR
    assert [x.where.row for x in result.left_out if x.where.file == "users.csv"] == [3]
    trimmed = [p for p in result.problems if p.file == "users.csv" and p.row == 2]
    assert trimmed[0].severity is Severity.WARNING and "read as empty" in trimmed[0].message
    assert "arivera@maplevalley.example" in {r[2] for r in rows_of(result, "Educators")}


def test_columns_without_a_header_drop_no_one(tmp_path):
    result = convert(variants.stray_header_columns, tmp_path)
    assert result.records() == {"Classes-Groups": 7, "Educators": 6, "Students": 8}
    assert [p.message for p in result.problems if p.file == "users.csv" and p.row == 1] == [
        "2 columns have no header (column S, T); they were left aside and the rows under the header were read."]
    assert result.source_errors() == 0


def test_no_one_brought_over_is_an_error_and_never_ready_to_upload(tmp_path):
    folder = variants.no_users(tmp_path)
    done = runner.invoke(app, ["from-sis", str(folder), "--out", str(tmp_path / "out.xlsx"), "--config", str(CONFIG)])
    assert done.exit_code == 1
    assert "none of the 14 people in the files was brought over" in done.output
    assert "Ready to upload" not in done.output and "Not ready to upload" in done.output
    assert "Pupil" in done.output


def test_dates_as_spreadsheets_write_them_are_read_by_their_column_and_an_undecidable_one_is_said(tmp_path):
    district = read_district(read_sis_files(variants.mixed_dates(tmp_path)), "mixed")
    terms = district.terms
    assert terms["year-2027"].start == dt.date(2026, 8, 17) and terms["year-2027"].end == dt.date(2027, 5, 28)
    assert terms["term-fall"].start == dt.date(2026, 8, 17) and terms["term-fall"].end == dt.date(2026, 12, 18)
    assert terms["term-spring"].start == dt.date(2027, 1, 5)               # the column is day first
    undecided = [p for p in district.problems if (p.file, p.row, p.column) == ("academicSessions.csv", 4, "endDate")]
    assert undecided and undecided[0].severity is Severity.ERROR
    assert "could be 05 January or 01 May" in undecided[0].message


def test_a_bundle_excel_saved_again_reads_as_it_was(tmp_path):
    result = convert(variants.excel_resaved, tmp_path)
    assert result.source_errors() == 0 and result.roster.errors() == 0
    assert result.records() == {"Classes-Groups": 7, "Educators": 6, "Students": 8}
    assert any("as Excel saves true and false" in p.message for p in result.problems)


@pytest.mark.parametrize("make, folder", [(variants.deflate64, "clever"), (variants.backslashes, "oneroster-1.2")])
def test_zips_windows_makes_read_as_their_folder(make, folder, tmp_path):
    zipped = sis_sheets(make(tmp_path), CONFIG)
    plain = sis_sheets(variants.FILES / folder, CONFIG)
    assert zipped.files == plain.files
    assert [[row[:3] + row[4:] for row in grid] for grid in zipped.grids] == \
        [[row[:3] + row[4:] for row in grid] for grid in plain.grids]       # passwords are random each time


@pytest.mark.parametrize("value, date, form", [
    ("8/1/15", dt.date(2015, 8, 1), "month/day/year with a two-digit year"),
    ("08/01/2015", dt.date(2015, 8, 1), "month/day/year"),
    ("2015-08-01", dt.date(2015, 8, 1), ""),
    ("2015-08-01T00:00:00.000Z", dt.date(2015, 8, 1), "YYYY-MM-DD with a time"),
    ("2015-08-01T07:30:00+02:00", dt.date(2015, 8, 1), "YYYY-MM-DD with a time"),
    ("2015-08-01 00:00:00", dt.date(2015, 8, 1), "YYYY-MM-DD with a time"),
    ("8/1/2015 0:00", dt.date(2015, 8, 1), "month/day/year"),
    ("08/01/2015 12:00:00 AM", dt.date(2015, 8, 1), "month/day/year"),
    ("1-Aug-15", dt.date(2015, 8, 1), "with the month's name"),
    ("Aug 1, 2015", dt.date(2015, 8, 1), "with the month's name"),
    ("42217", dt.date(2015, 8, 1), "as Excel's date number"),
    ("15/06/2023", dt.date(2023, 6, 15), "day/month/year"),
    ("20150801", dt.date(2015, 8, 1), "as YYYYMMDD"),
])
def test_the_date_forms_real_systems_write(value, date, form):
    read = read_date(value)
    assert (read.date, read.form) == (date, form)


def test_day_and_month_are_decided_by_the_column_or_not_at_all():
    assert column_order(["1/05/2023", "15/06/2023"]) == DAY_FIRST
    assert column_order(["1/05/2023", "06/15/2023"]) == MONTH_FIRST
    assert read_date("1/05/2023", DAY_FIRST).date == dt.date(2023, 5, 1)
    assert read_date("1/05/2023").guessed and read_date("1/05/2023").date == dt.date(2023, 1, 5)
    assert read_date("1/05/2023", column_order(["15/06/2023", "06/15/2023"])).date is None
    assert read_date("2/30/2026").date is None and read_date("99999").date is None and read_date("hello").date is None


def test_a_clever_teacher_whose_id_is_a_students_is_listed_not_lost(tmp_path):
    teacher = ["org-elm", "u-s1", "T-9", "same@maplevalley.example", "Sam", "Same", "", "ssame"]
    folder = variants.copy_set("clever", tmp_path, teachers_csv=lambda rows: [*rows, teacher])
    result = from_sis(folder, tmp_path / "out.xlsx", CONFIG)
    assert [(x.where.file, x.where.row, x.name) for x in result.left_out if x.kind == "person"] == [
        ("teachers.csv", 7, "Sam Same")]
    assert errors_on(result, "teachers.csv", "Teacher_id")
    assert "0004412" in {r[5] for r in rows_of(result, "Students")}      # the student keeps the id


def test_no_student_with_the_chosen_id_takes_the_sis_id_and_says_so(tmp_path):
    def users(rows):
        role, identifier = rows[0].index("role"), rows[0].index("identifier")
        for row in rows[1:]:
            if row[role] == "student":
                row[identifier] = ""
        return rows
    result = from_sis(variants.copy_set("oneroster-1.1", tmp_path, users_csv=users), tmp_path / "out.xlsx", CONFIG)
    assert {r[5] for r in rows_of(result, "Students")} == {f"u-s{n}" for n in range(1, 9)}
    said = [p for p in result.problems if "no student has the student number" in p.message]
    assert len(said) == 1 and said[0].severity is Severity.WARNING and 'student_id = "source-id"' in said[0].message
    assert result.roster.errors() == 0
