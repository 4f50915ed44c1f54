"""Per-school workbooks: one workbook per school from the district's workbook, its CSV files (the portal's exports)
or its SIS export, with only that school's records, its name the only Organization, its classes the only classes."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import runner
from schools_district import SCHOOLS, SHARED, classes, write_district

from rosterxl import Roster, load_config, write_school_workbooks
from rosterxl.cli import app
from rosterxl.core.schools import SCHOOL_NAME, safe_file_stem, school_file_names

SIS = Path(__file__).parent / "sis" / "files"


def rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    grid = list(ws.iter_rows(values_only=True))
    return [dict(zip(grid[0], r)) for r in grid[1:]]


@pytest.fixture
def made(tmp_path):
    district, config = write_district(tmp_path)
    return write_school_workbooks([district], tmp_path / "schools", config), tmp_path


def test_each_school_gets_a_workbook_with_only_its_records(made):
    result, tmp = made
    assert [w.school for w in result.written] == SCHOOLS
    assert [w.path.name for w in result.written] == [
        "Cedar Ridge Elementary.xlsx", "Maple Grove Middle School.xlsx", "Lincoln High School - East Campus.xlsx",
        "St. Mary's Academy.xlsx"]
    assert [w.records for w in result.written] == [
        {"Classes-Groups": 2, "Educators": 2, "Students": 3}, {"Classes-Groups": 2, "Educators": 2, "Students": 3},
        {"Classes-Groups": 2, "Educators": 1, "Students": 3}, {"Classes-Groups": 2, "Educators": 1, "Students": 3}]
    assert [w.shared for w in result.written] == [1, 1, 0, 0]
    for s, written in enumerate(result.written):
        for sheet, column in (("Classes-Groups", "Organization"), ("Educators", "Organizations"),
                              ("Students", "Organizations")):
            assert {r[column] for r in rows(written.path, sheet)} == {SCHOOLS[s]}
        assert {r["Class/Group Name"] for r in rows(written.path, "Classes-Groups")} == set(classes(s))


def test_an_educator_at_two_schools_is_in_both_with_that_school_and_its_classes(made):
    result, _ = made
    for s in (0, 1):
        [pat] = [r for r in rows(result.written[s].path, "Educators") if r["Username"] == SHARED]
        assert pat["Organizations"] == SCHOOLS[s]
        assert pat["Classes/Groups"] == classes(s)[s]              # Reading 0A at the first, Math 1B at the second
        assert (pat["First Name"], pat["Last Name"], pat["External Assigned ID"]) == ("Pat", "Kim", "T9")
    assert all(SHARED not in {r["Username"] for r in rows(w.path, "Educators")} for w in result.written[2:])


def test_records_of_no_school_are_named_not_sent(made):
    result, _ = made
    assert [(u.table.sheet, u.row.number, u.why) for u in result.unplaced] == [
        ("Students", 14, "'Ceder Ridge Elementary' is not one of the district's schools (did you mean 'Cedar Ridge "
                         "Elementary'?)"),
        ("Students", 15, "its Organizations is empty")]


def test_the_workbook_names_its_school_and_lists_only_its_school_and_classes(made):
    result, _ = made
    written = result.written[3]
    wb = openpyxl.load_workbook(written.path)
    assert wb.defined_names[SCHOOL_NAME].attr_text == '"St. Mary\'s Academy?"'
    lists = wb["Lists"]
    ref = wb.defined_names["List_Organization"].attr_text
    assert ref == "Lists!$A$2:$A$2" and lists["A2"].value == "St. Mary's Academy?"
    assert wb.defined_names["List_ClassGroup"].attr_text == "'Classes-Groups'!$A$2:$A$10001"
    texts = [c for row in wb["Instructions"].iter_rows(values_only=True) for c in row if c]
    assert "For St. Mary's Academy?" in texts
    assert any("send it back" in t for t in texts)
    assert not any("grey example rows" in t for t in texts)
    validations = {str(dv.sqref): dv.formula1 for dv in wb["Educators"].data_validations.dataValidation}
    assert validations["F2:F10001"] == "List_Organization" and validations["G2:G10001"] == "List_ClassGroup"


def test_a_school_workbook_checks_clean_where_the_district_was(made):
    result, _ = made
    for written in result.written:
        roster = Roster.open([written.path])
        assert roster.errors() == 0, [i.message for i in roster.check()]


def test_from_the_portals_exports_the_round_trip_holds(tmp_path):
    exports = sorted((SIS / "portal").glob("*.csv"))
    result = write_school_workbooks(exports, tmp_path / "schools", SIS / "rosterxl.toml")
    assert [w.school for w in result.written] == ["Elm Street Elementary", "Oak Ridge Middle School"]
    for written in result.written:
        roster = Roster.open([written.path], SIS / "rosterxl.toml")
        found = {t.sheet: (c.count("added"), c.count("changed"), c.count("unchanged")) for t, c in roster.changes()}
        assert found == {sheet: (0, 0, n) for sheet, n in written.records.items()}
        ws = openpyxl.load_workbook(written.path)["Students"]
        assert ws.protection.sheet and ws["A2"].protection.locked and not ws["B2"].protection.locked


def test_from_an_open_export_workbook_the_export_copy_is_the_schools(tmp_path):
    exports = sorted((SIS / "portal").glob("*.csv"))
    runner.invoke(app, ["open-export", *map(str, exports), "--out", str(tmp_path / "portal.xlsx")])
    result = write_school_workbooks([tmp_path / "portal.xlsx"], tmp_path / "schools", SIS / "rosterxl.toml")
    for written in result.written:
        roster = Roster.open([written.path], SIS / "rosterxl.toml")
        assert all(c.count("changed") == c.count("added") == 0 and not c.gone for _, c in roster.changes())


def test_from_the_sis_export_itself(tmp_path):
    result = write_school_workbooks([SIS / "oneroster-1.1"], tmp_path / "schools", SIS / "rosterxl.toml")
    assert [(w.school, w.records) for w in result.written] == [
        ("Elm Street Elementary", {"Classes-Groups": 4, "Educators": 5, "Students": 5}),
        ("Oak Ridge Middle School", {"Classes-Groups": 3, "Educators": 3, "Students": 3})]


def test_the_command_prints_each_file_and_keeps_what_was_there(tmp_path):
    district, config = write_district(tmp_path)
    args = ["schools", str(district), "--out-dir", str(tmp_path / "out"), "--config", str(config)]
    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output           # two students belong to no school: a problem to fix
    assert (f"Cedar Ridge Elementary: {tmp_path / 'out' / 'Cedar Ridge Elementary.xlsx'}: 2 records on "
            "Classes-Groups, 2 records on Educators, 3 records on Students (1 record also in another school's "
            "workbook)") in first.output
    assert "district.xlsx, Students row 15, column Organizations: its Organizations is empty" in first.output
    assert "Wrote 4 school workbooks in" in first.output
    second = runner.invoke(app, args)
    assert "the file that was there is kept as Cedar Ridge Elementary.before-rosterxl.xlsx" in second.output
    assert (tmp_path / "out" / "Cedar Ridge Elementary.before-rosterxl.xlsx").is_file()


@pytest.mark.parametrize("args,words", [
    (["--out-dir", "{tmp}/district.xlsx"], "this is a file; give a folder"),
    (["--out-dir", "{tmp}"], None)])
def test_the_command_refuses_to_write_over_what_it_reads(tmp_path, args, words):
    district, config = write_district(tmp_path)
    if words is None:            # the district's file under a school's name, in the folder written to
        district = Path(shutil.copy(district, tmp_path / "Cedar Ridge Elementary.xlsx"))
        words = "this is the file being read"
    result = runner.invoke(app, ["schools", str(district), "--config", str(config),
                                 *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    assert result.exit_code == 2 and words in result.output, result.output


def test_a_sheet_without_its_school_column_is_a_sentence(tmp_path):
    from helpers import book

    path = book(tmp_path / "d.xlsx", {"Students": [["First Name", "Last Name", "Username", "Grade"],
                                                   ["Ana", "Diaz", "adiaz", "3"]]})
    result = runner.invoke(app, ["schools", str(path), "--out-dir", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "d.xlsx, sheet Students: there is no Organizations column" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("school,stem", [
    ("Lincoln Elementary School", "Lincoln Elementary School"),
    ('A/B: "C" <D> | E?*', "A - B - 'C' - D - E"), ('The "Oaks" Academy', "The 'Oaks' Academy"),
    ("Back\\slash", "Back - slash"),
    ("Ends with a dot.", "Ends with a dot"),
    ("  trailing spaces  ", "trailing spaces"),
    ("CON", "CON school"), ("nul.txt", "nul.txt school"), ("Com1", "Com1 school"), ("Conway High", "Conway High"),
    ("...", "School"), ("?", "School"),
    ("x" * 200, "x" * 80),
    ("École Saint-Exupéry", "École Saint-Exupéry"),
    ("Tab\there", "Tab - here"),
    ("../../outside", "outside"), (" .hidden", "hidden"),
    ("Oak\u202egpj.exe\u202c Middle", "Oakgpj.exe Middle"), ("Zero\u200bwidth", "Zerowidth"),
])
def test_school_names_become_file_names_every_system_takes(school, stem):
    assert safe_file_stem(school) == stem


def test_two_schools_with_one_file_name_get_two_files():
    assert school_file_names(["A/B", "A:B", "a b"]) == {"A/B": "A - B.xlsx", "A:B": "A - B (2).xlsx",
                                                        "a b": "a b.xlsx"}



def test_without_a_list_of_schools_the_records_name_them_but_a_slip_is_no_school(tmp_path):
    district, _ = write_district(tmp_path)
    result = write_school_workbooks([district], tmp_path / "schools", load_config())      # the built-in catalog
    assert [w.school for w in result.written] == SCHOOLS
    assert [u.why for u in result.unplaced] == [
        "'Ceder Ridge Elementary' is not one of the district's schools (did you mean 'Cedar Ridge Elementary'?)",
        "its Organizations is empty"]



def test_on_a_full_disk_the_files_there_stay_whole_and_no_temporary_file_is_left(tmp_path, monkeypatch):
    import errno
    import hashlib
    import os

    from rosterxl.media import files

    district, config = write_district(tmp_path)
    out = tmp_path / "out"
    args = ["schools", str(district), "--out-dir", str(out), "--config", str(config)]
    runner.invoke(app, args)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(a[-1]) if a else "")
    monkeypatch.setattr(files, "replace_file", full)
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "the disk is full" in result.output, result.output
    assert "Traceback" not in result.output
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    assert {n: d for n, d in after.items() if n in before} == before          # every workbook as it was
    assert not [n for n in after if n.startswith(".")]                         # no temporary file left
    assert set(after) - set(before) <= {"Cedar Ridge Elementary.before-rosterxl.xlsx"}   # at most the one backup


def test_collecting_the_copies_of_a_shared_record_gives_the_district_record_once(made):
    from rosterxl.core.schools import combine_copies, copy_key

    result, tmp = made
    keys = ["first_name", "last_name", "username", "educator_type", "external_id", "organizations", "classes"]
    found: dict[str, list[list[str]]] = {}
    for written in result.written:               # in the district's order of schools, as a collect reads them
        for row in rows(written.path, "Educators"):
            values = ["" if v is None else str(v) for v in row.values()]
            found.setdefault(copy_key("educators", dict(zip(keys, values))), []).append(values)
    assert [len(c) for c in found.values()].count(2) == 1 and len(found) == 5
    district = {r["Username"]: ["" if v is None else str(v) for v in r.values()]
                for r in rows(tmp / "district.xlsx", "Educators")}
    assert {k: combine_copies(keys, c) for k, c in found.items()} == {
        copy_key("educators", dict(zip(keys, v))): v for v in district.values()}


def test_two_sheets_of_one_record_type_are_a_sentence(tmp_path):
    from helpers import book

    header = ["First Name", "Last Name", "Username", "Grade", "Organizations"]
    path = book(tmp_path / "d.xlsx", {"Students": [header, ["Ana", "Diaz", "adiaz", "3", "Oak"]],
                                      "Students 2": [header, ["Bo", "Diaz", "bdiaz", "3", "Oak"]]})
    result = runner.invoke(app, ["schools", str(path), "--out-dir", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "d.xlsx, sheet Students and d.xlsx, sheet Students 2 both hold Students: a school's workbook has one" in \
        " ".join(result.output.split())


def test_the_command_speaks_json_for_programs(tmp_path):
    import json

    district, config = write_district(tmp_path)
    result = runner.invoke(app, ["schools", str(district), "--out-dir", str(tmp_path / "out"), "--config",
                                 str(config), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert [s["school"] for s in report["schools"]] == SCHOOLS
    assert report["schools"][0]["records"] == {"Classes-Groups": 2, "Educators": 2, "Students": 3}
    assert report["schools"][0]["shared"] == 1 and report["schools"][0]["kept_as"] is None
    assert [(n["sheet"], n["row"]) for n in report["not_placed"]] == [("Students", 14), ("Students", 15)]


@pytest.mark.parametrize("school", ["Lincoln Elementary School", 'The "Oaks" Academy', "St. Mary's; East", "É"])
def test_a_returned_workbook_says_its_school(tmp_path, school):
    from helpers import book

    from rosterxl.media.xlsx.school_workbook import school_of_workbook

    header = ["First Name", "Last Name", "Username", "Grade", "Organizations"]
    path = book(tmp_path / "d.xlsx", {"Students": [header, ["Ana", "Diaz", "adiaz", "3", school.replace(";", ",")]]})
    [written] = write_school_workbooks([path], tmp_path / "out", load_config()).written
    assert school_of_workbook(written.path) == school.replace(";", ",")
    assert school_of_workbook(path) is None and school_of_workbook(tmp_path / "missing.xlsx") is None


@pytest.mark.parametrize("text,school", [('"Oak"', "Oak"), ('="Oak"', "Oak"), ('"A ""B"""', 'A "B"'),
                                         ('"A"&"B"', None), ("Lists!$A$1", None), ('""', None), ('"', None)])
