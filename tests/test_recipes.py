"""The README's recipes are true: a new check and a new SIS format are each one declaration added to one
registry, and everything else follows (the issues, their severity and the table of codes; detection, the
conversion, the workbook and the guard on a folder of its files)."""
from __future__ import annotations

import openpyxl
import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER

from rosterxl import Roster, RosterInputError, Severity
from rosterxl.core import rules
from rosterxl.core.rules.base import Code, check
from rosterxl.core.sis import detect
from rosterxl.core.sis.contents import Membership, Person, School, Section, SisDistrict, SisFormat, Where

NICKNAME = Code("recipe.nickname", "a first name written in quotes, as a nickname", Severity.WARNING)


@check("nicknames", [NICKNAME])
def nicknames(ctx, table):
    header = table.header_for("first_name")
    for row, value in ctx.rows_where(table, header, lambda v: v.startswith('"')):
        yield ctx.issue(table, header, row.number, NICKNAME, f"{value} is written in quotes.", value.strip('"'))


def test_a_new_check_is_its_declaration_and_its_place_in_checks(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "CHECKS", (*rules.CHECKS, nicknames))
    book = openpyxl.Workbook()
    book.active.title = "Students"
    for row in (STUDENT_HEADER, GOOD_STUDENT, ['"Bo"', *GOOD_STUDENT[1:2], "bdiaz", *GOOD_STUDENT[3:5], "S-0002",
                                               *GOOD_STUDENT[6:]]):
        book.active.append(row)
    book.save(tmp_path / "school.xlsx")
    [issue] = Roster.open([tmp_path / "school.xlsx"]).check()
    assert (issue.cell, issue.code, issue.severity, issue.suggestion) == ("A3", "recipe.nickname", Severity.WARNING,
                                                                          "Bo")
    assert "| `recipe.nickname` | a first name written in quotes, as a nickname | warning |" in rules.codes_table()


def _read_acme(files) -> SisDistrict:
    """A one-file SIS: people.csv with Id, Role, First, Last, Login, School, Grade, Class."""
    district = SisDistrict("Acme SIS", sorted(files))
    district.schools["s1"] = School("s1", "Lincoln Elementary School")
    for number, row in enumerate(files["people.csv"][1:], start=2):
        pid, role, first, last, login, school, grade, section = row
        district.people[pid] = Person(pid, role, first, last, Where("people.csv", number), username=login,
                                      number=pid, grades=[grade] if grade else [], schools=[school],
                                      primary_school=school)
        district.sections.setdefault(section, Section(section, section, school, Where("people.csv", number)))
        district.memberships.append(Membership(section, pid, role))
    return district


ACME = SisFormat("Acme SIS", lambda files, where: "people.csv" in {n.casefold() for n in files}, _read_acme,
                 frozenset({"people.csv"}), {"username": "Login", "student id": "Id", "people file": "people.csv",
                                             "school": "School"})


def test_a_new_sis_format_is_its_declaration_and_its_place_in_formats(tmp_path, monkeypatch):
    monkeypatch.setattr(detect, "FORMATS", (*detect.FORMATS, ACME))
    export = tmp_path / "acme"
    export.mkdir()
    (export / "people.csv").write_text(
        "Id,Role,First,Last,Login,School,Grade,Class\n"
        "t1,teacher,Jo,Park,jpark@district.org,s1,,Gr 3 Reading\n"
        "1001,student,Ana,Lopez,alopez,s1,3,Gr 3 Reading\n"
        "1002,student,Ben,Ruiz,,s1,3,Gr 3 Reading\n", encoding="utf-8")
    done = Roster.from_sis(export, tmp_path / "district.xlsx")
    assert done.format == "Acme SIS" and done.records() == {"Classes-Groups": 1, "Educators": 1, "Students": 2}
    book = openpyxl.load_workbook(tmp_path / "district.xlsx")
    students = [[c.value for c in row][:3] for row in book["Students"].iter_rows(min_row=2, max_row=3)]
    assert students == [["Ana", "Lopez", "alopez"], ["Ben", "Ruiz", "ben.ruiz"]]      # a username made by a decision
    with pytest.raises(RosterInputError, match="student information system's export"):
        Roster.open([export])                      # a folder of its files given to check: the SIS guard knows them
