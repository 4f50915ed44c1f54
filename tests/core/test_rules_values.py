"""Each cell-level check catches the bad value and passes the good one."""
from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import check, district, found, make_table, student, students

from rosterxl.core.model import Severity


def run(*rows, catalog=None, entity="students", header=None):
    kw = {"header": header} if header else {}
    return check(make_table(students(*rows, **kw), entity, catalog), catalog=catalog)


def test_a_good_student_has_no_issues():
    assert run(student(), catalog=district()) == []


def test_required_value_missing():
    issues = run(student(first_name=""), student(first_name="Bo"))
    assert found(issues, "required.missing") == ["A2"]
    assert issues[0].severity is Severity.ERROR and "First Name" in issues[0].message


def test_grade_not_in_list_suggests_the_nearest():
    issues = run(student(grade="Kindergarden"), student(grade="K"), student(grade="13"))
    bad = [i for i in issues if i.code == "list.not-allowed"]
    assert [i.cell for i in bad] == ["E2", "E4"]
    assert bad[0].suggestion == "K"


def test_list_values_match_without_case_or_spaces_and_name_the_portal_spelling():
    issues = run(student(grade="k"), student(grade="KG"), student(grade=" 3 "), student(grade="Pre-K"))
    spelled = [i for i in issues if i.code == "list.spelling"]
    assert [(i.cell, i.suggestion) for i in spelled] == [("E2", "K"), ("E3", "K"), ("E5", "PK")]
    assert found(issues, "list.not-allowed") == []
    assert found(issues, "text.spaces") == ["E4"]


def test_grade_words_in_english_and_spanish_and_clevers_zero_are_the_portals_grade_a_sure_fix():
    words = {"2nd grade": "2", "1st": "1", "Kindergarten": "K", "Grade 2": "2", "kínder": "K", "primero": "1",
             "2º": "2", "segundo grado": "2", "0": "K"}
    issues = run(*(student(grade=w) for w in words))
    spelled = [i for i in issues if i.code == "list.spelling"]
    assert [(i.suggestion, i.certain) for i in spelled] == [(g, True) for g in words.values()]
    assert found(issues, "list.not-allowed") == []


def test_a_product_one_letter_off_is_an_error_with_the_fix_and_one_far_from_all_a_warning():
    issues = run(student(products="Imagine Reading;Imagine Mathh"), student(products="Imagine Raeding"),
                 student(products="Reading Eggs"))
    by_cell = {i.cell: i for i in issues if i.code == "list.not-allowed"}
    assert (by_cell["I2"].severity, by_cell["I2"].suggestion) == (Severity.ERROR, "Imagine Reading;Imagine Math")
    assert (by_cell["I3"].severity, by_cell["I3"].suggestion) == (Severity.ERROR, "Imagine Reading")
    assert by_cell["I4"].severity is Severity.WARNING      # not a product the portal is known to sell


def test_educator_type_must_be_admin_or_teacher():
    header = ["First Name", "Last Name", "Username", "Educator Type", "Organizations"]
    rows = [header, ["A", "B", "a@x.org", "Principal", "S"], ["C", "D", "c@x.org", "Administrator", "S"],
            ["E", "F", "e@x.org", "Teacher", "S"]]
    issues = check(make_table(rows, "educators"))
    assert found(issues, "list.not-allowed") == ["D2"]
    assert [(i.cell, i.suggestion) for i in issues if i.code == "list.spelling"] == [("D3", "Admin")]


def test_language_and_audio_support_lists():
    header = ["First Name", "Last Name", "Username", "Student ID", "Organizations", "Language Support",
              "Audio Support"]
    rows = [header, ["A", "B", "abc", "1", "S", "Klingon", "Maybe"], ["A", "B", "abd", "2", "S", "spanish", "yes"]]
    issues = check(make_table(rows))
    assert found(issues, "list.not-allowed") == ["F2", "G2"]
    assert found(issues, "list.spelling") == ["F3", "G3"]


def test_wrong_separators_are_named_with_the_corrected_cell():
    for sep, word in ((":", "colons"), (",", "commas"), ("|", "vertical bars"), ("/", "slashes"),
                      ("\n", "line breaks")):
        issues = run(student(products=f"Imagine Reading{sep}Imagine Math"))
        [issue] = [i for i in issues if i.code == "multi.separator"]
        assert word in issue.message
        assert issue.suggestion == "Imagine Reading;Imagine Math"
        assert issue.severity is Severity.ERROR
    assert found(run(student(products="Imagine Reading ; Imagine Math")), "multi.separator") == []


def test_each_item_of_a_multi_value_cell_is_checked():
    issues = run(student(products="Imagine Reading;Imagine Lectura;Nonsense Product"))
    assert [i.message for i in issues if i.code == "list.not-allowed"] == [
        "'Nonsense Product' is not a product the portal knows."]


