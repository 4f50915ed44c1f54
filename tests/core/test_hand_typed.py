"""A district typed by hand, as a school secretary would, with everyday mistakes and no rosterxl.toml: every
planted mistake is a message on its cell, no correct cell is an error, and every suggestion passes the check it
came from."""
from __future__ import annotations

import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER, check, make_table
from hand_typed import EDUCATORS, LINCOLN, PLANTED, STUDENTS, tables

from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.fixing import Accept, fix_summary
from rosterxl.core.model import Severity
from rosterxl.roster import Roster


def caught_and_false(issues):
    cells = {(i.sheet, i.cell) for i in issues}
    errors = {(i.sheet, i.cell) for i in issues if i.severity is Severity.ERROR}
    correct_errors = {c for c in errors if c not in PLANTED and not c[1][1:] == "1"}
    return len(PLANTED & cells), len(correct_errors)


def test_every_planted_mistake_is_on_its_cell_and_no_correct_cell_is_an_error():
    issues = check(*tables())
    caught, false = caught_and_false(issues)
    print(f"caught {caught} of {len(PLANTED)}, false errors {false}")
    assert (caught, false) == (len(PLANTED), 0)


def test_every_suggestion_applied_passes_the_next_check():
    issues = check(*tables())
    grids = {"Students": [STUDENT_HEADER, *(list(r) for _, r in STUDENTS)], "Educators": [list(r) for r in EDUCATORS]}
    applied = set()
    for issue in issues:
        if issue.suggestion is not None and issue.sheet in grids and issue.row > 1:
            grid = grids[issue.sheet]
            grid[issue.row - 1][grid[0].index(issue.column) if issue.column in grid[0] else
                                ord(issue.cell[0]) - ord("A")] = issue.suggestion
            applied.add((issue.sheet, issue.cell))
    assert applied
    again = check(*tables(grids["Students"][1:], grids["Educators"]))
    assert [(i.cell, i.code, i.message) for i in again if (i.sheet, i.cell) in applied] == []


def test_fix_then_the_likely_fixes_accepted_leave_only_what_needs_a_person():
    """Fix applies what is sure; the likely fixes wait for a yes; with every one accepted, the next check has
    only the cells no suggestion can mend (two schools in one cell, a date for an ID)."""
    roster = Roster(builtin_catalog(), tables())
    sure, after_sure = roster.fixes()
    assert {(f.sheet, f.cell) for f in sure} == {("Educators", "E4"), ("Students", "G7"), ("Students", "E12")}
    assert not any(f.accepted for f in sure)
    offered = {(i.sheet, i.cell): i.suggestion for i in after_sure.check() if i.fix == "likely"}
    assert offered == {("Students", "G8"): LINCOLN, ("Students", "F10"): "0004418",
                       ("Students", "I13"): "Imagine Reading"}
    fixed, after = roster.fixes(Accept(everything=True))
    accepted = {(f.sheet, f.cell, f.now) for f in fixed if f.accepted}
    assert accepted == {(sheet, cell, now) for (sheet, cell), now in offered.items()}
    assert {(i.sheet, i.cell) for i in after.check()} == {("Students", "G9"), ("Students", "F11")}
    lines = fix_summary(fixed)
    assert lines[0] == "rosterxl fixed 3 cells it was sure of:" and "rosterxl fixed 3 cells you said yes to:" in lines


def test_a_likely_fix_is_taken_by_its_check_or_by_its_cell_and_suggestion_only():
    roster = Roster(builtin_catalog(), tables())
    by_code, _ = roster.fixes(Accept(codes=frozenset({"organization"})))
    assert {f.cell for f in by_code if f.accepted} == {"G8"}
    by_cell, _ = roster.fixes(Accept(cells=frozenset({("Students", "I13", "Imagine Reading")})))
    assert {f.cell for f in by_cell if f.accepted} == {"I13"}
    seen_before, _ = roster.fixes(Accept(cells=frozenset({("Students", "I13", "Imagine Math")})))   # changed since
    assert not any(f.accepted for f in seen_before)


def test_a_school_in_other_capitals_is_said_once_with_the_classes_sheets_spelling():
    mine = [i for i in check(*tables()) if (i.sheet, i.cell) == ("Students", "G7")]
    assert [(i.code, i.suggestion, i.fix) for i in mine] == [("list.spelling", LINCOLN, "sure")]
    assert "in the Classes/Groups sheet" in mine[0].message


@pytest.mark.parametrize("typed, grade", [
    ("2nd grade", "2"), ("2nd Grade", "2"), ("Grade 2", "2"), ("1st", "1"), ("12th", "12"), ("Kindergarten", "K"),
    ("0", "K"), ("Pre-K", "PK"), ("segundo grado", "2"), ("2do grado", "2"), ("3er grado", "3"), ("tercer grado", "3"),
    ("primer grado", "1"), ("1ro", "1"), ("Grado 4", "4"), ("séptimo", "7"), ("Septimo", "7"), ("12vo grado", "12"),
    ("kínder", "K"), ("prekinder", "PK")])
def test_grade_words_in_english_and_spanish_are_sure_fixes(typed, grade):
    row = list(GOOD_STUDENT)
    row[STUDENT_HEADER.index("Grade")] = typed
    [issue] = [i for i in check(make_table([STUDENT_HEADER, row])) if i.column == "Grade"]
    assert (issue.code, issue.suggestion, issue.fix) == ("list.spelling", grade, "sure")


@pytest.mark.parametrize("typed", ["K-5", "2-3", "Grade 13"])
def test_a_grade_with_no_one_meaning_gets_no_sure_fix(typed):
    row = list(GOOD_STUDENT)
    row[STUDENT_HEADER.index("Grade")] = typed
    [issue] = [i for i in check(make_table([STUDENT_HEADER, row])) if i.column == "Grade"]
    assert issue.code == "list.not-allowed" and issue.fix is None


def test_every_likely_fix_comes_from_a_check_the_command_line_names():
    """fix --accept's message lists LIKELY_CODES: every check that offers a likely fix is there."""
    from rosterxl.core.fixing import LIKELY_CODES

    row = list(GOOD_STUDENT)
    row[STUDENT_HEADER.index("Classes/Groups")] = "Gr 3 Reading: Gr 4 Math"          # colons in an open list
    likely = {i.code for i in check(*tables(), make_table([STUDENT_HEADER, row])) if i.fix == "likely"}
    assert likely and likely <= set(LIKELY_CODES)
