"""from-sis merged with the portal's exports (tests/sis/files/portal, made by build.portal()): the records the
portal has keep their Database ID and take only the SIS's real changes, the SIS's new records come without one,
the portal's records the SIS lacks stay as they are and are listed, and saving only what changed writes exactly
the new and changed records; the workbook is an open-export workbook (Database ID locked, the export hidden)."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import runner
from ooxml import not_xml, sdk_errors, validator

from rosterxl import Roster, RosterInputError, from_sis
from rosterxl.cli import app

FILES = Path(__file__).parent / "files"
CONFIG = FILES / "rosterxl.toml"
EXPORTS = sorted((FILES / "portal").glob("*.csv"))
EXPECTED = json.loads((FILES / "planted.json").read_text("utf-8"))["portal"]
KEYS = {"Students": "External Assigned ID", "Educators": "Username", "Classes-Groups": "External Assigned ID"}


def statuses(roster: Roster) -> dict[str, dict]:
    """Per sheet: unchanged and changed records (with their columns) by Database ID, new ones by their key."""
    found = {}
    for table, changes in roster.changes():
        key = next(h.index for h in table.headers if h.text == KEYS[table.sheet])
        found[table.sheet] = {
            "unchanged": sorted(c.database_id for c in changes.rows if c.status == "unchanged"),
            "changed": {c.database_id: [h.text for h in c.columns] for c in changes.rows if c.status == "changed"},
            "new": [c.row.values[key] for c in changes.rows if c.status == "added"],
            "gone": changes.gone}
    return found


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("merge")
    return {name: from_sis(FILES / name, folder / f"{name}.xlsx", CONFIG, exports=EXPORTS)
            for name in ("oneroster-1.1", "oneroster-1.2", "clever")}


@pytest.mark.parametrize("name", ["oneroster-1.1", "oneroster-1.2", "clever"])
def test_the_merge_finds_what_is_new_changed_unchanged_and_only_in_the_portal(merged, name):
    result = merged[name]
    reopened = Roster.open([result.workbook], CONFIG)           # what the file says, not what was in memory
    for roster in (result.roster, reopened):
        found = statuses(roster)
        for sheet, expected in EXPECTED.items():
            unchanged = sorted([*expected["unchanged"], *expected["portal_only"]])   # kept as the portal has them
            assert found[sheet] == {"unchanged": unchanged, "changed": expected["changed"], "new": expected["new"],
                                    "gone": []}, sheet
    only = {m.plan.entity.sheet: [(x.where.file, x.where.row, x.name) for x in m.portal_only] for m in result.merged}
    assert only == {"Classes-Groups": [("classes-export.csv", 8, "Art Club (Elm Street Elementary)")],
                    "Educators": [("educators-export.csv", 7, "Robert Klein")],
                    "Students": [("students-export.csv", 9, "Ava Lindqvist")]}
    assert reopened.errors() == 0 and result.source_errors() == 0


def test_changed_only_saves_exactly_the_new_and_changed_records_in_the_exports_columns(merged, tmp_path):
    result = merged["oneroster-1.1"]
    saved = runner.invoke(app, ["export", str(result.workbook), "--out-dir", str(tmp_path), "--changed-only"])
    assert saved.exit_code == 0, saved.output
    assert "Students: 1 row added and 3 rows changed since the export; 5 rows left out." in saved.output
    for sheet, expected in EXPECTED.items():
        rows = read_csv(tmp_path / f"{sheet}.csv")
        export = read_csv(FILES / "portal" / f"{sheet.split('-')[0].lower()}-export.csv")
        assert list(rows[0]) == list(export[0]), sheet                  # the export's columns, in its order
        assert sorted(r["Database ID"] for r in rows) == sorted([""] * len(expected["new"]) + list(expected["changed"]))
        assert [r[KEYS[sheet]] for r in rows if not r["Database ID"]] == expected["new"]
    students = {r["External Assigned ID"]: r for r in read_csv(tmp_path / "Students.csv")}
    assert students["0004414"]["Password"] == "AH4414"          # the new student: the config's password pattern
    assert all(not r["Password"] for r in students.values() if r["Database ID"])   # known ones keep theirs
    assert students["0008101"]["Username"] == "ndsouza" and students["0008101"]["Products"] == "Imagine Math"
    educators = {r["Database ID"]: r for r in read_csv(tmp_path / "Educators.csv")}
    assert educators["61003"]["Last Name"] == "O'Neill"
    classes = {r["Database ID"]: r for r in read_csv(tmp_path / "Classes-Groups.csv")}
    assert classes["71003"]["External Assigned ID"] == "c-401"   # matched by name and school, its id filled in
    assert classes["71004"]["Educators"] == "arivera@maplevalley.example;tnunez@maplevalley.example"


def test_what_the_sis_leaves_empty_or_spells_otherwise_stays_as_the_portal_has_it(merged):
    book = openpyxl.load_workbook(merged["clever"].workbook)
    def records(sheet: str, key: str) -> dict[str, dict[str, str]]:
        rows = list(book[sheet].iter_rows(values_only=True))
        return {r[rows[0].index(key)]: dict(zip(rows[0], r)) for r in rows[1:] if any(r)}
    students = records("Students", "Database ID")
    assert students["51005"]["Audio Support"] == "Yes"          # a column the SIS does not fill
    assert students["51005"]["Grade"] == "Kindergarten"         # K in the SIS: the same grade, the portal's words
    assert students["51001"]["Username"] == "SGarcia"           # usernames compare without capitals
    assert students["51006"]["Classes/Groups"] == "Math 7;ELA 7"        # a list in another order
    assert students["51004"]["Products"] == "imagine language & literacy"
    educators = records("Educators", "Database ID")
    assert educators["61004"]["Classes/Groups"] == "Kindergarten Homeroom"    # the SIS has none for him: kept
    assert educators["61004"]["Username"] == "MOkafor@maplevalley.example"    # found by username, no id
    assert educators["61005"]["Educator Type"] == "admin"


def test_the_merged_workbook_locks_the_database_id_keeps_the_export_hidden_and_opens_in_excel(merged):
    path = merged["oneroster-1.2"].workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Instructions", "From the SIS"]
    students = book["Students"]
    assert [c.value for c in students[1]][:2] == ["Database ID", "First Name"]
    assert students.protection.sheet and students.protection.password is None
    assert students["A2"].protection.locked and not students["B2"].protection.locked
    assert "Do not change it" in students["A1"].comment.text
    for sheet in ("Students", "Educators", "Classes-Groups"):
        copy = book[f"rosterxl-export {sheet}"]
        assert copy.sheet_state == "veryHidden"
    copy = [list(r) for r in book["rosterxl-export Students"].iter_rows(values_only=True)]
    assert len(copy) == 9 and all(r[4] in (None, "", "Password") for r in copy)
    report = [list(r) for r in book["From the SIS"].iter_rows(values_only=True)]
    text = [c for r in report for c in r if c is not None]
    assert "Merged with the portal's exports" in text
    assert ["students-export.csv", 9, "student", "Ava Lindqvist"] in [r[:4] for r in report]
    assert not not_xml(path)
    sdk = validator()
    if sdk is not None:
        assert not sdk_errors(path, sdk)


def test_a_student_the_portal_knows_keeps_its_username_when_the_sis_has_none(tmp_path):
    config = tmp_path / "rosterxl.toml"
    config.write_text(CONFIG.read_text("utf-8").replace("[sis]\n", '[sis]\nusernames = "pattern"\n'
                                                        'username_pattern = "{first}{last}"\n'), "utf-8")
    portal = tmp_path / "students-export.csv"
    rows = (FILES / "portal" / "students-export.csv").read_text("utf-8")
    portal.write_text(rows.replace("alindqvist", "amirhaddad"), "utf-8")    # a portal-only student has the name
    result = from_sis(FILES / "oneroster-1.1", tmp_path / "out.xlsx", config, exports=[portal])
    students = {r["student_id"]: r for r in _records(result, "students")}
    assert students["0008101"]["username"] == "Noah.DSouza"           # the portal's: no change to its login
    assert students["0004412"]["username"] == "SGarcia"
    assert students["0004414"]["username"] == "amirhaddad2"           # a new one, not one the portal has
    assert statuses(result.roster)["Students"]["changed"] == {
        "51002": ["Grade"], "51007": ["Organizations", "Classes/Groups"], "51008": ["Products"]}


def _records(result, entity: str) -> list[dict[str, str]]:
    table = next(t for t in result.roster.tables if t.entity.key == entity)
    keys = [h.column.key if h.column else h.text for h in table.headers]
    return [dict(zip(keys, r.values)) for r in result.roster.records(table)]


def test_a_sheet_without_an_export_is_all_new_and_says_so(tmp_path):
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["from-sis", str(FILES / "clever"), "--out", str(out), "--config", str(CONFIG),
                                 "--export", str(FILES / "portal" / "students-export.csv")])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Educators: no export given, so all 6 records are new." in said
    assert "Students (students-export.csv): 1 new, 3 changed, 4 unchanged; 1 only in the portal" in said
    assert f"rosterxl export {out.name} --changed-only" in said
    saved = runner.invoke(app, ["export", str(out), "--out-dir", str(tmp_path / "up"), "--changed-only"])
    assert saved.exit_code == 0, saved.output
    assert len(read_csv(tmp_path / "up" / "Educators.csv")) == 6
    assert len(read_csv(tmp_path / "up" / "Students.csv")) == 4
    as_json = json.loads(runner.invoke(app, ["from-sis", str(FILES / "clever"), "--out", str(tmp_path / "j.xlsx"),
                                             "--config", str(CONFIG), "--format", "json", "--export",
                                             str(FILES / "portal" / "students-export.csv")]).stdout)
    assert as_json["changes"]["Students"] == {"added": 1, "changed": 3, "unchanged": 5}
    assert as_json["merged"][1] == {"sheet": "Educators", "export": None, "in_both": 0, "new": 6, "portal_only": []}


def test_two_portal_records_with_one_key_are_reported_where_they_are(tmp_path):
    portal = tmp_path / "students-export.csv"
    rows = (FILES / "portal" / "students-export.csv").read_text("utf-8").replace("0004399", "0004412")
    portal.write_text(rows, "utf-8")
    result = from_sis(FILES / "oneroster-1.1", tmp_path / "out.xlsx", CONFIG, exports=[portal])
    [twice] = [p for p in result.problems if p.file == "students-export.csv"]
    assert (twice.row, twice.column, twice.severity.value) == (9, "External Assigned ID", "warning")
    assert "second student with External Assigned ID '0004412' (also row 2)" in twice.message


def test_exports_that_cannot_be_merged_stop_with_a_sentence(tmp_path):
    def fails(*exports: Path, match: str) -> None:
        with pytest.raises(RosterInputError, match=match):
            from_sis(FILES / "clever", tmp_path / "x.xlsx", CONFIG, exports=exports)
        assert not (tmp_path / "x.xlsx").exists()
    students = FILES / "portal" / "students-export.csv"
    fails(students, shutil.copy(students, tmp_path / "students-2.csv"), match="at most one export of each record type")
    plain = tmp_path / "students.csv"
    plain.write_text("First Name,Last Name,Username\nAna,Ruiz,aruiz\n", "utf-8")
    fails(plain, match="students.csv: this file has no Database ID column")
    book = tmp_path / "students-export.xlsx"
    openpyxl.Workbook().save(book)
    fails(book, match="merging the portal's export reads the CSV files it exports")
    cli = runner.invoke(app, ["from-sis", str(FILES / "clever"), "--out", str(tmp_path / "x.xlsx"), "--export",
                              str(book)])
    assert cli.exit_code == 2 and "from-sis --export reads the CSV files the portal exports" in cli.output
    fails(tmp_path / "nowhere.csv", match="nowhere.csv")
    cli = runner.invoke(app, ["from-sis", str(FILES / "clever"), "--out", str(tmp_path / "x.xlsx"), "--export",
                              str(plain)])
    assert cli.exit_code == 2 and "no Database ID column" in cli.output


def test_the_ribbon_merges_with_the_exports_rosterxl_toml_names(tmp_path, monkeypatch):
    from helpers import book as write_book
    from xlwings_support import remote_book, replay

    from rosterxl import excel

    shutil.copytree(FILES / "oneroster-1.1", tmp_path / "sis")
    shutil.copytree(FILES / "portal", tmp_path / "portal")
    names = ", ".join(f'"portal/{p.name}"' for p in EXPORTS)
    config = tmp_path / "rosterxl.toml"
    config.write_text(CONFIG.read_text("utf-8").replace("[sis]\n", f'[sis]\nsource = "sis"\nexports = [{names}]\n'),
                      "utf-8")
    path = write_book(tmp_path / "book.xlsx", {"Sheet1": [["notes"]]})
    book = remote_book(path)
    monkeypatch.chdir(tmp_path)                 # xlwings Server: the workbook's folder unseen, its own folder's config
    done = excel.from_sis(book=book)                           # what the rosterxl_from_sis script does
    assert (done["Students new"], done["Students changed"], done["Educators changed"]) == (1, 3, 1)
    filled = replay(path, book.json()["actions"], tmp_path / "filled.xlsx")
    roster = Roster.open([filled], config)
    found = statuses(roster)
    for sheet, expected in EXPECTED.items():
        assert found[sheet]["changed"] == expected["changed"] and found[sheet]["new"] == expected["new"], sheet
    copy = openpyxl.load_workbook(filled)["rosterxl-export Students"]
    assert copy.sheet_state != "visible" and copy["G2"].value == "0004412"      # the ID as the portal wrote it
    saved = roster.save_csvs(tmp_path / "up", changed_only=True)
    assert {s.sheet: len(s.changes.rows_to_import()) for s in saved} == {"Classes-Groups": 4, "Educators": 2,
                                                                          "Students": 4}


def test_an_export_without_the_column_records_are_matched_by_is_an_error(tmp_path):
    rows = read_csv(FILES / "portal" / "students-export.csv")
    portal = tmp_path / "students-export.csv"
    with portal.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, [h for h in rows[0] if h != "External Assigned ID"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    result = from_sis(FILES / "oneroster-1.1", tmp_path / "out.xlsx", CONFIG, exports=[portal])
    [problem] = [p for p in result.problems if p.file == "students-export.csv"]
    assert (problem.row, problem.severity.value) == (1, "error") and result.source_errors() == 1
    assert "no External Assigned ID column, so no student can be matched" in problem.message