def test_open_list_with_a_wrong_separator_is_a_warning():
    issues = run(student(organizations="Lincoln Elementary School|Roosevelt Middle School"))
    [issue] = [i for i in issues if i.code == "multi.separator"]
    assert issue.severity is Severity.WARNING
    assert issue.suggestion == "Lincoln Elementary School;Roosevelt Middle School"


def test_a_student_belongs_to_exactly_one_school():
    issues = run(student(organizations="Lincoln Elementary School;Roosevelt Middle School"), catalog=district())
    assert found(issues, "multi.too-many") == ["G2"]


def test_a_school_not_in_the_config_is_an_error():
    issues = run(student(organizations="Lincon Elementary School"), catalog=district())
    [issue] = [i for i in issues if i.code == "list.not-allowed"]
    assert issue.severity is Severity.ERROR and issue.suggestion == "Lincoln Elementary School"


def test_without_config_a_rare_school_spelling_is_flagged_as_a_likely_typo():
    rows = [student(username=f"user{i}", student_id=str(i)) for i in range(6)]
    rows.append(student(username="odd1", student_id="x1", organizations="Lincon Elementary School"))
    rows += [student(username=f"r{i}", student_id=f"r{i}", organizations="Roosevelt Middle School")
             for i in range(2)]
    issues = run(*rows)
    [issue] = [i for i in issues if i.code == "organization.misspelt"]
    assert issue.cell == "G8" and issue.suggestion == "Lincoln Elementary School"
    assert issue.severity is Severity.WARNING


def test_email_username_for_educators():
    header = ["First Name", "Last Name", "Username", "Educator Type", "Organizations"]
    rows = [header, ["A", "B", "mgarcia@lincoln", "Teacher", "S"], ["A", "B", "m garcia@x.org", "Teacher", "S"],
            ["A", "B", "ok.name@school.k12.us", "Teacher", "S"], ["A", "B", "a..b@x.org", "Teacher", "S"]]
    issues = check(make_table(rows, "educators"))
    bad = [i for i in issues if i.code == "format.email"]
    assert [i.cell for i in bad] == ["C2", "C3", "C5"]
    assert bad[1].suggestion == "mgarcia@x.org"


def test_lengths():
    issues = run(student(student_id="x" * 65), student(student_id="x" * 64, username="ab"),
                 student(username="abc", password="abc"))
    assert found(issues, "format.too-long") == ["F2"]
    assert found(issues, "format.too-short") == ["C3", "D4"]


def test_whole_numbers_and_their_range():
    header = ["First Name", "Last Name", "Username", "Student ID", "Organizations", "Session Time"]
    rows = [header, ["A", "B", "abc", "1", "S", "twenty"], ["A", "B", "abd", "2", "S", "20.0"],
            ["A", "B", "abe", "3", "S", "300"], ["A", "B", "abf", "4", "S", 25.0]]
    issues = check(make_table(rows))
    assert found(issues, "format.whole-number") == ["F2", "F3"]
    assert [i.suggestion for i in issues if i.code == "format.whole-number"] == [None, "20"]
    assert found(issues, "format.out-of-range") == ["F4"]


def test_excel_numbers_scientific_notation_and_dates():
    rows = [student(student_id="0001234", username=f"u{i}") for i in range(5)]
    rows[0][5] = 1234.0                       # Excel stored the ID as a number
    rows[1][5] = "1.23457E+11"                # a CSV saved from Excel
    rows[2][5] = "1234.0"
    rows[3][5] = 1.2345678901234567e17        # more digits than Excel keeps
    rows[4][4] = dt.datetime(2026, 3, 4)      # Grade "3-4" became a date
    issues = run(*rows)
    assert [(i.cell, i.severity.value) for i in issues if i.code == "excel.number"] == [
        ("F1", "warning"), ("F4", "error")]          # the typed number is said once, on the column's header
    assert found(issues, "excel.scientific") == ["F3", "F5"]
    assert found(issues, "excel.date") == ["E6"]


def test_lost_leading_zeros_are_spotted_against_the_other_ids():
    rows = [student(student_id=f"00012{i}", username=f"u{i}") for i in range(6)]
    rows.append(student(student_id="1299", username="u9"))
    issues = run(*rows)
    [issue] = [i for i in issues if i.code == "excel.number"]
    assert issue.cell == "F8" and issue.suggestion == "001299"


def test_a_grade_that_looks_like_a_date_in_a_csv():
    assert found(run(student(grade="4-Mar")), "excel.date") == ["E2"]


def test_stray_spaces_invisible_characters_formulas_garbled_text():
    issues = run(student(first_name=" Ana"), student(last_name="Lo\u200bpez", username="u2", student_id="2"),
                 student(last_name="=HYPERLINK(1)", username="u3", student_id="3"),
                 student(last_name="EspaÃ±ol", username="u4", student_id="4"),
                 student(first_name="Mary  Kate", username="u5", student_id="5"))
    assert found(issues, "text.spaces") == ["A2", "A6"]
    assert [(i.cell, i.suggestion) for i in issues if i.code == "text.invisible"] == [("B3", "Lopez")]
    assert found(issues, "text.formula") == ["B4"]
    assert [(i.cell, i.suggestion) for i in issues if i.code == "text.garbled"] == [("B5", "Español")]


