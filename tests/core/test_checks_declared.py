"""Checks as declared units: each carries its codes, runs alone, raises only the codes it declares; codes.py,
the README's table and the templates' live formulas are made from the declarations."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER, district, make_table

from rosterxl.core import codes
from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.catalog.config import example_district
from rosterxl.core.example import SHEETS
from rosterxl.core.rules import CHECKS, all_codes, check_tables, codes_module, codes_table
from rosterxl.core.tables import table_from_grid
from rosterxl.core.template import plans_from_choices

ROOT = Path(__file__).resolve().parents[2]
EXPORT = [["Database ID", "First Name", "Last Name", "Username", "Password", "Student ID", "Organizations"],
          ["9001", "Ana", "Lopez", "alopez", "", "S-1", "Lincoln Elementary School"],
          ["9002", "Bo", "Diaz", "bdiaz", "", "S-2", "Lincoln Elementary School"]]


def corpus():
    """(catalog, tables) pairs on which every check finds something."""
    catalog = example_district()
    tables = [table_from_grid(catalog, rows, source="demo.xlsx", sheet=name) for name, rows in SHEETS.items()]
    odd = [[*STUDENT_HEADER, "Grade Level", "Nickname"],
           GOOD_STUDENT + ["3", "x"],
           ["Sample", "Student", "sample.student1", "sample1", "3", "SAMPLE-0001", "Sample Elementary School",
            "Sample Class - Grade 3 Reading", "Imagine Language & Literacy", "", ""], [""] * 11,
           ["Bo", "", "bdiaz", "pw", "3", "S-9", "Lincoln Elementary School", "", "Imagine Reading", "", "=1"]]
    tables.append(replace(make_table(odd, catalog=catalog, sheet="Students 2"), hidden_rows=frozenset({3}),
                          hidden_columns=frozenset({1})))
    edited = [EXPORT[0], ["9999", "Ana", "Lopez", "alopez", "", "S-1", "Lincoln Elementary School"],
              ["", "Cy", "Ng", "cng", "", "S-3", "Lincoln Elementary School"]]
    tables.append(table_from_grid(catalog, edited, source="export.xlsx", sheet="Students 3", snapshot=EXPORT))
    session = [["First Name", "Last Name", "Username", "Student ID", "Organizations", "Session Time"],
               ["Al", "Ray", "aray", "S-7", "Lincoln Elementary School", "500"]]
    tables.append(table_from_grid(catalog, session, source="s.csv", sheet="Students 4", from_csv=True))
    names = ["Lincoln Elementary School"] * 4 + ["Lincon Elementary School"]       # no config: a likely typo
    schools = [STUDENT_HEADER] + [[f"N{i}", "L", f"u{i}", "pass1", "3", f"S-{i}", school, "", ""]
                                  for i, school in enumerate(names)]
    builtin = builtin_catalog()
    return [(catalog, tables), (builtin, [make_table(schools, catalog=builtin, sheet="Students 5")])]


def _issues(checks=CHECKS):
    return [i for catalog, tables in corpus() for i in check_tables(tables, catalog, checks=checks)[0]]


def test_codes_py_is_made_from_the_declarations():
    path = ROOT / "rosterxl" / "core" / "codes.py"
    assert path.read_text(encoding="utf-8") == codes_module(), "run: python -m rosterxl.core.rules"
    assert codes.CODES == {c.code: c.finds for c in all_codes().values()}


def test_the_readme_table_is_made_from_the_declarations():
    assert codes_table() in (ROOT / "README.md").read_text(encoding="utf-8"), "run: python -m rosterxl.core.rules"


def test_each_code_is_declared_once():
    seen = {}
    for check in CHECKS:
        for code in check.codes:
            assert seen.setdefault(code.code, code) == code, f"{code.code} is declared twice, differently"


@pytest.mark.parametrize("check", CHECKS, ids=[c.name for c in CHECKS])
def test_each_check_runs_alone_and_raises_only_its_own_codes(check):
    issues = _issues([check])
    assert issues, f"the corpus gives the check '{check.name}' nothing to find"
    assert {i.code for i in issues} <= {c.code for c in check.codes}


def test_the_checks_together_find_what_they_find_alone():
    together = _issues()
    alone = [i for check in CHECKS for i in _issues([check])]
    key = lambda i: (i.sheet, i.cell, i.code, i.message)  # noqa: E731
    assert sorted(map(key, together)) == sorted(map(key, alone))


def test_a_templates_live_formulas_come_from_the_checks_that_declare_them():
    [plan] = plans_from_choices(district(), ["students"], ["all"])
    lists = {"Grade": "List_Grade", "Product": "List_Product", "Organization": "List_Organization"}
    for index, column in enumerate(plan.columns):
        formulas = plan.live_checks(index, lists)
        declared = [f for check in CHECKS if check.live for f in check.live(column, _at(plan, index, lists))]
        assert formulas == declared
    by_header = {c.header: plan.live_checks(i, lists) for i, c in enumerate(plan.columns)}
    assert any("COUNTIF(List_Grade" in f for f in by_header["Grade"])
    assert any("SUMPRODUCT(--(F$4:F$10003=F4))>1" in f for f in by_header["External Assigned ID"])


def _at(plan, index, lists):
    from rosterxl.core.layout import FIRST_ROW, LAST_ROW
    from rosterxl.core.model import column_letter
    from rosterxl.core.rules.base import LiveCell

    return LiveCell(column_letter(index), column_letter(len(plan.columns) - 1), lists, FIRST_ROW, LAST_ROW)


def test_an_issue_has_its_codes_declared_severity_unless_the_declaration_says_it_depends():
    declared = all_codes()
    varied = set()
    builtin = builtin_catalog()
    depends = [STUDENT_HEADER, ["Ana", "Lopez", "alopez", "tiger42", "3", "3/4/2021", "Lincoln Elementary School",
                                "", "Imagine Nothing"],       # an ID that may be a date; a product not in the list
               ["Bo", "Diaz", "bdiaz", "tiger43", "3", "S-2", "Lincoln: Adams", "", "Imagine Reading"]]
    for catalog, tables in [*corpus(), (builtin, [make_table(depends, catalog=builtin)])]:
        for issue in check_tables(tables, catalog)[0]:
            code = declared[issue.code]
            if issue.severity is not catalog.severity(issue.code, issue.column, code.severity):
                assert code.default, f"{issue.code} raised as a {issue.severity.value}, declared {code.severity.value}"
                varied.add(issue.code)
    assert varied, "the corpus raises no code at another severity than its declared one"


def test_a_code_cannot_be_raised_at_a_severity_it_does_not_declare():
    from rosterxl.core.model import Severity
    from rosterxl.core.rules.base import Code

    fixed = Code("test.fixed", "something", Severity.ERROR)
    assert fixed.at(Severity.ERROR) is fixed
    with pytest.raises(ValueError, match="declares no other severity"):
        fixed.at(Severity.WARNING)
    depends = Code("test.depends", "something", Severity.ERROR, "error (names: warning)")
    assert depends.at(Severity.WARNING).severity is Severity.WARNING
    assert depends.at(Severity.WARNING).code == "test.depends"