def test_the_name_is_read_as_a_text_constant(text, school):
    from rosterxl.core.schools import school_from_name

    assert school_from_name(text) == school


def test_from_a_from_sis_workbook_merged_with_the_portal_each_school_keeps_its_changes(tmp_path):
    from rosterxl import from_sis

    exports = sorted((SIS / "portal").glob("*.csv"))
    district = from_sis(SIS / "oneroster-1.1", tmp_path / "district.xlsx", SIS / "rosterxl.toml", exports=exports)
    expected = {t.sheet: (c.count("added"), c.count("changed")) for t, c in district.roster.changes()}
    result = write_school_workbooks([district.workbook], tmp_path / "schools", SIS / "rosterxl.toml")
    found: dict[str, list[int]] = {}
    for written in result.written:
        for table, changes in Roster.open([written.path], SIS / "rosterxl.toml").changes():
            counts = found.setdefault(table.sheet, [0, 0])
            counts[0] += changes.count("added")
            counts[1] += changes.count("changed")
            assert not changes.gone
    # a class and a student are in one school each: their new and changed records are the district's, once
    assert tuple(found["Students"]) == expected["Students"] and tuple(found["Classes-Groups"]) == expected[
        "Classes-Groups"]
    # an educator of two schools counts in each: the new one here teaches at both
    assert found["Educators"][0] >= expected["Educators"][0] and found["Educators"][1] >= expected["Educators"][1]


def test_without_a_config_a_misspelt_school_gets_no_workbook_of_its_own(tmp_path, monkeypatch):
    """The hand-typed district (no rosterxl.toml): 'Lincoln Elem.' and two schools joined by a comma are what
    the check calls misspellings, so they are no schools: their records are named, not sent to a bogus school."""
    from hand_typed import grids
    from helpers import book

    monkeypatch.chdir(tmp_path)
    result = Roster.open([book(tmp_path / "district.xlsx", grids())]).school_workbooks(tmp_path / "schools")
    assert sorted(w.school for w in result.written) == ["Lincoln Elementary School", "Washington Elementary School"]
    assert sorted(p.name for p in (tmp_path / "schools").iterdir()) == ["Lincoln Elementary School.xlsx",
                                                                        "Washington Elementary School.xlsx"]
    assert sorted((u.table.sheet, u.row.number) for u in result.unplaced) == [("Educators", 4), ("Students", 8),
                                                                              ("Students", 9)]
    assert "did you mean 'Lincoln Elementary School'" in next(u.why for u in result.unplaced if u.row.number == 8)