def test_a_line_break_in_a_single_value_cell():
    assert found(run(student(last_name="Lo\npez")), "format.line-break") == ["B2"]


def test_a_new_student_without_password_follows_the_setting():
    rows = (student(password=""),)
    assert [i.severity.value for i in run(*rows) if i.code == "password.blank"] == ["warning"]
    assert found(run(*rows, catalog=district(blank_password="allow")), "password.blank") == []
    assert [i.severity.value for i in run(*rows, catalog=district(blank_password="error"))
            if i.code == "password.blank"] == ["error"]
    header = [*STUDENT_HEADER_WITH_DB]
    existing = [*student(password=""), "DB-1"]
    assert found(run(existing, header=header), "password.blank") == []


STUDENT_HEADER_WITH_DB = ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID",
                          "Organizations", "Classes/Groups", "Products", "Database ID"]


def test_passwords_are_never_shown_in_messages_or_suggestions():
    secret = " =Zq"
    issues = run(student(password=secret), student(password="Zq", username="u2", student_id="2"))
    password_issues = [i for i in issues if i.column == "Password"]
    assert {i.code for i in password_issues} >= {"text.formula", "format.too-short"}
    for issue in password_issues:
        assert "Zq" not in issue.message and issue.suggestion is None


def test_severity_can_be_overridden_by_the_district():
    catalog = district(severity={"list.not-allowed:Products": "error", "text.spaces": "error"})
    issues = run(student(products="Nonsense", first_name="Ana "), catalog=catalog)
    assert {i.code: i.severity.value for i in issues} == {"list.not-allowed": "error", "text.spaces": "error"}


def test_ten_thousand_ids_typed_as_numbers_of_one_length_give_one_warning_for_the_column():
    rows = [student(username=f"user{i}", student_id=200000 + i) for i in range(10_000)]
    rows[500][5] = 99999                          # shorter than its neighbours: the one cell worth a look
    issues = run(*rows)
    numbers = [i for i in issues if i.code == "excel.number"]
    assert [(i.cell, i.severity.value) for i in numbers] == [("F1", "warning"), ("F502", "warning")]
    assert "9,999 values" in numbers[0].message and "no leading zeros seem lost" in numbers[0].message
    assert "has 5 digits where the other IDs here have 6" in numbers[1].message


def test_leading_zero_evidence_is_per_cell_numbers_shorter_than_the_padded_ids_are_warned_of():
    rows = [student(student_id=f"000441{i}", username=f"u{i}") for i in range(3)]
    rows += [student(student_id=4418, username="u7"), student(student_id=4419, username="u8"),
             student(student_id=123457000000, username="u9")]
    issues = run(*rows)
    numbers = {i.cell: i for i in issues if i.code == "excel.number"}
    assert [(c, numbers[c].suggestion) for c in ("F5", "F6")] == [("F5", "0004418"), ("F6", "0004419")]
    assert "has 4 digits where the zero-padded IDs of this column have 7" in numbers["F5"].message
    header = numbers["F1"].message
    assert "F7" in header and "as many digits" not in header and "not shorter than the zero-padded" in header


def test_a_padded_suggestion_only_when_unambiguous():
    rows = [student(student_id=v, username=f"u{n}") for n, v in enumerate(["00123", "0004418", "0004412", "412"])]
    rows.append(student(student_id="0000412", username="u9"))
    issues = run(*rows)
    numbers = {i.cell: i for i in issues if i.code == "excel.number"}
    assert numbers["F5"].suggestion is None and "have 5 to 7" in numbers["F5"].message
    rows = [student(student_id=v, username=f"u{n}") for n, v in enumerate(["0004418", "0004412", "4418", "4"])]
    numbers = {i.cell: i for i in run(*rows) if i.code == "excel.number"}
    assert (numbers["F4"].suggestion, numbers["F5"].suggestion) == (None, "0000004")  # 0004418 is taken


def test_a_date_like_student_id_is_flagged_in_a_csv_and_in_a_workbook():
    rows = [student(student_id=v, username=f"u{n}") for n, v in enumerate(["3/12/2025", "2025-03-12", "12-34-5678",
                                                                           "10.5.23", "S-0001"])]
    for from_csv in (True, False):
        table = make_table(students(*rows))
        table = dataclasses.replace(table, from_csv=from_csv) if from_csv else table
        dates = [i for i in check(table) if i.code == "excel.date"]
        assert [(i.cell, i.severity.value) for i in dates] == [("F2", "warning"), ("F3", "warning"), ("F5", "warning")]
        assert "wrong column" in dates[0].message


def test_an_id_with_digits_beyond_ascii_between_slashes_is_no_date_and_no_crash():
    issues = run(student(student_id="²/1/2"), student(student_id="3/12/2025", username="b"))
    assert found(issues, "excel.date") == ["F3"]
