"""Checks on whole sheets, uniqueness, sample rows and across sheets."""
from __future__ import annotations

from conftest import STUDENT_HEADER, check, district, found, make_table, student, students

from rosterxl.core.model import Severity, column_letter

CLASS_HEADER = ["Class/Group Name", "Organization", "Product"]


def classes(*rows):
    return make_table([CLASS_HEADER, *rows], "classes", sheet="Classes-Groups")


def test_missing_required_column_is_an_error_on_the_header_row():
    header = [h for h in STUDENT_HEADER if h != "Student ID"]
    row = [v for h, v in zip(STUDENT_HEADER, student()) if h != "Student ID"]
    issues = check(make_table([header, row]))
    [issue] = [i for i in issues if i.code == "sheet.missing-column"]
    assert (issue.row, issue.column, issue.severity) == (1, "External Assigned ID", Severity.ERROR)
    assert "headed 'External Assigned ID'" in issue.message


def test_students_do_not_require_educator_type():
    issues = check(make_table(students(student())))
    assert "Educator Type" not in {i.column for i in issues}


def test_duplicated_unknown_and_misspelt_headers():
    header = [*STUDENT_HEADER, "Grade Level", "Notes", "Produtcs"]
    issues = check(make_table([header, [*student(), "4", "likes cats", "x"]]))
    assert found(issues, "sheet.duplicate-header") == ["J1"]
    assert [(i.cell, i.suggestion) for i in issues if i.code == "sheet.unknown-header"] == [
        ("K1", None), ("L1", "Products")]


def test_a_value_far_right_of_the_headers_is_one_warning_not_one_per_empty_column_between():
    far = [""] * 40
    far[-1] = "stray"                    # 40 columns past the header row's last, "Notes"
    issues = check(make_table([[*STUDENT_HEADER, "", "Notes"], [*student(), "", "", *far], student()]))
    notes = len(STUDENT_HEADER) + 1
    assert [i.cell for i in issues if i.code == "sheet.unknown-header"] == [
        f"{column_letter(notes)}1", f"{column_letter(notes + 40)}1"]       # the empty column before Notes: nothing


def test_headers_match_without_case_spaces_or_punctuation():
    header = ["first name", "LAST NAME", "User Name", "password", "grade level", "Student-ID",
              "organizations", "Classes / Groups", "products"]
    table = make_table([header, student()])
    assert all(h.column is not None for h in table.headers)
    issues = check(table)
    assert len(found(issues, "sheet.header-spelling")) == 9
    assert {i.code for i in issues} == {"sheet.header-spelling"}


def test_more_than_ten_thousand_records_will_be_split():
    rows = [student(username=f"user{i}", student_id=str(i)) for i in range(10_001)]
    issues = check(make_table(students(*rows)))
    [issue] = [i for i in issues if i.code == "sheet.too-many-records"]
    assert "2 numbered files" in issue.message and issue.severity is Severity.WARNING


def test_blank_rows_between_records():
    empty = [""] * len(STUDENT_HEADER)
    issues = check(make_table(students(student(), empty, empty, student(username="u2", student_id="2"), empty)))
    [issue] = [i for i in issues if i.code == "sheet.blank-row"]
    assert issue.cell == "A3" and "Rows 3 to 4" in issue.message


def test_sample_rows_left_under_the_header_are_skipped_quietly_and_a_copy_among_records_is_pointed_out():
    from rosterxl.core.catalog.builtin import STUDENTS

    first, second = ([sample.get(key, "") for key in
                      ("first_name", "last_name", "username", "password", "grade", "student_id", "organizations",
                       "classes", "products")] for sample in STUDENTS.sample_rows)
    issues = check(make_table(students(first, second, student())))
    assert issues == []                       # as the Instructions say: left in, they are simply left out
    issues = check(make_table(students(student(), first)))
    assert found(issues, "sample.row") == ["A3"]
    assert {i.code for i in issues} == {"sample.row"}    # nothing else is checked on a sample row


def test_student_id_unique_and_username_unique_ignoring_case():
    issues = check(make_table(students(student(), student(username="ALOPEZ", student_id="S-0002"),
                                       student(username="other", student_id="S-0001"))))
    dupes = [(i.cell, i.column) for i in issues if i.code == "unique.duplicate"]
    assert dupes == [("C2", "Username"), ("F2", "Student ID"), ("C3", "Username"), ("F4", "Student ID")]
    [portal_words] = [i for i in issues if i.cell == "F4"]
    assert portal_words.message.endswith("Each student needs their own Student ID.")


def test_student_id_uniqueness_spans_files_checked_together():
    a = make_table(students(student()), sheet="a.csv")
    b = make_table(students(student(username="bb")), sheet="b.csv")
    issues = check(a, b)
    assert [i.message for i in issues if i.code == "unique.duplicate" and i.sheet == "b.csv"] == [
        "'S-0001' is also used in a.csv row 2. Each student needs their own Student ID."]


def test_class_name_unique_within_its_school_only():
    issues = check(classes(["Math", "Lincoln Elementary School", "Imagine Math"],
                           ["math", "Lincoln Elementary School", "Imagine Math"],
                           ["Math", "Roosevelt Middle School", "Imagine Math"]))
    assert found(issues, "unique.duplicate") == ["A2", "A3"]
    assert all(i.severity is Severity.WARNING for i in issues if i.code == "unique.duplicate")


def test_class_must_exist_for_the_students_school():
    cls = classes(["Gr 3 Reading", "Lincoln Elementary School", "Imagine Reading"],
                  ["Gr 7 Math", "Roosevelt Middle School", "Imagine Math"])
    st = make_table(students(student(), student(username="b2", student_id="2", **{"Classes/Groups": "Gr 7 Math"}),
                             student(username="b3", student_id="3", **{"Classes/Groups": "Gr 9 Art"}),
                             student(username="b4", student_id="4", **{"Classes/Groups": "gr 3 reading"})))
    issues = check(cls, st)
    unknown = [i for i in issues if i.code == "cross.class-unknown"]
    assert [i.cell for i in unknown] == ["H3", "H4"]
    assert "exists at Roosevelt Middle School" in unknown[0].message
    assert all(i.severity is Severity.ERROR for i in unknown)


def test_class_check_stands_aside_when_no_class_is_known():
    st = make_table(students(student(**{"Classes/Groups": "Anything"})))
    assert found(check(st), "cross.class-unknown") == []


def test_classes_from_the_config_count():
    catalog = district(classes=[{"name": "Gr 3 Reading", "organization": "Lincoln Elementary School"}])
    st = make_table(students(student(), student(username="b2", student_id="2", **{"Classes/Groups": "Art"})),
                    catalog=catalog)
    assert found(check(st, catalog=catalog), "cross.class-unknown") == ["H3"]


def test_wrong_separator_between_class_names():
    cls = classes(["Gr 3 Reading", "Lincoln Elementary School", "Imagine Reading"],
                  ["ELD", "Lincoln Elementary School", "Imagine Reading"])
    st = make_table(students(student(**{"Classes/Groups": "Gr 3 Reading, ELD"})))
    [issue] = [i for i in check(cls, st) if i.code == "multi.separator"]
    assert issue.suggestion == "Gr 3 Reading;ELD"


def test_hidden_rows_and_columns_are_said_once_per_sheet(tmp_path):
    """Hidden in Excel, checked and saved like the others: the person is told, once for rows, once for columns."""
    import openpyxl

    from rosterxl import Roster
    path = tmp_path / "hidden.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Students"
    sheet.append(STUDENT_HEADER)
    for i in range(12):
        sheet.append(student(username=f"u{i}", student_id=f"S-{i}"))
    for row in (3, 4, 9):
        sheet.row_dimensions[row].hidden = True
    sheet.column_dimensions["B"].hidden = True
    book.save(path)
    hidden = [i for i in Roster.open([path]).check() if i.code == "sheet.hidden"]
    assert [(i.cell, i.severity.value) for i in hidden] == [("B1", "warning"), ("A3", "warning")]
    assert "Rows 3, 4, 9 are hidden" in hidden[1].message and "'Last Name'" in hidden[0].message
